namespace Cadrage.Rules.KnowledgeBase;

/// <summary>Checks <c>rules/indicateurs.json</c>: readable unique ids, coherent types, ranges, values and units.</summary>
internal static class CatalogValidator
{
    public static void Check(IndicatorCatalog catalog, List<RuleSetError> errors)
    {
        const string file = IndicatorCatalog.FileName;
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < catalog.Indicateurs.Count; i++)
        {
            var indicator = catalog.Indicateurs[i];
            var path = $"$.indicateurs[{i}]";
            void Error(string message, string? at = null) => errors.Add(new RuleSetError(file, message, Chemin: at is null ? path : path + "." + at));

            if (!Names.IsIdentifier(indicator.Id))
            {
                Error($"identifiant d'indicateur « {indicator.Id} » invalide : minuscules, chiffres et _ (lisible dans une expression : profil.{indicator.Id})", "id");
            }
            if (!ids.Add(indicator.Id))
            {
                Error($"indicateur « {indicator.Id} » en double", "id");
            }
            var numeric = indicator.Type is IndicatorType.nombre or IndicatorType.entier;
            if (!numeric && (indicator.Min is not null || indicator.Max is not null))
            {
                Error("min/max ne s'appliquent qu'aux indicateurs de type nombre ou entier");
            }
            if (indicator.Min is { } min && indicator.Max is { } max && min > max)
            {
                Error($"plage vide : min {min} > max {max}");
            }
            if ((indicator.ValeurMasquee is null) != (indicator.LibelleValeurMasquee is null) || indicator.ValeurMasquee is not null && !numeric)
            {
                Error("valeurMasquee et libelleValeurMasquee vont ensemble, sur un indicateur numérique");
            }
            if (indicator.Valeurs is { } values)
            {
                if (indicator.Type is not (IndicatorType.texte or IndicatorType.liste))
                {
                    Error("« valeurs » ne s'applique qu'aux indicateurs de type texte ou liste", "valeurs");
                }
                var seen = new HashSet<string>(StringComparer.Ordinal);
                for (var v = 0; v < values.Count; v++)
                {
                    if (!seen.Add(values[v].Id))
                    {
                        Error($"valeur « {values[v].Id} » en double", $"valeurs[{v}].id");
                    }
                    if (string.IsNullOrWhiteSpace(values[v].Libelle))
                    {
                        Error($"la valeur « {values[v].Id} » n'a pas de libellé (c'est ce que lisent les utilisateurs)", $"valeurs[{v}].libelle");
                    }
                }
            }
            if (indicator.MemeFaitQue is { } same
                && (indicator.Type != IndicatorType.liste || same == indicator.Id
                    || !catalog.Indicateurs.Any(other => other.Id == same && other.Type == IndicatorType.liste)))
            {
                Error($"« memeFaitQue » doit nommer un autre indicateur de type liste du catalogue : « {same} » n'en est pas un", "memeFaitQue");
            }
            if (indicator.ValeursHorsLevier is { } notLevers)
            {
                if (!indicator.Levier || indicator.Type != IndicatorType.liste)
                {
                    Error("« valeursHorsLevier » ne s'applique qu'à un indicateur levier de type liste", "valeursHorsLevier");
                }
                for (var v = 0; v < notLevers.Count; v++)
                {
                    if (!indicator.Allows(notLevers[v]))
                    {
                        Error($"« {notLevers[v]} » n'est pas une des valeurs de l'indicateur", $"valeursHorsLevier[{v}]");
                    }
                }
            }
            if (indicator.Calcule && (indicator.Id != IndicatorCatalog.PrioritiesId || indicator.Type != IndicatorType.liste))
            {
                Error($"seul l'indicateur « {IndicatorCatalog.PrioritiesId} » (type liste) est calculé par l'évaluation", "calcule");
            }
            if (indicator.Echelles is { } scales)
            {
                if (scales.Count == 0)
                {
                    Error("« echelles » vide : retirez le champ pour un indicateur de toutes les échelles", "echelles");
                }
                foreach (var scale in scales.Where(e => !Profiles.ProfileReader.Echelles.Contains(e)).Distinct())
                {
                    Error($"échelle « {scale} » inconnue (échelles : {string.Join(", ", Profiles.ProfileReader.Echelles)})", "echelles");
                }
            }
            if (indicator.LeviersSousCondition is { } conditions)
            {
                CheckLeverConditions(catalog, indicator, conditions, Error);
            }
            if (indicator.UnitePluriel is not null && indicator.Unite is null)
            {
                Error("unitePluriel sans unite", "unitePluriel");
            }
        }
    }

    /// <summary>The type of EPCI indicator whose values <see cref="LeverCondition.TypesEpci"/> names.</summary>
    public const string EpciTypeId = "type_epci";

    /// <summary>The population indicator <see cref="LeverCondition.PopulationMin"/> reads.</summary>
    public const string PopulationId = "population";

    private static void CheckLeverConditions(IndicatorCatalog catalog, IndicatorDefinition indicator, IReadOnlyList<LeverCondition> conditions, Action<string, string?> error)
    {
        const string field = "leviersSousCondition";
        if (!indicator.Levier)
        {
            error($"« {field} » ne s'applique qu'à un indicateur levier (levier : true)", field);
            return;
        }
        var types = catalog.Indicateurs.FirstOrDefault(i => i.Id == EpciTypeId)?.Valeurs;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var c = 0; c < conditions.Count; c++)
        {
            var condition = conditions[c];
            var at = $"{field}[{c}]";
            if (indicator.Type == IndicatorType.liste)
            {
                if (condition.Valeur is not { } value || !indicator.Allows(value))
                {
                    error(indicator.Valeurs is { } values
                        ? $"« valeur » doit nommer une des valeurs de l'indicateur ({string.Join(", ", values.Select(v => v.Id))})"
                        : "« valeur » manquante : nommez la valeur de la liste que la condition concerne", at + ".valeur");
                }
            }
            else if (condition.Valeur is not null)
            {
                error("« valeur » ne s'applique qu'à un indicateur de type liste : pour un nombre ou un booléen, la condition vaut pour l'indicateur", at + ".valeur");
            }
            if (!seen.Add(condition.Valeur ?? ""))
            {
                error(condition.Valeur is null ? "une seule condition par indicateur" : $"deux conditions pour la valeur « {condition.Valeur} »", at);
            }
            if (condition.Echelles is null && condition.TypesEpci is null && condition.PopulationMin is null)
            {
                error("condition vide : indiquez au moins les échelles, les types d'EPCI ou la population minimale qui peuvent actionner ce levier", at);
            }
            if (condition.Echelles is { } scales)
            {
                if (scales.Count == 0)
                {
                    error("« echelles » vide : retirez le champ pour toutes les échelles", at + ".echelles");
                }
                foreach (var scale in scales.Where(e => !Profiles.ProfileReader.Echelles.Contains(e)).Distinct())
                {
                    error($"échelle « {scale} » inconnue (échelles : {string.Join(", ", Profiles.ProfileReader.Echelles)})", at + ".echelles");
                }
            }
            if (condition.TypesEpci is { } epci)
            {
                if (epci.Count == 0)
                {
                    error("« typesEpci » vide : retirez le champ pour tous les types", at + ".typesEpci");
                }
                foreach (var type in epci.Where(t => types is null || !types.Any(v => v.Id == t)).Distinct())
                {
                    error($"type d'EPCI « {type} » inconnu (valeurs de {EpciTypeId} : {string.Join(", ", types?.Select(v => v.Id) ?? [])})", at + ".typesEpci");
                }
                if (condition.Echelles is { } only && only.Any(e => e != "epci"))
                {
                    error("« typesEpci » ne vaut que pour des EPCI : « echelles » doit alors être [\"epci\"] ou absent", at + ".echelles");
                }
            }
            if (condition.PopulationMin is not null && !catalog.Indicateurs.Any(i => i.Id == PopulationId && i.Type is IndicatorType.entier or IndicatorType.nombre))
            {
                error($"« populationMin » lit l'indicateur « {PopulationId} », absent du catalogue", at + ".populationMin");
            }
            if (condition.PopulationMin is { } min && !(min > 0))
            {
                error($"« populationMin » doit être un nombre d'habitants positif, pas {min}", at + ".populationMin");
            }
            if (string.IsNullOrWhiteSpace(condition.Motif))
            {
                error("« motif » vide : dites pourquoi ce levier n'est possible que là (c'est ce qui le justifie)", at + ".motif");
            }
        }
    }
}

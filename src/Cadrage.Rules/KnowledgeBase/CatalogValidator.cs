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
            if (indicator.UnitePluriel is not null && indicator.Unite is null)
            {
                Error("unitePluriel sans unite", "unitePluriel");
            }
        }
    }
}

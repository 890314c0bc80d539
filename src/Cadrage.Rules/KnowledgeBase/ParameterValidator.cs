namespace Cadrage.Rules.KnowledgeBase;

/// <summary>Checks <c>rules/parametres.json</c>: unique readable names distinct from indicators, a value inside its range, a status.</summary>
internal static class ParameterValidator
{
    public static void Check(ParameterFile parameters, IndicatorCatalog? catalog, List<RuleSetError> errors)
    {
        const string file = ParameterFile.FileName;
        var indicators = catalog?.Indicateurs.Select(i => i.Id).ToHashSet(StringComparer.Ordinal) ?? [];
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < parameters.Parametres.Count; i++)
        {
            var p = parameters.Parametres[i];
            var path = $"$.parametres[{i}]";
            void Error(string message, string field) => errors.Add(new RuleSetError(file, message, Chemin: path + "." + field));

            if (!Names.IsIdentifier(p.Nom) || indicators.Contains(p.Nom))
            {
                Error($"nom de paramètre « {p.Nom} » invalide : minuscules, chiffres et _, distinct des indicateurs et des mots du langage", "nom");
            }
            if (!names.Add(p.Nom))
            {
                Error($"paramètre « {p.Nom} » déclaré deux fois : un nom désigne un seul seuil", "nom");
            }
            if (!double.IsFinite(p.Valeur) || !double.IsFinite(p.Min) || !double.IsFinite(p.Max) || p.Min > p.Max)
            {
                Error($"plage [{p.Min} ; {p.Max}] invalide", "min");
            }
            else if (p.Valeur < p.Min || p.Valeur > p.Max)
            {
                Error($"valeur {p.Format(p.Valeur)} hors de sa plage plausible {p.Range}", "valeur");
            }
            if (!RuleStatus.All.Contains(p.Statut))
            {
                Error($"statut « {p.Statut} » inconnu : « sourcé » ou « à valider »", "statut");
            }
            if (string.IsNullOrWhiteSpace(p.Libelle))
            {
                Error("libellé vide : le nom du seuil en français, tel que les lecteurs le voient", "libelle");
            }
            if (string.IsNullOrWhiteSpace(p.Description))
            {
                Error("description vide : dites ce que le seuil sépare", "description");
            }
            if (string.IsNullOrWhiteSpace(p.Source))
            {
                Error("source vide : citez un texte, une statistique et son producteur, ou « heuristique à valider »", "source");
            }
            if (p.EcartPlausible is { } move && (!double.IsFinite(move) || move <= 0 || move > p.Max - p.Min))
            {
                Error($"écart plausible {p.Format(move)} invalide : un écart positif, au plus l'étendue de la plage {p.Range}", "ecartPlausible");
            }
            if (p.Garde && p.EcartPlausible is not null)
            {
                Error("une garde statistique n'a pas d'écart plausible : les explications ne la déplacent jamais", "ecartPlausible");
            }
            if (p.UnitePluriel is not null && p.Unite is null)
            {
                Error("unitePluriel sans unite", "unitePluriel");
            }
        }
    }
}

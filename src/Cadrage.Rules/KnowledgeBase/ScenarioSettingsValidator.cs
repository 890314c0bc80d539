namespace Cadrage.Rules.KnowledgeBase;

/// <summary>Checks <c>rules/scenarios.json</c>: every setting within its documented range.</summary>
internal static class ScenarioSettingsValidator
{
    public static void Check(ScenarioSettings s, Referentiel? referentiel, List<RuleSetError> errors)
    {
        void Check(bool ok, string field, string message)
        {
            if (!ok)
            {
                errors.Add(new RuleSetError(ScenarioSettings.FileName, message, Chemin: "$." + field));
            }
        }
        Check(s.ScenariosMin is >= 1 and <= 10, "scenariosMin", "scenariosMin doit être compris entre 1 et 10");
        Check(s.ScenariosMax >= s.ScenariosMin && s.ScenariosMax <= 10, "scenariosMax", "scenariosMax doit être compris entre scenariosMin et 10");
        Check(s.EcartMinimal is >= 0 and <= 5, "ecartMinimal", "ecartMinimal doit être compris entre 0 et 5 (nombre de réponses sur cinq)");
        Check(s.ScoreRelatifMinimal is >= 0 and <= 1, "scoreRelatifMinimal", "scoreRelatifMinimal doit être compris entre 0 et 1");
        Check(s.BonusDiversite is >= 0 and <= 100, "bonusDiversite", "bonusDiversite doit être compris entre 0 et 100");
        Check(s.ModalitesMax is >= 1 and <= 7, "modalitesMax", "modalitesMax doit être compris entre 1 et 7");
        Check(s.ObjectifsMax is >= 1 and <= 5, "objectifsMax", "objectifsMax doit être compris entre 1 et 5");
        Check(s.PrioritesMax is >= 1 and <= 20, "prioritesMax", "prioritesMax doit être compris entre 1 et 20");
        Check(s.ToleranceFragile is >= 0 and <= 100, "toleranceFragile", "toleranceFragile doit être compris entre 0 et 100 (points de preuve)");
        Check(s.ComplementsMax is >= 0 and <= 3, "complementsMax", "complementsMax doit être compris entre 0 et 3");
        if (referentiel is null)
        {
            return;
        }
        var lieux = referentiel.Questions.FirstOrDefault(q => q.Id == QuestionIds.Lieux)?.Options.Select(o => o.Id).ToHashSet(StringComparer.Ordinal) ?? [];
        foreach (var (main, complements) in s.Complementarites)
        {
            Check(lieux.Contains(main), "complementarites." + main, $"complementarites : « {main} » n'est pas un lieu du référentiel (attendu l'un de {string.Join(", ", lieux)})");
            foreach (var c in complements)
            {
                Check(lieux.Contains(c) && c != main, "complementarites." + main, $"complementarites de « {main} » : « {c} » n'est pas un autre lieu du référentiel");
            }
        }
    }
}

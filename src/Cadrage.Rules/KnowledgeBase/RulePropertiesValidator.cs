namespace Cadrage.Rules.KnowledgeBase;

/// <summary>Checks the expert properties of one rule against its workflow and the référentiel.</summary>
internal static class RulePropertiesValidator
{
    public static void Check(string workflow, RuleProperties p, Referentiel referentiel, Action<string, string> error)
    {
        void Error(string message, string field) => error(message, field);

        if (!RuleStatus.All.Contains(p.Statut))
        {
            Error($"statut « {p.Statut} » inconnu : « sourcé » ou « à valider »", "statut");
        }
        if (string.IsNullOrWhiteSpace(p.Explication))
        {
            Error("explication vide", "explication");
        }
        if (string.IsNullOrWhiteSpace(p.Source))
        {
            Error("source vide : citez la méthodologie, un texte ou une statistique et son producteur", "source");
        }
        var weighted = p.Effet is not (RuleEffectKind.exclusion or RuleEffectKind.incompatible or RuleEffectKind.neutre or RuleEffectKind.requise);
        if (weighted && (p.Poids is null || p.Poids <= 0 || p.Poids > 100))
        {
            Error($"poids manquant ou hors plage ]0 ; 100] pour l'effet « {p.Effet} »", "poids");
        }
        if (!weighted && p.Poids is not null)
        {
            Error($"l'effet « {p.Effet} » n'a pas de poids", "poids");
        }

        switch (workflow)
        {
            case QuestionIds.Besoins:
                if (p.Effet is not (RuleEffectKind.soutien or RuleEffectKind.opposition))
                {
                    Error($"effet « {p.Effet} » impossible pour un besoin : soutien (renforce) ou opposition (atténue)", "effet");
                }
                if (p.Service is null && p.Public is null && p.Critere is null)
                {
                    Error("un besoin croisé vise au moins un service, un public ou un critère", "service");
                }
                CheckAxis(p.Service, referentiel.Axes.Services, "service");
                CheckAxis(p.Public, referentiel.Axes.Publics, "public");
                CheckAxis(p.Critere, referentiel.Axes.Criteres, "critere");
                if (p.Option is not null || p.Posture is not null)
                {
                    Error("option/posture ne s'appliquent pas à la question besoins", "option");
                }
                break;
            case QuestionIds.Compatibilite:
                if (p.Effet is not (RuleEffectKind.affinite or RuleEffectKind.tension or RuleEffectKind.incompatible or RuleEffectKind.neutre or RuleEffectKind.requise))
                {
                    Error($"effet « {p.Effet} » impossible pour une compatibilité : affinite, tension, incompatible, requise ou neutre", "effet");
                }
                if (p.Effet == RuleEffectKind.requise && p.Option is not null && referentiel.QuestionOf(p.Option) != QuestionIds.Modalites)
                {
                    Error("une posture ne peut exiger qu'une modalité (ex. faire ⇒ gérer en interne)", "option");
                }
                if (p.Posture is null || referentiel.FindOption(QuestionIds.Pilotage, p.Posture) is null)
                {
                    Error($"posture « {p.Posture} » inconnue : attendu l'une de {Ids(QuestionIds.Pilotage)}", "posture");
                }
                var otherQuestion = p.Option is null ? null : referentiel.QuestionOf(p.Option);
                if (otherQuestion is null or QuestionIds.Pilotage)
                {
                    Error($"option « {p.Option} » inconnue : une modalité, un lieu ou un objectif du référentiel", "option");
                }
                NoAxes();
                break;
            default:
                if (p.Effet is not (RuleEffectKind.soutien or RuleEffectKind.opposition or RuleEffectKind.exclusion))
                {
                    Error($"effet « {p.Effet} » impossible ici : soutien, opposition ou exclusion", "effet");
                }
                if (p.Option is null || referentiel.FindOption(workflow, p.Option) is null)
                {
                    Error($"option « {p.Option} » inconnue pour la question « {workflow} » : attendu l'une de {Ids(workflow)}", "option");
                }
                if (p.Posture is not null)
                {
                    Error("posture ne s'applique qu'aux règles de compatibilité", "posture");
                }
                NoAxes();
                break;
        }

        string Ids(string question) => string.Join(", ", referentiel.Question(question).Options.Select(o => o.Id));

        void NoAxes()
        {
            if (p.Service is not null || p.Public is not null || p.Critere is not null)
            {
                Error("service/public/critere ne s'appliquent qu'à la question besoins", "service");
            }
        }

        void CheckAxis(string? value, IReadOnlyList<OptionDefinition> options, string field)
        {
            if (value is not null && options.All(o => o.Id != value))
            {
                Error($"{field} « {value} » inconnu : attendu l'un de {string.Join(", ", options.Select(o => o.Id))}", field);
            }
        }
    }
}

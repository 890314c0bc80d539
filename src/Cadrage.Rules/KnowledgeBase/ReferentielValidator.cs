namespace Cadrage.Rules.KnowledgeBase;

/// <summary>Checks <c>rules/referentiel.json</c>: the five questions once each, valid and unique option ids.</summary>
internal static class ReferentielValidator
{
    public static void Check(Referentiel referentiel, List<RuleSetError> errors)
    {
        const string file = Referentiel.FileName;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in QuestionIds.All)
        {
            var count = referentiel.Questions.Count(q => q.Id == id);
            if (count != 1)
            {
                errors.Add(new RuleSetError(file, count == 0 ? $"question « {id} » manquante" : $"question « {id} » définie {count} fois", Chemin: "$.questions"));
            }
        }
        for (var qi = 0; qi < referentiel.Questions.Count; qi++)
        {
            var question = referentiel.Questions[qi];
            var path = $"$.questions[{qi}]";
            if (!QuestionIds.All.Contains(question.Id))
            {
                errors.Add(new RuleSetError(file, $"question inconnue « {question.Id} » (questions de la méthode : {string.Join(", ", QuestionIds.All)})", Chemin: path + ".id"));
            }
            if (question.Id == QuestionIds.Besoins)
            {
                if (question.Axes is null)
                {
                    errors.Add(new RuleSetError(file, "la question « besoins » décrit ses trois axes dans « axes » (services, publics, criteres)", Chemin: path));
                    continue;
                }
                CheckOptions(question.Axes.Services, path + ".axes.services", new HashSet<string>(StringComparer.Ordinal));
                CheckOptions(question.Axes.Publics, path + ".axes.publics", new HashSet<string>(StringComparer.Ordinal));
                CheckOptions(question.Axes.Criteres, path + ".axes.criteres", new HashSet<string>(StringComparer.Ordinal));
            }
            else
            {
                if (question.Axes is not null)
                {
                    errors.Add(new RuleSetError(file, "« axes » ne concerne que la question « besoins »", Chemin: path + ".axes"));
                }
                CheckOptions(question.Options, path + ".options", seen);
            }
            if (question.LieuxNommes is { } wording)
            {
                if (question.Id != QuestionIds.Lieux)
                {
                    errors.Add(new RuleSetError(file, "« lieuxNommes » ne concerne que la question « lieux »", Chemin: path + ".lieuxNommes"));
                }
                CheckWords(wording.Densite, path + ".lieuxNommes.densite", Enumerable.Range(1, 7).Select(l => l.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList(), "les niveaux 1 à 7 de la grille de densité");
                CheckWords(wording.Offre, path + ".lieuxNommes.offre", PlaceWording.OfferIds, string.Join(", ", PlaceWording.OfferIds));
            }
        }

        void CheckWords(IReadOnlyList<PlaceWord> words, string path, IReadOnlyList<string> ids, string expected)
        {
            for (var i = 0; i < words.Count; i++)
            {
                if (!ids.Contains(words[i].Id))
                {
                    errors.Add(new RuleSetError(file, $"identifiant « {words[i].Id} » inconnu (attendus : {expected})", Chemin: $"{path}[{i}].id"));
                }
                else if (words.Take(i).Any(w => w.Id == words[i].Id))
                {
                    errors.Add(new RuleSetError(file, $"identifiant « {words[i].Id} » en double", Chemin: $"{path}[{i}].id"));
                }
                if (string.IsNullOrWhiteSpace(words[i].Libelle) || string.IsNullOrWhiteSpace(words[i].Pluriel))
                {
                    errors.Add(new RuleSetError(file, "« libelle » et « pluriel » ne peuvent pas être vides", Chemin: $"{path}[{i}]"));
                }
            }
            foreach (var id in ids.Where(id => !words.Any(w => w.Id == id)))
            {
                errors.Add(new RuleSetError(file, $"mot manquant pour « {id} » (attendus : {expected})", Chemin: path));
            }
        }

        void CheckOptions(IReadOnlyList<OptionDefinition> options, string path, HashSet<string> ids)
        {
            if (options.Count == 0)
            {
                errors.Add(new RuleSetError(file, "au moins une option est attendue", Chemin: path));
            }
            if (options.Count > 64)
            {
                errors.Add(new RuleSetError(file, $"{options.Count} options : 64 au plus par question", Chemin: path));
            }
            for (var i = 0; i < options.Count; i++)
            {
                if (!Names.Id().IsMatch(options[i].Id))
                {
                    errors.Add(new RuleSetError(file, $"identifiant « {options[i].Id} » invalide : minuscules, chiffres et tirets (ex. faire-avec)", Chemin: $"{path}[{i}].id"));
                }
                if (!ids.Add(options[i].Id))
                {
                    errors.Add(new RuleSetError(file, $"identifiant « {options[i].Id} » en double (les options sont uniques dans le référentiel)", Chemin: $"{path}[{i}].id"));
                }
            }
        }
    }
}

using Cadrage.Rules.Explanations;
using System.Text;
using Cadrage.Rules.Evaluation;
using Cadrage.Rules.Note;
using Cadrage.Rules.Output;
using Cadrage.Rules.Profiles;

namespace Cadrage.Rules.Tests.Output;

/// <summary>
/// The language gate over what people read: the text report and the note de cadrage of the five examples and of
/// the 1,255 EPCI of examples/france-epci.jsonl. A fault in text this code writes fails the test (0 allowed). A
/// fault inherited from a rule's explanation or an evaluation warning is reported with the file and rule it comes
/// from; it fails the test unless it is on the list of known faults below.
/// </summary>
[TestClass]
public sealed class LanguageGateTests
{
    /// <summary>
    /// Known faults in text written elsewhere, keyed « source : kind ». Expected failures: these files belong to the
    /// rule set and the evaluation (rules/regles/*.json, Evaluation/), whose explanations and units are being
    /// rewritten; remove an entry once its source is fixed (the test says which entries no longer occur).
    /// </summary>
    private static readonly HashSet<string> KnownFaultsElsewhere = new(StringComparer.Ordinal)
    {
    };

    private static readonly Lazy<LanguageGate> Gate = new(() => new LanguageGate(RealRules.Kb));

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void TheExamplesSpeakFrenchWithoutAFault()
    {
        var report = new GateReport();
        foreach (var file in Repo.ExampleFiles)
        {
            var outcome = new EvaluationService().Evaluate(RealRules.Kb, ProfileSource.FromFile(file), explanations: ExplanationRequest.Full);
            Assert.IsTrue(outcome.Succeeded, file);
            report.Check(Path.GetFileName(file), outcome.Result!, outcome.Profile!);
        }
        report.Assert(TestContext);
    }

    [TestMethod]
    public void EveryEpciSpeaksFrenchWithoutAFault()
    {
        var report = new GateReport();
        var service = new EvaluationService();
        var line = 0;
        foreach (var json in File.ReadLines(Path.Combine(Repo.Examples, "france-epci.jsonl")))
        {
            line++;
            if (string.IsNullOrWhiteSpace(json))
            {
                continue;
            }
            var outcome = service.Evaluate(RealRules.Kb, ProfileSource.FromText(json, $"france-epci.jsonl:{line}"), explanations: ExplanationRequest.Full);
            Assert.IsTrue(outcome.Succeeded, outcome.Failure?.Message);
            report.Check($"france-epci.jsonl:{line}", outcome.Result!, outcome.Profile!);
        }
        Assert.IsTrue(report.Territories >= 1255, $"{report.Territories} territoires lus");
        report.Assert(TestContext);
    }

    [TestMethod]
    public async Task TheCliAndBatchSummariesSpeakFrenchWithoutAFault()
    {
        var output = Path.Combine(Path.GetTempPath(), "cadrage-gate-" + Guid.NewGuid().ToString("N"));
        try
        {
            var examples = Repo.ExampleFiles.ToList();
            var runs = new List<(string Command, string Text)>();
            foreach (var args in new[]
            {
                new[] { "evaluate", examples[0], "--format", "text" },
                ["explain", examples[1]],
                ["compare", examples[0], examples[^1]],
                ["batch", Repo.Examples, "--out", output],
                ["batch", Repo.Examples, "--out", output + "-explique", "--explications"],
            })
            {
                var (code, stdout, stderr) = await CliRunner.Run([.. args, "--rules", Repo.Rules]);
                Assert.IsTrue(code is ExitCodesZero or 5, $"{string.Join(' ', args)} : code {code} : {stderr}");
                runs.Add((args[0], stdout + "\n" + stderr));
            }
            var names = examples.Select(f => Newtonsoft.Json.Linq.JObject.Parse(File.ReadAllText(f))["nom"]!.ToString()).ToList();
            var faults = new List<string>();
            foreach (var (command, text) in runs)
            {
                // Territory names are data, and paths are the user's own: neither is text of ours.
                var rest = names.Select((n, i) => (n, i)).Aggregate(text, (t, x) => t.Replace(x.n, "Territoire" + (char)('A' + x.i), StringComparison.Ordinal))
                    .Replace(output, " ", StringComparison.Ordinal).Replace(Repo.Root, " ", StringComparison.Ordinal).Replace("Cadrage.Rules", "Cadrage", StringComparison.Ordinal);
                faults.AddRange(Gate.Value.Check(rest).Select(f => $"{command} : {f}"));
            }
            Assert.AreEqual(0, faults.Count, string.Join(Environment.NewLine, faults.Distinct().Take(30)));
        }
        finally
        {
            foreach (var dir in new[] { output, output + "-explique" }.Where(Directory.Exists))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    private const int ExitCodesZero = 0;

    [TestMethod]
    public void TheGateCatchesEachKindOfFault()
    {
        var gate = Gate.Value;

        string[] faulty =
        [
            "seulement 1 commune(s) de 2 000 habitants",
            "des 107 communes communes",
            "posture gerer-en-interne retenue",
            "type_epci inconnu",
            "une densité de 10.8 hab/km²",
            "rules not found",
            "démarches en préparation (sdaasp, crte)",
            "outils : regie, cias",
            "de type METRO",
        ];
        foreach (var text in faulty)
        {
            Assert.IsTrue(gate.Check(text).Any(), text);
        }
        string[] clean =
        [
            "seulement 1 commune de 2 000 habitants ; 107 communes ; 1,46 s",
            "Faire avec : une convention territoriale globale (CTG) est en cours avec la CAF.",
            "Source : @etalab/decoupage-administratif 6.0.0, nous nous appuyons sur la distance.",
        ];
        foreach (var text in clean)
        {
            Assert.IsFalse(gate.Check(text).Any(), $"{text} : {string.Join(", ", gate.Check(text))}");
        }
        Assert.IsTrue(gate.Ids.Contains("gerer-en-interne") && gate.Ids.Contains("METRO") && gate.Ids.Contains("crte"));
        Assert.IsFalse(gate.Ids.Contains("faire") || gate.Ids.Contains("CTG") || gate.Ids.Contains("distance"));
        Expect.Contains("Santé", LanguageGate.ReaderText("<style>.sante{}</style><p>Sant&eacute;</p><span class=\"ref\" data-ref=\"regle\">réf. sante-x</span>"));
    }

    /// <summary>Faults found over many territories, split into this code's own and those inherited from a source.</summary>
    private sealed class GateReport
    {
        private readonly Dictionary<string, List<LanguageFault>> _sourceFaults = new(StringComparer.Ordinal);
        private readonly List<string> _own = [];
        private readonly Dictionary<string, (int Count, string Example)> _inherited = new(StringComparer.Ordinal);

        public int Territories { get; private set; }

        public void Check(string name, EvaluationResult result, TerritoryProfile profile)
        {
            Territories++;
            var reading = new ReportReading(result, ReportContext.From(result));
            var outputs = new[]
            {
                ("texte", TextReport.Render(reading)),
                ("note", LanguageGate.ReaderText(NoteDeCadrage.Render(reading, NoteDeCadrageTests.At))),
            };
            var sources = Sources(result, profile).ToList();
            foreach (var (kind, output) in outputs)
            {
                // The territory's own name is data (« CC du… », « CA de… »), not text of ours.
                var rest = output.Replace(result.Territoire.Nom, " ", StringComparison.Ordinal).Replace("Cadrage.Rules", "Cadrage", StringComparison.Ordinal);
                foreach (var (where, text) in sources)
                {
                    if (!_sourceFaults.TryGetValue(text, out var faults))
                    {
                        faults = Gate.Value.Check(text).ToList();
                        _sourceFaults[text] = faults;
                    }
                    if (faults.Count == 0 || !rest.Contains(text, StringComparison.Ordinal))
                    {
                        continue;
                    }
                    rest = rest.Replace(text, " ¶ ", StringComparison.Ordinal);
                    foreach (var fault in faults)
                    {
                        var key = $"{where} : {fault.Kind}";
                        _inherited[key] = _inherited.TryGetValue(key, out var seen) ? (seen.Count + 1, seen.Example) : (1, $"{fault.Excerpt} ({name})");
                    }
                }
                foreach (var fault in Gate.Value.Check(rest))
                {
                    _own.Add($"{name}, {kind} : {fault}");
                }
            }
        }

        public void Assert(TestContext context)
        {
            var unexpected = _inherited.Keys.Where(k => !KnownFaultsElsewhere.Contains(k)).Order(StringComparer.Ordinal).ToList();
            var fixedSince = KnownFaultsElsewhere.Where(k => !_inherited.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
            var message = new StringBuilder();
            message.AppendLine($"{Territories} territoires ; fautes du rendu : {_own.Count} ; fautes héritées d'une source : {_inherited.Count} (dont {unexpected.Count} hors de la liste connue).");
            foreach (var group in _own.GroupBy(o => o[(o.IndexOf(" : ", StringComparison.Ordinal) + 3)..]).OrderByDescending(g => g.Count()).Take(40))
            {
                message.AppendLine($"  rendu : {group.Key} — {group.Count()} fois, ex. {group.First()}");
            }
            foreach (var key in _inherited.Keys.Order(StringComparer.Ordinal))
            {
                var (count, example) = _inherited[key];
                message.AppendLine($"  {(KnownFaultsElsewhere.Contains(key) ? "connue" : "NOUVELLE")} : {key} — {count} fois, ex. {example}");
            }
            foreach (var key in fixedSince)
            {
                message.AppendLine($"  corrigée (à retirer de la liste) : {key}");
            }
            context.WriteLine(message.ToString());
            Microsoft.VisualStudio.TestTools.UnitTesting.Assert.AreEqual(0, _own.Count + unexpected.Count, message.ToString());
        }

        /// <summary>A warning's wording without its variable parts: numbers and quoted labels.</summary>
        private static string Shape(string warning)
        {
            var shape = System.Text.RegularExpressions.Regex.Replace(warning, "« [^»]* »", "«…»");
            shape = System.Text.RegularExpressions.Regex.Replace(shape, @"\d+", "N");
            return shape.Length > 60 ? shape[..60] + "…" : shape;
        }

        /// <summary>Reader-facing strings the result brings from elsewhere, with where each comes from.</summary>
        private static IEnumerable<(string Where, string Text)> Sources(EvaluationResult result, TerritoryProfile profile)
        {
            var rules = result.Scenarios.SelectMany(s => s.Justifications.Concat(s.Vigilances)).Concat(result.OptionsEcartees.SelectMany(e => e.Regles));
            foreach (var j in rules.DistinctBy(j => j.Explication))
            {
                yield return ($"rules/{j.Fichier} · règle {j.Regle}", j.Explication);
            }
            yield return ("Evaluation (synthèse du résultat)", result.Synthese);
            foreach (var a in result.Analyse)
            {
                yield return ($"Evaluation (analyse de la question {a.Question})", a.Phrase);
            }
            foreach (var c in result.Scenarios.SelectMany(s => s.Coherence).DistinctBy(c => c.Explication))
            {
                yield return ($"rules/regles/compatibilite.json · règle {c.Regle}", c.Explication);
            }
            foreach (var w in result.Avertissements)
            {
                yield return ($"Evaluation/Evaluator.cs, avertissement « {Shape(w)} »", w);
            }
            foreach (var value in profile.Indicateurs.Values.Where(v => v.Source is not null).DistinctBy(v => v.Source))
            {
                yield return ("profil (source d'un indicateur)", value.Source!);
            }
        }
    }
}

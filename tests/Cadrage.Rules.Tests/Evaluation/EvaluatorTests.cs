using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Evaluation;
using Cadrage.Rules.Output;
using Cadrage.Rules.Profiles;
using Microsoft.Extensions.Logging;

namespace Cadrage.Rules.Tests.Evaluation;

[TestClass]
public sealed class EvaluatorTests
{
    public static IEnumerable<object[]> Examples => Repo.ExampleFiles.Select(f => new object[] { Path.GetFileNameWithoutExtension(f) });

    /// <summary>A geometry is as certain as its least certain form (CA de Nevers: pôle established, pôles spécialisés outweighed by the centres-bourgs).</summary>
    [TestMethod]
    public void AGeometryIsAsCertainAsItsLeastCertainForm()
    {
        var all = Repo.ExampleFiles.SelectMany(f => RealRules.Evaluate(RealRules.Example(Path.GetFileNameWithoutExtension(f))).Scenarios).ToList();
        foreach (var s in all)
        {
            var weakest = s.Lieux.Complements.Select(c => c.Certitude).Aggregate(s.Lieux.Principale.Certitude, Certitudes.Weakest);
            Assert.AreEqual(weakest, s.Lieux.Certitude, s.Intitule);
            Assert.AreEqual(weakest, s.Certitudes.Lieux, s.Intitule);
        }
        var nevers = RealRules.Evaluate(RealRules.Example("ca-nevers")).Scenarios[0];
        Assert.AreEqual(Certitudes.Etablie, nevers.Lieux.Principale.Certitude);
        Assert.IsTrue(nevers.Lieux.Complements.Any(c => c.Certitude == Certitudes.Fragile && c.Marge < 0), "complément dépassé par une autre forme");
        Assert.AreEqual(Certitudes.Fragile, nevers.Lieux.Certitude);
        // The reader is told why: which complement, and what outweighs it.
        var text = TextReport.Render(RealRules.Evaluate(RealRules.Example("ca-nevers"))).Replace('\u00a0', ' ');
        Expect.Contains("(certitude : fragile, par son complément « Pôles spécialisés complémentaires », moins soutenu que « Plusieurs centres-bourgs secondaires », 2 points contre 3)", text);
        Assert.IsTrue(all.Any(s => s.Lieux.Complements.Count == 0 && s.Lieux.Certitude == Certitudes.Etablie), "une forme seule établie le reste");
    }

    [TestMethod]
    [DynamicData(nameof(Examples))]
    public void EachExampleGetsContrastedScenariosWhosePostureAndGeometryAreSupported(string example)
    {
        var result = RealRules.Evaluate(RealRules.Example(example));

        Assert.IsTrue(result.Scenarios.Count is >= 1 and <= 4, $"{result.Scenarios.Count} scénarios");
        Assert.AreEqual(result.Scenarios[0].Statut == "retenu", result.Scenarios[0].Retenu);
        Assert.IsTrue(result.Scenarios.Skip(1).All(s => !s.Retenu));
        CollectionAssert.AreEqual(Enumerable.Range(1, result.Scenarios.Count).ToArray(), result.Scenarios.Select(s => s.Rang).ToArray());
        foreach (var s in result.Scenarios)
        {
            Assert.AreNotEqual(Certitudes.NonTranchee, s.Certitudes.Pilotage, $"scénario {s.Rang} : posture sans preuve");
            Assert.AreNotEqual(Certitudes.NonTranchee, s.Certitudes.Lieux, $"scénario {s.Rang} : géométrie sans preuve");
            Assert.IsTrue(s.Pilotage.Soutien > 0 && s.Lieux.Principale.Soutien > 0);
        }
        foreach (var a in result.Scenarios)
        {
            foreach (var b in result.Scenarios.Where(b => b.Rang > a.Rang))
            {
                var forms = (Scenario s) => new[] { s.Lieux.Id }.Concat(s.Lieux.Complements.Select(c => c.Id)).Order().ToList();
                Assert.IsTrue(a.Pilotage.Id != b.Pilotage.Id || !forms(a).SequenceEqual(forms(b)), $"scénarios {a.Rang} et {b.Rang} : même posture et même géométrie");
            }
        }
    }

    [TestMethod]
    [DynamicData(nameof(Examples))]
    public void EveryScenarioAnswersTheFiveQuestionsWithinTheirLimits(string example)
    {
        var kb = RealRules.Kb;
        foreach (var s in RealRules.Evaluate(RealRules.Example(example)).Scenarios)
        {
            Assert.IsNotNull(kb.Referentiel.FindOption("pilotage", s.Pilotage.Id));
            Assert.IsNotNull(kb.Referentiel.FindOption("lieux", s.Lieux.Id));
            Assert.IsTrue(s.Modalites.Count is >= 1 and <= 3);
            Assert.IsTrue(s.Objectifs.Count is >= 1 and <= 2);
            Assert.IsTrue(s.Priorites.Count is >= 1 and <= 5);
            Assert.IsTrue(s.Convergence > 0);
        }
    }

    [TestMethod]
    [DynamicData(nameof(Examples))]
    public void EveryJustificationNamesARealRuleAndWhatItRead(string example)
    {
        var kb = RealRules.Kb;
        var result = RealRules.Evaluate(RealRules.Example(example));
        foreach (var j in result.Scenarios.SelectMany(s => s.Justifications.Concat(s.Vigilances)).Concat(result.OptionsEcartees.SelectMany(e => e.Regles)))
        {
            Assert.IsTrue(kb.RulesByName.TryGetValue(j.Regle, out var rule), $"règle inconnue {j.Regle}");
            Assert.AreEqual(rule.File, j.Fichier);
            Assert.IsTrue(File.Exists(Path.Combine(Repo.Rules, j.Fichier)), j.Fichier);
            Assert.AreEqual(rule.Indicators.Count, j.Indicateurs.Count);
            Assert.IsFalse(j.Explication.Contains('{'), $"explication non remplie : {j.Explication}");
            Assert.IsTrue(j.Statut is "sourcé" or "à valider");
            Assert.IsFalse(string.IsNullOrWhiteSpace(j.Source));
        }
    }

    [TestMethod]
    public void SameProfileAndRulesGiveTheSameBytes()
    {
        var json = RealRules.Example("cc-provence-verdon");
        var first = ResultJson.Serialize(RealRules.Evaluate(json));
        var reloaded = Cadrage.Rules.KnowledgeBase.RuleSet.Load(Repo.Rules);
        var second = ResultJson.Serialize(RealRules.Evaluate(json, reloaded));

        Assert.AreEqual(first, second);
    }

    [TestMethod]
    public void OutputCarriesTheContractKeys()
    {
        var json = Newtonsoft.Json.Linq.JObject.Parse(ResultJson.Serialize(RealRules.Evaluate(RealRules.Example("ca-nevers"))));

        foreach (var key in new[] { "territoire", "referentiel", "scenarios", "avertissements" })
        {
            Assert.IsNotNull(json[key], key);
        }
        Assert.AreEqual(RealRules.Kb.Version, (string?)json["referentiel"]!["version"]);
        var scenario = json["scenarios"]![0]!;
        foreach (var key in new[] { "rang", "score", "convergence", "pilotage", "modalites", "lieux", "priorites", "objectifs", "justifications", "vigilances" })
        {
            Assert.IsNotNull(scenario[key], key);
        }
        var justification = scenario["justifications"]![0]!;
        foreach (var key in new[] { "regle", "question", "option", "poids", "explication", "source", "statut", "indicateurs" })
        {
            Assert.IsNotNull(justification[key], key);
        }
    }

    [TestMethod]
    public void MissingIndicatorSkipsItsRulesAndIsListed()
    {
        var result = RealRules.Evaluate(RealRules.With("cc-pays-chatillonnais", ("densite", null)));

        var missing = result.IndicateursManquants.Single(m => m.Id == "densite");
        CollectionAssert.Contains(missing.Regles.ToList(), "itinerance-faible-densite");
        Assert.IsFalse(result.Scenarios.SelectMany(s => s.Justifications).Any(j => j.Regle == "itinerance-faible-densite"));
        Assert.IsTrue(result.Avertissements.Any(w => w.StartsWith("Indicateur manquant «\u00a0Densité de population\u00a0» :", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void ExcludedOptionNeverAppearsAndIsExplained()
    {
        // Rennes' listed competences (no social one) for a communauté d'agglomération: « Faire » is excluded.
        var result = RealRules.Evaluate(RealRules.With("rennes-metropole", ("type_epci", "CA")));

        var excluded = result.OptionsEcartees.Single(e => e.Option.Id == "faire");
        Assert.AreEqual("faire-sans-competence", excluded.Regles.Single().Regle);
        Assert.IsFalse(result.Scenarios.Any(s => s.Pilotage.Id == "faire"));
    }

    [TestMethod]
    [DynamicData(nameof(Examples))]
    public void IncompatibleCombinationsNeverAppear(string example)
    {
        var kb = RealRules.Kb;
        var incompatible = kb.Rules.Where(r => r.Properties.Effet == Cadrage.Rules.KnowledgeBase.RuleEffectKind.incompatible && r.Expression == "true")
            .Select(r => (r.Properties.Posture, r.Properties.Option)).ToList();
        Assert.IsTrue(incompatible.Count > 0);
        foreach (var s in RealRules.Evaluate(RealRules.Example(example)).Scenarios)
        {
            var answers = Cadrage.Rules.RuleTests.RuleTestRunner.Answers(s).Skip(1);
            foreach (var option in answers)
            {
                Assert.IsFalse(incompatible.Contains((s.Pilotage.Id, option)), $"{s.Pilotage.Id} + {option}");
            }
        }
    }

    [TestMethod]
    public void OpposingRulesOfAChosenOptionArePointsDeVigilance()
    {
        var result = RealRules.Evaluate(RealRules.Example("cc-pays-chatillonnais"));

        var withGovernance = result.Scenarios.First(s => s.Modalites.Any(m => m.Id == "gouvernance-partagee"));
        var vigilance = withGovernance.Vigilances.Single(v => v.Regle == "gouvernance-trop-de-communes");
        Assert.AreEqual("opposition", vigilance.Effet);
        Expect.Contains("107\u00a0communes (seuil : 60\u00a0communes)", vigilance.Explication);
    }

    /// <summary>CA de Nevers at 14 % of unemployment, above « chômage élevé » (13,5 %), with or without its diagnostic's needs.</summary>
    private static Newtonsoft.Json.Linq.JObject NeversUnemployed(bool withDiagnostic)
    {
        var json = RealRules.Example("ca-nevers");
        if (!withDiagnostic)
        {
            json["besoins"] = new Newtonsoft.Json.Linq.JArray();
        }
        json["indicateurs"]!["taux_chomage"]!["valeur"] = 14.0;
        return json;
    }

    [TestMethod]
    public void PrioritiesCrossTheDiagnosticWithTheProfile()
    {
        // No diagnostic at all: the priorities come from the profile alone, and say so.
        var result = RealRules.Evaluate(NeversUnemployed(withDiagnostic: false));

        var emploi = result.Scenarios[0].Priorites.Single(p => p.Service.Id == "emploi-insertion");
        Assert.IsNull(emploi.IntensiteDiagnostic);
        CollectionAssert.Contains(emploi.Regles.ToList(), "besoin-emploi-chomage");
        Assert.IsTrue(result.Avertissements.Any(w => w.StartsWith("Aucun besoin issu du diagnostic", StringComparison.Ordinal)));
    }

    /// <summary>
    /// Practitioner review 7, R7: the unemployment rule gave its need a mobility critère the team assumed, which then
    /// supported « Innover par l'expérimentation » (mobilité solidaire) and the centres-bourgs. The data say who needs
    /// which service, not what keeps them from it: the need's critère is « à préciser », read by no rule as a critère;
    /// a diagnostic that states the critère keeps it, raised by the same rule.
    /// </summary>
    [TestMethod]
    public void ARuleThatNamesNoCritereLeavesItToTheDiagnosticAndSupportsNothingWithIt()
    {
        var result = RealRules.Evaluate(NeversUnemployed(withDiagnostic: false));
        var emploi = result.Scenarios[0].Priorites.Single(p => p.Service.Id == "emploi-insertion");
        Assert.AreEqual(CrossedNeed.Unspecified, emploi.Critere.Id);
        Assert.AreEqual("Critère à préciser", emploi.Critere.Libelle);
        Assert.IsFalse(result.Scenarios[0].Priorites.Any(p => p.Critere.Id == "mobilite"), "aucun critère de mobilité supposé");
        Assert.IsFalse(result.Scenarios.SelectMany(s => s.Justifications).Any(j => j.Regle is "experimenter-mobilite-solidaire" or "bourgs-mobilite-reduite"),
            "un critère à préciser ne soutient ni l'expérimentation de mobilité solidaire ni les centres-bourgs");
        Expect.Contains("Emploi et insertion × Demandeurs d'emploi × Critère à préciser", TextReport.Render(result).Replace('\u00a0', ' '));

        // The other side: the diagnostic states jobseekers' mobility; the rule raises that need, none « à préciser » is added.
        var priorities = RealRules.Evaluate(NeversUnemployed(withDiagnostic: true)).Scenarios[0].Priorites.Where(p => p.Service.Id == "emploi-insertion").ToList();
        var mobility = priorities.Single();
        Assert.AreEqual("mobilite", mobility.Critere.Id);
        CollectionAssert.Contains(mobility.Regles.ToList(), "besoin-emploi-chomage");
    }

    /// <summary>
    /// CA de Nevers: three needs have the same score (2 points) and diagnostic intensity as the fifth priority and are
    /// left out by the référentiel's order only: the Quoi says the tie instead of hiding it behind the maximum.
    /// </summary>
    [TestMethod]
    public void NeedsTiedWithTheLastPriorityAreSaidTied()
    {
        var quoi = RealRules.Evaluate(RealRules.Example("ca-nevers")).Analyse.Single(a => a.Question == QuestionIds.Besoins).Phrase.Replace('\u00a0', ' ');
        Expect.Contains("À égalité avec la dernière priorité retenue (2 points), 3 besoins ne sont pas retenus faute de place (5 priorités au plus) : Accompagnement social × Personnes en situation de précarité × Coût ;", quoi);
        Expect.Contains("à arbitrer en comité de pilotage.", quoi);
        // The text report and the note's synthèse say it too.
        var nevers = RealRules.Evaluate(RealRules.Example("ca-nevers"));
        Expect.Contains("Quoi ? À égalité avec la dernière priorité retenue (2 points), 3 besoins ne sont pas retenus", TextReport.Render(nevers).Replace('\u00a0', ' '));
        Expect.Contains("Quoi ? À égalité avec la dernière priorité retenue", string.Join(" ", new ReportReading(nevers, ReportContext.From(nevers)).Introduction()).Replace('\u00a0', ' '));

        // The other side: with room for eight priorities, the tied needs are in and nothing is left at the cut.
        using var copy = new RulesCopy();
        var path = copy.PathOf("scenarios.json");
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"prioritesMax\": 5", "\"prioritesMax\": 8", StringComparison.Ordinal));
        var wider = Cadrage.Rules.KnowledgeBase.RuleSet.Load(copy.Directory);
        var all = new Evaluator().Evaluate(wider, RealRules.Profile(RealRules.Example("ca-nevers")));
        Assert.AreEqual(8, all.Scenarios[0].Priorites.Count);
        Assert.IsFalse(all.Analyse.Single(a => a.Question == QuestionIds.Besoins).Phrase.Contains("À égalité avec la dernière priorité", StringComparison.Ordinal));
    }

    [TestMethod]
    public void ProfileRaisesADiagnosedNeedAboveAStrongerOne()
    {
        // Diagnostic: santé × personnes âgées × distance at 2, accès aux droits × précaires × accueil at 3.
        // Many 75+ far from the intermediate range raise the first (weight 2) and its distance (weight 1).
        var json = RealRules.With("ca-nevers", ("part_75_plus", 15.0), ("temps_acces_intermediaire", 20.0), ("part_pop_eloignee_panier", 30.0));
        json["besoins"] = Newtonsoft.Json.Linq.JArray.Parse("""
            [ { "service": "sante", "public": "personnes-agees", "critere": "distance", "intensite": 2 },
              { "service": "acces-aux-droits", "public": "personnes-precaires", "critere": "accueil", "intensite": 3 } ]
            """);

        var priorities = RealRules.Evaluate(json).Scenarios[0].Priorites;

        Assert.AreEqual("sante", priorities[0].Service.Id);
        Assert.AreEqual(2, priorities[0].IntensiteDiagnostic);
        Assert.AreEqual(5.0, priorities[0].Score);
        CollectionAssert.AreEqual(new[] { "besoin-sante-aines-eloignes", "besoin-eloignement-general" }, priorities[0].Regles.ToArray());
    }

    [TestMethod]
    public void EditingAWeightInRulesChangesTheResultWithoutRebuild()
    {
        using var copy = new RulesCopy();
        var json = RealRules.Example("cc-provence-verdon");
        var before = RealRules.Evaluate(json, Cadrage.Rules.KnowledgeBase.RuleSet.Load(copy.Directory));
        Assert.AreEqual("faire", before.Scenarios[0].Pilotage.Id);

        copy.Edit("regles/pilotage.json", w => RulesCopy.Rule(w, "inciter-ingenierie-appui")["Properties"]!["poids"] = 40);
        var after = RealRules.Evaluate(json, Cadrage.Rules.KnowledgeBase.RuleSet.Load(copy.Directory));

        Assert.AreEqual("inciter-a-faire", after.Scenarios[0].Pilotage.Id);
        Assert.AreNotEqual(before.Referentiel.Version, after.Referentiel.Version);
        Assert.AreEqual(40.0, after.Scenarios[0].Justifications.Single(j => j.Regle == "inciter-ingenierie-appui").Poids);
    }

    [TestMethod]
    public void EvaluationLogsEveryScenarioAndContributingRuleWithTerritoryAndVersion()
    {
        var logger = new CapturingLogger();
        var profile = RealRules.Profile(RealRules.Example("ca-nevers"));

        var result = new Evaluator(logger).Evaluate(RealRules.Kb, profile);

        Assert.AreEqual(result.Scenarios.Count, logger.Events.Count(e => e.Properties.ContainsKey("Pilotage")));
        var ruleEvents = logger.Events.Where(e => e.Properties.ContainsKey("RuleName") && e.Properties.ContainsKey("Indicateurs")).ToList();
        Assert.AreEqual(result.Scenarios.Sum(s => s.Justifications.Count), ruleEvents.Count);
        Assert.IsTrue(logger.Events.All(e => Equals(e.Scope["TerritoireId"], "245804406") && Equals(e.Scope["RuleSetVersion"], RealRules.Kb.Version)));
    }

    private sealed class CapturingLogger : ILogger<Evaluator>
    {
        private readonly AsyncLocal<IReadOnlyDictionary<string, object>?> _scope = new();

        public List<(IReadOnlyDictionary<string, object?> Properties, IReadOnlyDictionary<string, object> Scope)> Events { get; } = [];

        public IDisposable BeginScope<TState>(TState state) where TState : notnull
        {
            _scope.Value = state as IReadOnlyDictionary<string, object> ?? (state as IDictionary<string, object>)?.AsReadOnly();
            return new Reset(_scope);
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var properties = (state as IEnumerable<KeyValuePair<string, object?>>)?.ToDictionary(p => p.Key, p => p.Value) ?? [];
            Events.Add((properties, _scope.Value ?? new Dictionary<string, object>()));
        }

        private sealed class Reset(AsyncLocal<IReadOnlyDictionary<string, object>?> scope) : IDisposable
        {
            public void Dispose() => scope.Value = null;
        }
    }
}

[TestClass]
public sealed class EvaluationBudgetTests
{
    [TestMethod]
    public void AnEvaluationPastItsBudgetStopsWithAFrenchMessage()
    {
        var evaluator = new Evaluator(options: new EvaluationOptions { Budget = TimeSpan.FromTicks(-1) });

        var ex = Assert.ThrowsExactly<EvaluationBudgetExceededException>(() => evaluator.Evaluate(RealRules.Kb, RealRules.Profile(RealRules.Example("ca-nevers"))));

        Expect.Contains("Évaluation du territoire 245804406 interrompue : budget de", ex.Message);
        Assert.AreEqual(RealRules.Kb.Rules[15].Name, ex.Regle);
    }

    [TestMethod]
    public void TheDefaultBudgetLeavesRealEvaluationsAlone()
    {
        Assert.AreEqual(TimeSpan.FromSeconds(2), new Evaluator().Options.Budget);
        Assert.IsTrue(RealRules.Evaluate(RealRules.Example("ca-nevers")).Scenarios.Count >= 2);
    }
}

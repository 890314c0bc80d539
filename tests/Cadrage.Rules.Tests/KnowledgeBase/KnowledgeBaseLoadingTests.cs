using Cadrage.Rules.KnowledgeBase;
using Newtonsoft.Json.Linq;

namespace Cadrage.Rules.Tests.KnowledgeBase;

[TestClass]
public sealed class KnowledgeBaseLoadingTests
{
    [TestMethod]
    public void RealRulesLoadWithEveryQuestionAndAVersion()
    {
        var kb = RealRules.Kb;

        Assert.AreEqual(12, kb.Version.Length);
        foreach (var workflow in QuestionIds.All.Append(QuestionIds.Compatibilite))
        {
            Assert.IsTrue(kb.Rules.Any(r => r.Workflow == workflow), $"aucune règle pour {workflow}");
        }
        CollectionAssert.AreEquivalent(
            new[] { "faire", "faire-faire", "faire-avec", "inciter-a-faire", "laisser-faire" },
            kb.Referentiel.Question(QuestionIds.Pilotage).Options.Select(o => o.Id).ToArray());
    }

    [TestMethod]
    public void TheNumberOfRulesIsBoundedOnBothSidesOfTheLimit()
    {
        var real = RealRules.Kb.Rules.Count;
        using var atLimit = new RulesCopy();
        atLimit.Edit("regles/pilotage.json", w => AddCopies(w, WorkflowCompiler.MaxRules - real));
        Assert.AreEqual(WorkflowCompiler.MaxRules, Cadrage.Rules.KnowledgeBase.RuleSet.Load(atLimit.Directory).Rules.Count);

        using var over = new RulesCopy();
        over.Edit("regles/pilotage.json", w => AddCopies(w, WorkflowCompiler.MaxRules - real + 1));
        var error = Assert.ThrowsExactly<RuleSetException>(() => Cadrage.Rules.KnowledgeBase.RuleSet.Load(over.Directory));
        Expect.Contains("regles/pilotage.json", error.Message);
        Expect.Contains($"trop de règles : avec le workflow « pilotage » de ce fichier, la base en compterait {WorkflowCompiler.MaxRules + 1}, {WorkflowCompiler.MaxRules} au plus", error.Message);

        static void AddCopies(JToken workflow, int count)
        {
            var rules = (JArray)workflow["Rules"]!;
            var model = rules[0];
            for (var i = 0; i < count; i++)
            {
                var copy = (JObject)model.DeepClone();
                copy["RuleName"] = $"copie-{i}";
                rules.Add(copy);
            }
        }
    }

    [TestMethod]
    public void VersionIsAContentHash()
    {
        using var copy = new RulesCopy();
        var before = Cadrage.Rules.KnowledgeBase.RuleSet.Load(copy.Directory).Version;
        Assert.AreEqual(RealRules.Kb.Version, before, "une copie identique a la même version");

        copy.Edit("regles/lieux.json", w => RulesCopy.Rule(w, "itinerance-faible-densite")["Properties"]!["poids"] = 5);

        Assert.AreNotEqual(before, Cadrage.Rules.KnowledgeBase.RuleSet.Load(copy.Directory).Version);
    }

    [TestMethod]
    public void BrokenExpressionIsRejectedNamingFileRuleAndExpression()
    {
        var error = LoadBroken("regles/lieux.json", w => RulesCopy.Rule(w, "itinerance-faible-densite")["Expression"] = "profil.densite <");

        Assert.AreEqual("regles/lieux.json", error.Fichier);
        Assert.AreEqual("itinerance-faible-densite", error.Regle);
        Assert.AreEqual("profil.densite <", error.Expression);
        Expect.Contains("expression invalide", error.Message);
        Expect.Contains("regles/lieux.json, règle « itinerance-faible-densite »", error.ToString());
    }

    [TestMethod]
    public void UnknownIndicatorIsRejected()
    {
        var error = LoadBroken("regles/lieux.json", w => RulesCopy.Rule(w, "itinerance-faible-densite")["Expression"] = "profil.densiter < 50");

        Assert.AreEqual("itinerance-faible-densite", error.Regle);
        Expect.Contains("indicateur inconnu « densiter »", error.Message);
    }

    [TestMethod]
    public void DuplicateRuleNameIsRejectedEvenAcrossFiles()
    {
        var error = LoadBroken("regles/objectifs.json", w => RulesCopy.Rule(w, "abs-pauvrete")["RuleName"] = "itinerance-faible-densite");

        Assert.AreEqual("regles/objectifs.json", error.Fichier);
        Expect.Contains("RuleName en double : déjà utilisé dans regles/lieux.json", error.Message);
    }

    [TestMethod]
    public void UnknownFieldInWorkflowIsRejected()
    {
        var error = LoadBroken("regles/lieux.json", w => RulesCopy.Rule(w, "itinerance-faible-densite")["Expresion"] = "true");

        Assert.AreEqual("regles/lieux.json", error.Fichier);
        Expect.Contains("champ inconnu « Expresion »", error.Message);
        Expect.Contains("Rules[", error.Chemin!);
    }

    [TestMethod]
    public void UnknownFieldInPropertiesIsRejected()
    {
        var error = LoadBroken("regles/lieux.json", w => RulesCopy.Rule(w, "itinerance-faible-densite")["Properties"]!["poid"] = 2);

        Assert.AreEqual("itinerance-faible-densite", error.Regle);
        Expect.Contains("champ inconnu « poid »", error.Message);
    }

    [TestMethod]
    public void WrongTypeIsRejectedWithItsPath()
    {
        var error = LoadBroken("regles/lieux.json", w => RulesCopy.Rule(w, "itinerance-faible-densite")["Properties"]!["poids"] = "deux");

        Expect.Contains("type incorrect : un nombre est attendu, un texte a été trouvé", error.Message);
        Expect.Contains(".Properties.poids", error.Chemin!);
    }

    [TestMethod]
    public void UnknownOptionIsRejected()
    {
        var error = LoadBroken("regles/lieux.json", w => RulesCopy.Rule(w, "itinerance-faible-densite")["Properties"]!["option"] = "teleportation");

        Expect.Contains("option « teleportation » inconnue pour la question « lieux »", error.Message);
    }

    [TestMethod]
    public void SystemEnumerationsInExpressionsAreRejected()
    {
        // A rule compares indicators: no enumeration of the base library (the parser no longer offers them).
        var error = LoadBroken("regles/lieux.json", w => RulesCopy.Rule(w, "itinerance-faible-densite")["Expression"] = "DayOfWeek.Monday == DayOfWeek.Monday");

        Expect.Contains("identifiant inconnu « DayOfWeek »", error.Message);
    }

    [TestMethod]
    public void ReflectionInExpressionsIsRejected()
    {
        var error = LoadBroken("regles/lieux.json", w => RulesCopy.Rule(w, "itinerance-faible-densite")["Expression"] = "profil.GetType().Assembly.FullName != null");

        Expect.Contains("accès interdit", error.Message);
    }

    [TestMethod]
    public void UnknownMethodsAreRejected()
    {
        var error = LoadBroken("regles/lieux.json", w => RulesCopy.Rule(w, "pole-epci-urbain")["Expression"] = "profil.type_epci.Replace(\"C\", \"D\") == \"DD\"");

        Expect.Contains("appel non autorisé : String.Replace", error.Message);
    }

    [TestMethod]
    public void OverLongExpressionsAreRejected()
    {
        var longExpression = string.Join(" || ", Enumerable.Repeat("profil.densite < 50", 60));

        var error = LoadBroken("regles/lieux.json", w => RulesCopy.Rule(w, "itinerance-faible-densite")["Expression"] = longExpression);

        Expect.Contains("expression trop longue", error.Message);
    }

    [TestMethod]
    public void ExplanationMayOnlyQuoteWhatTheRuleReads()
    {
        var error = LoadBroken("regles/lieux.json", w => RulesCopy.Rule(w, "itinerance-faible-densite")["Properties"]!["explication"] = "La population ({population}) est faible.");

        Expect.Contains("l'explication cite {population}", error.Message);
    }

    [TestMethod]
    public void UnknownIndicatorTypeInCatalogueIsRejected()
    {
        var error = LoadBroken(IndicatorCatalog.FileName, c => c["indicateurs"]![0]!["type"] = "decimal");

        Assert.AreEqual(IndicatorCatalog.FileName, error.Fichier);
        Expect.Contains("« decimal » non reconnue", error.Message);
    }

    [TestMethod]
    public void UnknownScaleOfAnIndicatorIsRejected()
    {
        var error = LoadBroken(IndicatorCatalog.FileName, c => c["indicateurs"]![0]!["echelles"] = new Newtonsoft.Json.Linq.JArray("epci", "region"));

        Assert.AreEqual(IndicatorCatalog.FileName, error.Fichier);
        Expect.Contains("échelle « region » inconnue (échelles : epci, commune, departement, autre)", error.Message);
    }

    [TestMethod]
    public void AValueOutOfLeversMustBeOneOfTheIndicatorsValues()
    {
        var error = LoadBroken(IndicatorCatalog.FileName, c => ((Newtonsoft.Json.Linq.JArray)c["indicateurs"]!).Single(i => (string?)i["id"] == "conventions")["valeursHorsLevier"] = new Newtonsoft.Json.Linq.JArray("CRTE", "contrat-de-ruralite"));

        Assert.AreEqual(IndicatorCatalog.FileName, error.Fichier);
        Expect.Contains("« contrat-de-ruralite » n'est pas une des valeurs de l'indicateur", error.Message);
    }

    [TestMethod]
    [DataRow("faire-avec-contrat-de-ruralite", "« memeFaitQue » nomme la règle « faire-avec-contrat-de-ruralite », qui n'existe pas dans la base")]
    [DataRow("faire-avec-territoire-rural", "« memeFaitQue » doit nommer une autre règle que la règle elle-même")]
    public void ARuleSameFactAsMustNameAnotherRule(string target, string message)
    {
        var error = LoadBroken("regles/pilotage.json", w => ((Newtonsoft.Json.Linq.JObject)RulesCopy.Rule(w, "faire-avec-territoire-rural")["Properties"]!)["memeFaitQue"] = target);

        Assert.AreEqual("regles/pilotage.json", error.Fichier);
        Assert.AreEqual("faire-avec-territoire-rural", error.Regle);
        Expect.Contains(message, error.Message);
        StringAssert.EndsWith(error.Chemin, ".memeFaitQue");
    }

    [TestMethod]
    [DataRow("densite", "le même fait qu'un indicateur numérique")]
    [DataRow("conventions-signees", "un indicateur qui n'existe pas")]
    [DataRow("demarches", "lui-même")]
    public void SameFactAsMustNameAnotherListIndicator(string target, string what)
    {
        var error = LoadBroken(IndicatorCatalog.FileName, c => ((Newtonsoft.Json.Linq.JArray)c["indicateurs"]!).Single(i => (string?)i["id"] == "demarches")["memeFaitQue"] = target);

        Assert.AreEqual(IndicatorCatalog.FileName, error.Fichier, what);
        Expect.Contains($"« memeFaitQue » doit nommer un autre indicateur de type liste du catalogue : « {target} » n'en est pas un", error.Message);
        StringAssert.EndsWith(error.Chemin, ".memeFaitQue");
    }

    [TestMethod]
    public void MalformedJsonIsRejectedWithLine()
    {
        using var copy = new RulesCopy();
        File.WriteAllText(copy.PathOf("regles/lieux.json"), "{ \"WorkflowName\": \"lieux\", ");

        var ex = Assert.ThrowsExactly<RuleSetException>(() => Cadrage.Rules.KnowledgeBase.RuleSet.Load(copy.Directory));

        Expect.Contains("JSON mal formé (ligne 1", ex.Errors[0].Message);
    }

    [TestMethod]
    public void EveryErrorIsReportedAtOnce()
    {
        using var copy = new RulesCopy();
        copy.Edit("regles/lieux.json", w =>
        {
            RulesCopy.Rule(w, "itinerance-faible-densite")["Expression"] = "profil.inconnu > 1";
            RulesCopy.Rule(w, "pole-epci-urbain")["Properties"]!["statut"] = "certain";
        });

        var ex = Assert.ThrowsExactly<RuleSetException>(() => Cadrage.Rules.KnowledgeBase.RuleSet.Load(copy.Directory));

        Assert.AreEqual(2, ex.Errors.Count, ex.Message);
        Expect.Contains("Base de règles invalide", ex.Message);
    }

    private static RuleSetError LoadBroken(string file, Action<JToken> edit)
    {
        using var copy = new RulesCopy();
        copy.Edit(file, edit);
        var ex = Assert.ThrowsExactly<RuleSetException>(() => Cadrage.Rules.KnowledgeBase.RuleSet.Load(copy.Directory));
        Assert.AreEqual(1, ex.Errors.Count, ex.Message);
        return ex.Errors[0];
    }
}

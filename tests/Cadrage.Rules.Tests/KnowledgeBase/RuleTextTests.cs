using Cadrage.Rules.KnowledgeBase;

namespace Cadrage.Rules.Tests.KnowledgeBase;

/// <summary>
/// What the real rules say to a consultant: each sentence claims only what the data it reads and the source it
/// cites support. These read rules/ as the tool loads it, and name the rules at fault.
/// </summary>
[TestClass]
public sealed class RuleTextTests
{
    private static IEnumerable<CompiledRule> Rules => RealRules.Kb.Rules;

    private static IEnumerable<string> IndicatorIds(CompiledRule rule) => rule.Indicators.Select(i => RealRules.Kb.Indicators[i].Id);

    private static void NoneAtFault(IEnumerable<CompiledRule> atFault, string why)
    {
        var names = atFault.Select(r => $"{r.Name} ({r.File})").ToList();
        Assert.AreEqual(0, names.Count, why + " : " + string.Join(", ", names));
    }

    [TestMethod]
    public void TheCnafCircularOnTheCtgIsCitedOnlyByRulesThatReadTheCtg()
    {
        // The circular n°2020-01 says that the CTG replaces the contrat enfance jeunesse: it supports a rule about the
        // CTG, not one about the opening hours of childcare deduced from a share of the population.
        NoneAtFault(
            Rules.Where(r => r.Properties.Source.Contains("circulaire n°2020-01", StringComparison.OrdinalIgnoreCase)
                && !r.Expression.Contains("\"CTG\"", StringComparison.Ordinal) && !r.Expression.Contains("\"ctg\"", StringComparison.Ordinal)),
            "circulaire CNAF sur la CTG citée par une règle qui ne lit pas la CTG");
        var hours = Rules.Where(r => r.Properties.Critere == "horaires" && r.Workflow == QuestionIds.Besoins).ToList();
        Assert.IsTrue(hours.Count >= 3, "les règles de besoins sur les horaires");
        NoneAtFault(hours.Where(r => r.Properties.Statut != RuleStatus.AValider || !r.Properties.Source.Contains("heuristique", StringComparison.Ordinal)),
            "une règle sur les horaires déduite d'une part de population est une heuristique à valider");
    }

    [TestMethod]
    public void TheCrteIsAContractThatCoordinatesFinancingNotAFund()
    {
        var crte = Rules.Where(r => r.Properties.Explication.Contains("CRTE", StringComparison.Ordinal)).ToList();
        Assert.IsTrue(crte.Count >= 3);
        NoneAtFault(crte.Where(r => r.Properties.Explication.Contains("outil de financement", StringComparison.Ordinal)
                || System.Text.RegularExpressions.Regex.IsMatch(r.Properties.Explication, @"\bfinance\b")),
            "le CRTE présenté comme finançant par lui-même");
        var financing = Rules.Single(r => r.Name == "financement-crte");
        StringAssert.Contains(financing.Properties.Explication, "coordonne");
        StringAssert.Contains(financing.Properties.Explication, "contrat pour la réussite de la transition écologique");
        StringAssert.Contains(financing.Properties.Source, "2023");
    }

    [TestMethod]
    public void SeveralConventionsDoNotProveASteeringCommittee()
    {
        var rule = Rules.Single(r => r.Name == "gouvernance-partenaires-multiples");
        Assert.IsFalse(rule.Properties.Explication.Contains("de fait", StringComparison.Ordinal), rule.Properties.Explication);
        StringAssert.Contains(rule.Properties.Explication, "à vérifier");
        Assert.AreEqual(RuleStatus.AValider, rule.Properties.Statut);
    }

    [TestMethod]
    public void APopulationDoesNotProveThatOperatorsArePresent()
    {
        // Mayotte's CC du Centre-Ouest (50 020 inhabitants) was told it had « assez d'opérateurs » from its population alone.
        string[] structure = ["population", "type_epci"];
        var sizeOnly = Rules.Where(r => r.Properties.Explication.Contains("opérateurs", StringComparison.Ordinal)
            && IndicatorIds(r).Any() && IndicatorIds(r).All(structure.Contains)).ToList();
        Assert.IsTrue(sizeOnly.Count >= 2, "les règles qui déduisent des opérateurs de la population");
        NoneAtFault(sizeOnly.Where(r => r.Properties.Explication.Contains("assez d'opérateurs", StringComparison.Ordinal)
                || !r.Properties.Explication.Contains("à vérifier", StringComparison.Ordinal)),
            "des opérateurs affirmés d'après la seule population");
    }

    [TestMethod]
    public void EquipmentCoverageDoesNotSayThatNeedsAreCovered()
    {
        // A « veille » concluded without reading poverty or unemployment must say which of them it did not read.
        (string Indicator, string Word)[] needs = [("taux_pauvrete", "pauvreté"), ("taux_chomage", "chômage")];
        var watch = Rules.Where(r => r.Properties.Option == "laisser-faire" && r.Properties.Effet == RuleEffectKind.soutien
            && r.Properties.Explication.Contains("veille", StringComparison.Ordinal) && !needs.All(n => IndicatorIds(r).Contains(n.Indicator))).ToList();
        Assert.IsTrue(watch.Any(r => r.Name == "laisser-faire-offre-suffisante"), "l'offre suffisante ne lit pas la pauvreté");
        NoneAtFault(watch.Where(r => r.Properties.Explication.Contains("une veille suffit", StringComparison.Ordinal)
                || needs.Any(n => !IndicatorIds(r).Contains(n.Indicator) && !r.Properties.Explication.Contains(n.Word, StringComparison.Ordinal))),
            "une veille conclue sans dire que la pauvreté ou le chômage ne sont pas lus");
    }

    [TestMethod]
    public void TheFinancialIndexSaysWhat100Means()
    {
        var index = RealRules.Kb.Indicators.Single(i => i.Id == "indice_potentiel_financier");
        StringAssert.Contains(index.Libelle, "100 = moyenne");
        NoneAtFault(Rules.Where(r => r.Properties.Explication.Contains("{indice_potentiel_financier}", StringComparison.Ordinal)
                && !r.Properties.Explication.Contains("100 = moyenne", StringComparison.Ordinal)),
            "un indice de potentiel financier imprimé sans sa base (100 = moyenne de la strate)");
    }

    [TestMethod]
    public void NoValueOfTheCatalogueIsLabelledByItsId()
    {
        // « Compétences exercées » comptait « enfance-jeunesse » : the reader saw the id.
        var faults = RealRules.Kb.Indicators.SelectMany(i => (i.Valeurs ?? []).Where(v => v.Id.Contains('-') && v.Libelle == v.Id).Select(v => $"{i.Id}:{v.Id}")).ToList();
        Assert.AreEqual(0, faults.Count, string.Join(", ", faults));
    }
}

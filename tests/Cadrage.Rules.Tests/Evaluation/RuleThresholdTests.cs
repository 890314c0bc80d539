using System.Globalization;
using System.Text.RegularExpressions;
using Cadrage.Rules.RuleTests;
using Newtonsoft.Json.Linq;

namespace Cadrage.Rules.Tests.Evaluation;

/// <summary>
/// Thresholds on both sides, with no boundary value written in C#: every comparison of a rule with a named parameter
/// (<c>profil.x &gt;= seuil_y</c>) must have, in the methodologists' cases of rules/tests, a case where the rule fires
/// and one where it does not, as close as possible to the parameter's value in rules/parametres.json. Moving a
/// threshold in parametres.json without moving its cases fails here; the cases themselves (fired, not fired, effect
/// on the option) are run by <see cref="Cadrage.Rules.Tests.KnowledgeBase.RuleTestCaseTests"/>.
/// </summary>
[TestClass]
public sealed partial class RuleThresholdTests
{
    private static readonly Lazy<IReadOnlyList<LoadedRuleTest>> Cases =
        new(() => RuleTestRunner.Load(Path.Combine(Repo.Rules, RuleTestRunner.Folder)).Tests);

    /// <summary>A comparison such as « profil.a + profil.b &gt;= seuil_c ».</summary>
    [GeneratedRegex(@"((?:profil\.\w+\s*\+\s*)*profil\.\w+)\s*(>=|<=|>|<)\s*(seuil_\w+)")]
    private static partial Regex Comparison();

    [GeneratedRegex(@"\bseuil_\w+")]
    private static partial Regex AnyParameter();

    [GeneratedRegex(@"profil\.(\w+)")]
    private static partial Regex Indicator();

    public static IEnumerable<object[]> Comparisons =>
        RealRules.Kb.Rules.SelectMany(rule => Comparison().Matches(rule.Expression).Select(m => new object[] { rule.Name, m.Value }));

    [TestMethod]
    public void EveryParameterOfAnExpressionIsReadInAComparisonThisTestUnderstands()
    {
        var unread = RealRules.Kb.Rules
            .Where(r => AnyParameter().Matches(r.Expression).Count != Comparison().Matches(r.Expression).Count)
            .Select(r => $"{r.Name} : {r.Expression}").ToList();

        Assert.AreEqual(0, unread.Count, "paramètres lus hors d'une comparaison « profil.x op seuil_y » :\n" + string.Join("\n", unread));
        Assert.IsTrue(Comparisons.Count() > 40);
    }

    [TestMethod]
    [DynamicData(nameof(Comparisons))]
    public void ThresholdIsTestedJustOnBothSidesOfTheParameterValue(string rule, string comparison)
    {
        var match = Comparison().Match(comparison);
        var indicators = Indicator().Matches(match.Groups[1].Value).Select(m => m.Groups[1].Value).ToList();
        var op = match.Groups[2].Value;
        var parameter = RealRules.Kb.Parameters[match.Groups[3].Value];
        var threshold = parameter.Value;
        bool Holds(double x) => op switch
        {
            ">=" => x >= threshold,
            "<=" => x <= threshold,
            ">" => x > threshold,
            _ => x < threshold,
        };

        // The left-hand side of the comparison in each case of rules/tests that names the rule and sets one of its indicators.
        var firing = new List<double>();
        var notFiring = new List<double>();
        foreach (var test in Cases.Value)
        {
            var c = test.Case;
            var fires = c.Attendu.Declenchees.Contains(rule);
            if (!fires && !c.Attendu.NonDeclenchees.Contains(rule) || c.Indicateurs is null || !indicators.Any(i => c.Indicateurs.ContainsKey(i)))
            {
                continue;
            }
            if (LeftHandSide(c, indicators) is not { } x)
            {
                continue;
            }
            // A firing case where the comparison is false fires through another branch (« || ») and a not-firing case
            // where it is true tests another condition of the rule: neither tests this threshold.
            if (fires && Holds(x))
            {
                firing.Add(x);
            }
            else if (!fires && !Holds(x))
            {
                notFiring.Add(x);
            }
        }

        // Juste au seuil: within one step of the parameter on each side: 1 for whole numbers (a count of communes),
        // else a tenth of a unit, or a thousandth of the value for large ones (a population).
        var step = indicators.All(i => RealRules.Kb.Indicators.Single(d => d.Id == i).Type == Cadrage.Rules.KnowledgeBase.IndicatorType.entier) ? 1 : 0.1;
        var tolerance = Math.Max(step, Math.Abs(threshold) / 1000) + 1e-9;
        var where = $"« {rule} » ({comparison}, {parameter.Name} = {threshold.ToString(CultureInfo.InvariantCulture)} dans parametres.json)";
        Assert.IsTrue(firing.Count > 0, $"{where} : aucun cas de rules/tests où elle se déclenche en fixant {string.Join(", ", indicators)}");
        Assert.IsTrue(notFiring.Count > 0, $"{where} : aucun cas de rules/tests où elle ne se déclenche pas de l'autre côté du seuil");
        var nearestFiring = firing.MinBy(x => Math.Abs(x - threshold));
        var nearestNotFiring = notFiring.MinBy(x => Math.Abs(x - threshold));
        Assert.IsTrue(Math.Abs(nearestFiring - threshold) <= tolerance,
            $"{where} : le cas déclenché le plus proche est à {nearestFiring.ToString(CultureInfo.InvariantCulture)}, loin du seuil");
        Assert.IsTrue(Math.Abs(nearestNotFiring - threshold) <= tolerance,
            $"{where} : le cas non déclenché le plus proche est à {nearestNotFiring.ToString(CultureInfo.InvariantCulture)}, loin du seuil");
    }

    [TestMethod]
    public void ExclusionRemovesTheOptionFromEveryScenario()
    {
        var result = RealRules.Evaluate(RealRules.With("ca-nevers", ("competences", new[] { "mobilite" })));

        Assert.IsTrue(result.OptionsEcartees.Any(e => e.Option.Id == "faire"));
        Assert.IsFalse(result.Scenarios.Any(s => s.Pilotage.Id == "faire"));
    }

    /// <summary>The sum of the indicators in the case, taken from the case or else from its example; null when one is unknown.</summary>
    private static double? LeftHandSide(RuleTestCase c, IReadOnlyList<string> indicators)
    {
        var example = c.Exemple is null ? c.Profil?["indicateurs"] as JObject : RealRules.Example(c.Exemple)["indicateurs"] as JObject;
        var sum = 0.0;
        foreach (var indicator in indicators)
        {
            var token = c.Indicateurs?[indicator] ?? example?[indicator];
            if (token is JObject stated)
            {
                token = stated["valeur"];
            }
            if (token is null || token.Type is not (JTokenType.Integer or JTokenType.Float))
            {
                return null;
            }
            sum += token.Value<double>();
        }
        return sum;
    }
}

using Cadrage.Rules.Evaluation;
using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Profiles;

namespace Cadrage.Rules.Tests.Explanations;

/// <summary>
/// Explanations re-decide many variants of a profile by running again only the rules a change touches: checked
/// against a full evaluation of the same variant, over real EPCI, every lever and every parameter.
/// </summary>
[TestClass]
public sealed class RedecideTests
{
    private static readonly IReadOnlyList<string> Questions = QuestionIds.WithOptions;

    // Every 25th EPCI of France (51 territories of every kind), read as the batch reads them.
    private static IEnumerable<TerritoryProfile> Sample() => RealRules.EpciProfiles(25);

    [TestMethod]
    public void ChangingOneIndicatorDecidesAsAFullEvaluation()
    {
        var kb = RealRules.Kb;
        var checkedVariants = 0;
        foreach (var profile in Sample())
        {
            var baseline = Evaluator.Decide(kb, profile);
            var memo = new Dictionary<string, Decision>(StringComparer.Ordinal);
            foreach (var indicator in kb.Indicators.Where(i => !i.Calcule))
            {
                foreach (var value in Variants(indicator, profile))
                {
                    var indicators = new Dictionary<string, IndicatorValue>(profile.Indicateurs, StringComparer.Ordinal);
                    if (value is null)
                    {
                        indicators.Remove(indicator.Id);
                    }
                    else
                    {
                        indicators[indicator.Id] = new IndicatorValue(value, "test", null);
                    }
                    var variant = profile.WithIndicators(indicators);
                    var full = Evaluator.Decide(kb, variant);
                    var incremental = Evaluator.Redecide(kb, baseline, variant, new HashSet<int> { kb.IndicatorIndex[indicator.Id] }, null, memo);
                    foreach (var q in Questions)
                    {
                        Assert.AreEqual(full.Answer(q), incremental.Answer(q), $"{profile.Id}, {indicator.Id} = {value ?? "absent"}, question {q}");
                    }
                    checkedVariants++;
                }
            }
        }
        Assert.IsTrue(checkedVariants > 1000, $"{checkedVariants} variantes seulement");
    }

    [TestMethod]
    public void ChangingOneParameterDecidesAsARuleSetWithThatValue()
    {
        var kb = RealRules.Kb;
        foreach (var profile in Sample().Take(20))
        {
            var baseline = Evaluator.Decide(kb, profile);
            var memo = new Dictionary<string, Decision>(StringComparer.Ordinal);
            foreach (var parameter in kb.ParameterList)
            {
                var d = parameter.Definition;
                foreach (var value in new[] { d.Min, (d.Min + d.Max) / 2, d.Max })
                {
                    var values = (double[])kb.ParameterValues.Clone();
                    values[parameter.Index] = value;
                    var full = Evaluator.Decide(kb.WithParameters(new Dictionary<string, double> { [parameter.Name] = value }), profile);
                    var incremental = Evaluator.Redecide(kb, baseline, null, null, values, memo);
                    foreach (var q in Questions)
                    {
                        Assert.AreEqual(full.Answer(q), incremental.Answer(q), $"{profile.Id}, {parameter.Name} = {value}, question {q}");
                    }
                }
            }
            // The baseline was not touched by the variants tried on its facts.
            var again = Evaluator.Decide(kb, profile);
            foreach (var q in Questions.Append(QuestionIds.Besoins))
            {
                Assert.AreEqual(again.Answer(q), baseline.Answer(q), $"{profile.Id}, question {q} after the variants");
            }
        }
    }

    private static IEnumerable<object?> Variants(IndicatorDefinition indicator, TerritoryProfile profile)
    {
        if (profile.Indicateurs.ContainsKey(indicator.Id))
        {
            yield return null; // removed
        }
        switch (indicator.Type)
        {
            case IndicatorType.booleen:
                yield return true;
                yield return false;
                break;
            case IndicatorType.texte when indicator.Valeurs is { } values:
                foreach (var v in values)
                {
                    yield return v.Id;
                }
                break;
            case IndicatorType.liste when indicator.Valeurs is { } values:
                yield return Array.Empty<string>();
                yield return values.Select(v => v.Id).ToArray();
                yield return new[] { values[0].Id };
                break;
            case IndicatorType.nombre or IndicatorType.entier:
                var min = indicator.Min ?? 0;
                var max = indicator.Max ?? min + 100;
                yield return min;
                yield return (min + max) / 2;
                yield return max;
                break;
        }
    }

}

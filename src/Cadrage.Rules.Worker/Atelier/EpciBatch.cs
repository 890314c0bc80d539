using System.Globalization;
using System.Text;
using Cadrage.Rules.Evaluation;
using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Output;
using Cadrage.Rules.Profiles;

namespace Cadrage.Rules.Worker.Atelier;

/// <summary>A territory of the atelier's batch: who it is, where it sits (population-weighted centre of its communes), its line.</summary>
public sealed record BatchTerritory(int Index, string Id, string Nom, string? Type, double? Population, double? Latitude, double? Longitude, string Line, string Search);

/// <summary>What one rule set made of one territory, kept small: the retained scenario's answers and the rules that fired.</summary>
public sealed class Retained
{
    public static readonly string[] Questions = [QuestionIds.Pilotage, QuestionIds.Modalites, QuestionIds.Lieux, QuestionIds.Besoins, QuestionIds.Objectifs];

    public string Pilotage { get; init; } = "";
    public string Lieux { get; init; } = "";
    public string[] Modalites { get; init; } = [];
    public string[] Priorites { get; init; } = [];
    public string[] Objectifs { get; init; } = [];
    public string Intitule { get; init; } = "";
    public bool[] Fired { get; init; } = [];
    public string? Error { get; init; }

    public static Retained From(EvaluationResult result, IReadOnlyList<RuleRun> runs)
    {
        var fired = new bool[runs.Count];
        for (var i = 0; i < runs.Count; i++)
        {
            fired[i] = runs[i].State == RuleState.Fired;
        }
        var s = result.Scenarios.FirstOrDefault(x => x.Retenu) ?? result.Scenarios.FirstOrDefault();
        if (s is null)
        {
            return new Retained { Intitule = "aucun scénario", Fired = fired };
        }
        return new Retained
        {
            Pilotage = s.Pilotage.Id,
            Lieux = s.Lieux.Id,
            Modalites = s.Modalites.Select(m => m.Id).Order(StringComparer.Ordinal).ToArray(),
            Priorites = s.Priorites.Select(p => $"{p.Service.Id}×{p.Public.Id}×{p.Critere.Id}").ToArray(),
            Objectifs = s.Objectifs.Select(o => o.Id).Order(StringComparer.Ordinal).ToArray(),
            Intitule = s.Intitule,
            Fired = fired,
        };
    }

    /// <summary>The same, from the decision without explanation (the sandbox's fast path; equal, tested).</summary>
    public static Retained From(DecisionOutcome decided)
    {
        var fired = decided.Runs.Select(r => r.State == RuleState.Fired).ToArray();
        if (decided.Failure is { } failure)
        {
            return new Retained { Error = failure.Message, Fired = new bool[fired.Length] };
        }
        if (decided.First is not { } s)
        {
            return new Retained { Intitule = "aucun scénario", Fired = fired };
        }
        return new Retained
        {
            Pilotage = s.Pilotage.Id,
            Lieux = s.Lieux.Id,
            Modalites = s.Modalites.Select(m => m.Id).Order(StringComparer.Ordinal).ToArray(),
            Priorites = s.Priorites.Select(p => p.Id).ToArray(),
            Objectifs = s.Objectifs.Select(o => o.Id).Order(StringComparer.Ordinal).ToArray(),
            Intitule = s.Intitule,
            Fired = fired,
        };
    }

    /// <summary>The questions whose retained answer differs between two outcomes.</summary>
    public IReadOnlyList<string> Differences(Retained other) => Questions.Where(q => Answer(q) != other.Answer(q)).ToList();

    public string Answer(string question) => question switch
    {
        QuestionIds.Pilotage => Pilotage,
        QuestionIds.Lieux => Lieux,
        QuestionIds.Modalites => string.Join('|', Modalites),
        QuestionIds.Besoins => string.Join('|', Priorites),
        _ => string.Join('|', Objectifs),
    };
}

/// <summary>
/// The batch of territories of the atelier (by default the 1,255 EPCI of <c>examples/france-epci.jsonl</c>): read
/// once, its profiles kept per indicator catalogue, the outcomes of the rule set in service cached per version, so
/// that a sandbox change only evaluates the changed rule set. Thread-safe.
/// </summary>
public sealed class EpciBatch(string path)
{
    private readonly Lock _lock = new();
    private readonly Evaluator _evaluator = new(); // no logger: the sandbox runs thousands of evaluations a second
    private static readonly EvaluationService Decisions = new();
    private List<BatchTerritory>? _territories;
    private (string Catalog, TerritoryProfile?[] Profiles)? _profiles;
    private (string Version, Retained[] Outcomes)? _baseline;
    private (string Key, ProfileFacts?[] Facts)? _facts;

    public string Path { get; } = path;

    public string FileName => System.IO.Path.GetFileName(Path);

    public bool Exists => File.Exists(Path);

    /// <summary>The territories of the batch, in file order (an unreadable line is left out of the search, counted in errors).</summary>
    public IReadOnlyList<BatchTerritory> Territories(RuleSet kb)
    {
        Profiles(kb);
        return _territories!;
    }

    /// <summary>The profiles read against <paramref name="kb"/>'s catalogue (null for a line that does not read).</summary>
    public TerritoryProfile?[] Profiles(RuleSet kb)
    {
        var cached = _profiles;
        if (cached is { } c && c.Catalog == kb.CatalogVersion)
        {
            return c.Profiles;
        }
        lock (_lock)
        {
            if (_profiles is { } again && again.Catalog == kb.CatalogVersion)
            {
                return again.Profiles;
            }
            var lines = Exists ? File.ReadAllLines(Path, Encoding.UTF8).Where(l => !string.IsNullOrWhiteSpace(l)).ToList() : [];
            var profiles = new TerritoryProfile?[lines.Count];
            Parallel.For(0, lines.Count, i =>
            {
                try
                {
                    profiles[i] = ProfileReader.Read(Encoding.UTF8.GetBytes(lines[i]), $"{FileName}, ligne {i + 1}", kb);
                }
                catch (ProfileException)
                {
                    profiles[i] = null;
                }
            });
            _territories ??= lines.Select((line, i) => Describe(i, line, profiles[i])).ToList();
            _profiles = (kb.CatalogVersion, profiles);
            return profiles;
        }
    }

    /// <summary>The outcomes of the rule set in service, computed once per version.</summary>
    public Retained[] Baseline(RuleSet kb)
    {
        if (_baseline is { } b && b.Version == kb.Version)
        {
            return b.Outcomes;
        }
        var outcomes = Evaluate(kb);
        _baseline = (kb.Version, outcomes);
        return outcomes;
    }

    /// <summary>
    /// Evaluates every territory under <paramref name="kb"/>, in parallel: explained results (the rule set in
    /// service), or with <paramref name="decideOnly"/> the answers decided without explanation (a sandbox variant).
    /// </summary>
    public Retained[] Evaluate(RuleSet kb, bool decideOnly = false)
    {
        var profiles = Profiles(kb);
        var outcomes = new Retained[profiles.Length];
        Parallel.For(0, profiles.Length, i =>
        {
            if (profiles[i] is not { } profile)
            {
                outcomes[i] = new Retained { Error = "profil illisible", Fired = new bool[kb.Rules.Count] };
                return;
            }
            try
            {
                outcomes[i] = decideOnly ? Retained.From(Decisions.Decide(kb, ProfileSource.FromProfile(profile))) : Retained.From(_evaluator.Evaluate(kb, profile, out var runs), runs);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                outcomes[i] = new Retained { Error = ex.Message, Fired = new bool[kb.Rules.Count] };
            }
        });
        return outcomes;
    }

    /// <summary>
    /// The outcomes of <paramref name="variant"/>, a rule set that differs from <paramref name="kb"/> (whose outcomes
    /// are <paramref name="baseline"/>) only by the values of <paramref name="parameters"/> and the weights of
    /// <paramref name="weighted"/> rules. An outcome is a function of the rules' states, their weights and the profile:
    /// a territory where no rule reading a changed parameter changes state, and no rule of changed weight fires,
    /// keeps its outcome; only the others are evaluated again. Parameters read by needs rules or by rules that read
    /// the computed priorities reach every answer, and parameters no rule reads are read by the evaluation itself (the
    /// named places): then every territory is evaluated.
    /// </summary>
    public Retained[] EvaluateChanged(RuleSet kb, RuleSet variant, Retained[] baseline, IReadOnlyCollection<string> parameters, IReadOnlyCollection<string> weighted)
    {
        var reading = variant.Rules.Where(r => r.Parameters.Any(parameters.Contains)).ToList();
        // A parameter no rule reads is read by the evaluation itself (the named places): nothing to screen on.
        var readByEvaluation = parameters.Any(p => !variant.Rules.Any(r => r.Parameters.Contains(p)));
        if (readByEvaluation || reading.Any(r => r.Workflow == QuestionIds.Besoins || r.Indicators.Any(i => variant.Indicators[i].Calcule)) || variant.Rules.Count != kb.Rules.Count)
        {
            return Evaluate(variant, decideOnly: true);
        }
        var weightedIndexes = weighted.Select(n => variant.RulesByName.TryGetValue(n, out var r) ? r.Index : -1).Where(i => i >= 0).ToArray();
        var profiles = Profiles(variant);
        var facts = Facts(variant, profiles);
        var values = new double[variant.ParameterList.Count];
        foreach (var p in variant.ParameterList)
        {
            values[p.Index] = p.Value;
        }
        var outcomes = new Retained[profiles.Length];
        Parallel.For(0, profiles.Length, i =>
        {
            var before = baseline[i];
            if (before.Error is not null || facts[i] is not { } f || !Changes(f, before, reading, weightedIndexes, values))
            {
                outcomes[i] = before;
                return;
            }
            try
            {
                // Only the answers are compared: decided without building the explained result.
                outcomes[i] = Retained.From(Decisions.Decide(variant, ProfileSource.FromProfile(profiles[i]!)));
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                outcomes[i] = new Retained { Error = ex.Message, Fired = new bool[variant.Rules.Count] };
            }
        });
        return outcomes;
    }

    private static bool Changes(ProfileFacts facts, Retained before, List<CompiledRule> reading, int[] weighted, double[] values)
    {
        foreach (var index in weighted)
        {
            if (before.Fired[index])
            {
                return true;
            }
        }
        foreach (var rule in reading)
        {
            var known = true;
            foreach (var indicator in rule.Indicators)
            {
                known &= facts.Present[indicator];
            }
            if (!known)
            {
                continue; // not evaluated, under either value
            }
            bool fired;
            try
            {
                fired = rule.Predicate(facts.Instance, values);
            }
            catch (Exception ex) when (ex is ArithmeticException or InvalidOperationException or NullReferenceException or IndexOutOfRangeException or ArgumentException)
            {
                return true;
            }
            if (fired != before.Fired[rule.Index])
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The typed facts of every profile for the compiled rules of <paramref name="kb"/> (kept for the latest compilation).</summary>
    private ProfileFacts?[] Facts(RuleSet kb, TerritoryProfile?[] profiles)
    {
        if (_facts is { } cached && cached.Key == kb.CompilationKey && cached.Facts.Length == profiles.Length)
        {
            return cached.Facts;
        }
        var facts = new ProfileFacts?[profiles.Length];
        Parallel.For(0, profiles.Length, i => facts[i] = profiles[i] is { } p ? ProfileFacts.Create(kb, p) : null);
        _facts = (kb.CompilationKey, facts);
        return facts;
    }

    /// <summary>Territories whose name or code matches every word of <paramref name="query"/>, best first.</summary>
    public IReadOnlyList<BatchTerritory> Search(RuleSet kb, string query, int max)
    {
        var words = Normalize(query).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            return [];
        }
        return Territories(kb)
            .Where(t => t.Line.Length > 0 && words.All(w => t.Search.Contains(w, StringComparison.Ordinal)))
            .OrderByDescending(t => t.Id.StartsWith(words[0], StringComparison.Ordinal) || t.Search.StartsWith(words[0], StringComparison.Ordinal) ? 1 : 0)
            .ThenByDescending(t => t.Population ?? 0)
            .Take(max)
            .ToList();
    }

    public BatchTerritory? Find(RuleSet kb, string id) => Territories(kb).FirstOrDefault(t => t.Id == id);

    /// <summary>Lowercase, without accents, punctuation as spaces: « Châtillonnais » and « chatillonnais » match.</summary>
    public static string Normalize(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            builder.Append(char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : ' ');
        }
        return builder.ToString();
    }

    private static BatchTerritory Describe(int index, string line, TerritoryProfile? profile)
    {
        if (profile is null)
        {
            return new BatchTerritory(index, $"ligne {index + 1}", $"ligne {index + 1} illisible", null, null, null, null, "", "");
        }
        var type = profile.Indicateurs.TryGetValue("type_epci", out var t) && t.Valeur is string s ? s : null;
        var population = profile.Indicateurs.TryGetValue("population", out var p) && p.Valeur is double d ? d : (double?)null;
        var (lat, lon) = Centre(profile.Communes);
        return new BatchTerritory(index, profile.Id, profile.Nom, type, population, lat, lon, line, Normalize(profile.Id + " " + profile.Nom));
    }

    /// <summary>The population-weighted centre of the communes that have a position (weight 1 when the population is unknown).</summary>
    public static (double? Latitude, double? Longitude) Centre(IReadOnlyList<MemberCommune> communes)
    {
        double weight = 0, lat = 0, lon = 0;
        foreach (var c in communes)
        {
            if (c.Latitude is { } la && c.Longitude is { } lo)
            {
                var w = c.Population is > 0 ? c.Population.Value : 1;
                weight += w;
                lat += la * w;
                lon += lo * w;
            }
        }
        return weight > 0 ? (lat / weight, lon / weight) : (null, null);
    }
}

using System.Diagnostics;
using Cadrage.Rules.Explanations;
using Cadrage.Rules.Json;
using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Output;
using Cadrage.Rules.Profiles;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Newtonsoft.Json.Linq;

namespace Cadrage.Rules.Evaluation;

/// <summary>Where a profile comes from: JSON text, UTF-8 bytes, a file, or a profile already read.</summary>
public abstract record ProfileSource(string Name)
{
    /// <summary>JSON text; <paramref name="name"/> names it in messages (file name, "requête", line of a batch).</summary>
    public static ProfileSource FromText(string json, string name) => new TextSource(json, name);

    /// <summary>UTF-8 encoded JSON (a request body, a line of a JSONL batch).</summary>
    public static ProfileSource FromUtf8(ReadOnlyMemory<byte> json, string name) => new Utf8Source(json, name);

    /// <summary>A profile file on disk. A missing file is a usage error, not an invalid profile.</summary>
    public static ProfileSource FromFile(string path) => new FileSource(path);

    /// <summary>A parsed JSON token (e.g. a row of a CSV batch turned into a profile object).</summary>
    public static ProfileSource FromToken(JToken token, string name) => new TokenSource(token, name);

    /// <summary>A profile already read against the same indicator catalogue (re-evaluation under another rule set).</summary>
    public static ProfileSource FromProfile(TerritoryProfile profile) => new ReadSource(profile, profile.Fichier ?? profile.Id);

    internal sealed record TextSource(string Json, string SourceName) : ProfileSource(SourceName);

    internal sealed record Utf8Source(ReadOnlyMemory<byte> Json, string SourceName) : ProfileSource(SourceName);

    internal sealed record FileSource(string Path) : ProfileSource(Path);

    internal sealed record TokenSource(JToken Token, string SourceName) : ProfileSource(SourceName);

    internal sealed record ReadSource(TerritoryProfile Profile, string SourceName) : ProfileSource(SourceName);
}

/// <summary>Why an evaluation produced no result. Hosts map it to an exit code, an HTTP status or an error file.</summary>
public enum EvaluationFailureKind
{
    /// <summary>The profile is not valid JSON or does not fit the catalogue: every error has its JSON path.</summary>
    ProfilInvalide,

    /// <summary>The profile file does not exist or cannot be read (a usage error for the command line).</summary>
    FichierIllisible,

    /// <summary>The evaluation ran out of its time budget.</summary>
    BudgetDepasse,

    /// <summary>Anything unexpected while handling this one profile: contained here, logged with a reference.</summary>
    ErreurInattendue,
}

/// <summary>A failed evaluation, in French: a one-paragraph message and, for an invalid profile, each error with its path.</summary>
public sealed record EvaluationFailure(EvaluationFailureKind Kind, string Source, string Message, IReadOnlyList<JsonDiagnostic> Errors, string? Reference = null);

/// <summary>What came of one profile: the typed profile (when it could be read), the result or the failure.</summary>
public sealed record EvaluationOutcome(ProfileSource Source, TerritoryProfile? Profile, EvaluationResult? Result, EvaluationFailure? Failure, IReadOnlyList<RuleRun>? Runs = null)
{
    public bool Succeeded => Result is not null;

    /// <summary>The territory id when the profile could be read, else null.</summary>
    public string? TerritoireId => Profile?.Id;
}

/// <summary>
/// The one evaluation entry point of every host (command line, inbox, API, batch, rule tools, rule tests):
/// read the profile → evaluate → an outcome. Nothing escapes it: an invalid profile, a budget overrun or any
/// unexpected exception becomes a French <see cref="EvaluationFailure"/> confined to this one profile.
/// Thread-safe; one instance serves every rule-set version.
/// </summary>
public sealed class EvaluationService(Evaluator? evaluator = null, ILogger<EvaluationService>? logger = null)
{
    private readonly Evaluator _evaluator = evaluator ?? new Evaluator();
    private readonly ILogger _logger = logger ?? NullLogger<EvaluationService>.Instance;

    public Evaluator Evaluator => _evaluator;

    /// <summary>Reads and evaluates one profile against <paramref name="rules"/>.</summary>
    /// <param name="keepRuns">Also return what each rule did (coverage, impact and rule-test tools).</param>
    /// <param name="explanations">The explanations to add to the result (none by default).</param>
    public EvaluationOutcome Evaluate(RuleSet rules, ProfileSource source, bool keepRuns = false, ExplanationRequest? explanations = null) =>
        Guarded(rules, source,
            profile =>
            {
                var result = _evaluator.Evaluate(rules, profile, explanations ?? ExplanationRequest.None, out var runs);
                return new EvaluationOutcome(source, profile, result, null, keepRuns ? runs : null);
            },
            (profile, failure) => new EvaluationOutcome(source, profile, null, failure));

    /// <summary>
    /// Reads one profile and decides its scenarios without explaining them (the rule tools: coverage, diff,
    /// sweep). Same reading, same budget, same containment of failures as <see cref="Evaluate"/>.
    /// </summary>
    public DecisionOutcome Decide(RuleSet rules, ProfileSource source) =>
        Guarded(rules, source,
            profile => new DecisionOutcome(source, profile, null, rules, _evaluator.DecideWithinBudget(rules, profile)),
            (profile, failure) => new DecisionOutcome(source, profile, failure));

    /// <summary>
    /// The decision of <paramref name="baseline"/>'s profile under <paramref name="variant"/>: when the variant
    /// is the baseline's rule set with other parameter values (<see cref="RuleSet.WithParameters"/>), only the
    /// rules that read a changed parameter run again, and a set of fired rules already met is decided once (a
    /// 21-value sweep over the 1,255 EPCI re-runs a few rules per territory and value); otherwise the profile is
    /// decided afresh. The outcome is <paramref name="baseline"/> itself when the variant decides the same, and
    /// one outcome per distinct decision is kept with the baseline. Thread-safe.
    /// </summary>
    public DecisionOutcome Redecide(RuleSet variant, DecisionOutcome baseline)
    {
        if (baseline.Profile is not { } profile)
        {
            return baseline; // unreadable under any rule set of the same catalogue
        }
        var read = ProfileSource.FromProfile(profile);
        if (baseline.Decision is not { } decision || baseline.Rules is not { } rules || !ReferenceEquals(rules.Rules, variant.Rules))
        {
            return Decide(variant, read);
        }
        return Guarded(variant, read,
            _ =>
            {
                using var deadline = EvaluationDeadline.Enter(_evaluator.Options.Budget, profile.Id);
                lock (baseline.Variants)
                {
                    var redecided = Evaluator.Redecide(rules, decision, null, null, variant.ParameterValues, baseline.Variants);
                    // The same decision is the same outcome: a sweep meets a handful of decisions per territory.
                    if (ReferenceEquals(redecided, decision))
                    {
                        return baseline;
                    }
                    if (!baseline.Outcomes.TryGetValue(redecided, out var known))
                    {
                        known = new DecisionOutcome(baseline.Source, profile, null, variant, redecided, baseline.Variants);
                        baseline.Outcomes[redecided] = known;
                    }
                    return known;
                }
            },
            (_, failure) => new DecisionOutcome(baseline.Source, profile, failure));
    }

    /// <summary>
    /// Read, then evaluate: nothing escapes. An invalid profile, a budget overrun or any unexpected exception
    /// becomes a French failure confined to this one profile.
    /// </summary>
    private T Guarded<T>(RuleSet rules, ProfileSource source, Func<TerritoryProfile, T> evaluate, Func<TerritoryProfile?, EvaluationFailure, T> fail)
    {
        TerritoryProfile profile;
        try
        {
            profile = Read(rules, source);
        }
        catch (ProfileException ex)
        {
            var kind = source is ProfileSource.FileSource && ex.Errors is [{ Chemin: "$" } only] && only.Message.StartsWith(ProfileReader.UnreadableFilePrefix, StringComparison.Ordinal)
                ? EvaluationFailureKind.FichierIllisible
                : EvaluationFailureKind.ProfilInvalide;
            _logger.LogWarning("Profil {Source} invalide : {Erreurs}", source.Name, ex.Errors.Select(e => e.ToString()).ToArray());
            return fail(null, new EvaluationFailure(kind, source.Name, ex.Message, ex.Errors));
        }
        catch (Exception ex) when (IsContainable(ex))
        {
            return fail(null, Unexpected(source, null, ex, rules.Version));
        }

        try
        {
            return evaluate(profile);
        }
        catch (EvaluationBudgetExceededException ex)
        {
            _logger.LogError("Évaluation interrompue pour {TerritoireId} avec la base de règles {RuleSetVersion} : {Erreur}", profile.Id, rules.Version, ex.Message);
            return fail(profile, new EvaluationFailure(EvaluationFailureKind.BudgetDepasse, source.Name, ex.Message, [new JsonDiagnostic(source.Name, "$", ex.Message)]));
        }
        catch (Exception ex) when (IsContainable(ex))
        {
            return fail(profile, Unexpected(source, profile, ex, rules.Version));
        }
    }

    private static TerritoryProfile Read(RuleSet rules, ProfileSource source) => source switch
    {
        ProfileSource.TextSource text => ProfileReader.Read(text.Json, text.SourceName, rules),
        ProfileSource.Utf8Source utf8 => ProfileReader.Read(utf8.Json.Span, utf8.SourceName, rules),
        ProfileSource.FileSource file => ProfileReader.ReadFile(file.Path, rules),
        ProfileSource.TokenSource token => ProfileReader.Read(token.Token, token.SourceName, rules),
        ProfileSource.ReadSource read => read.Profile,
        _ => throw new ArgumentOutOfRangeException(nameof(source)),
    };

    /// <summary>Everything but the failures a process cannot recover from.</summary>
    private static bool IsContainable(Exception ex) => ex is not (OutOfMemoryException or StackOverflowException or AccessViolationException);

    private EvaluationFailure Unexpected(ProfileSource source, TerritoryProfile? profile, Exception ex, string version)
    {
        var reference = "err-" + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())[..12];
        _logger.LogError(ex, "Erreur inattendue {Reference} sur le profil {Source} ({TerritoireId}) avec la base de règles {RuleSetVersion}", reference, source.Name, profile?.Id, version);
        var message = $"Erreur inattendue pendant l'évaluation de {source.Name} (référence {reference}, consignée dans le journal du service) : le profil est mis de côté, les autres continuent.";
        Debug.WriteLine(ex);
        return new EvaluationFailure(EvaluationFailureKind.ErreurInattendue, source.Name, message, [new JsonDiagnostic(source.Name, "$", message)], reference);
    }
}

using System.Globalization;
using Cadrage.Rules.Worker.Journal;
using Microsoft.Extensions.Options;

namespace Cadrage.Rules.Worker.Service;

/// <summary>What <c>/health</c> answers: ready or not, and a French body naming each part's state.</summary>
public sealed record HealthReport(bool Pret, IReadOnlyDictionary<string, object?> Corps);

/// <summary>
/// The health of <c>cadrage serve</c>: the rule set in service, the background services (a crashed one makes
/// <c>cadrage serve</c> exit with a failing code, since the .NET 10 host alone would exit 0), the inbox worker
/// (active, paused on an output failure, stalled) and the journal (checked for real, at most once a second).
/// </summary>
public sealed class ServiceHealth(RuleSetHolder rules, EvaluationJournal journal, IOptions<ServiceOptions> options, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private int _failed;
    private InboxState _inbox = new(InboxPhase.Starting, null, null, 0);

    private enum InboxPhase { Starting, Active, Paused, Stopped }

    private sealed record InboxState(InboxPhase Phase, string? Reason, DateTimeOffset? LastActivity, int Failing);

    public bool Failed => Volatile.Read(ref _failed) == 1;

    public void Fail() => Interlocked.Exchange(ref _failed, 1);

    /// <summary>The inbox worker scanned or finished a file: it is alive.</summary>
    public void InboxActive(int failing) => Set(s => s with { Phase = s.Phase == InboxPhase.Paused ? InboxPhase.Paused : InboxPhase.Active, LastActivity = _time.GetUtcNow(), Failing = failing });

    /// <summary>The inbox stopped taking files for a while (the outbox, errors or archive folder refuses writes).</summary>
    public void InboxPaused(string reason) => Set(s => s with { Phase = InboxPhase.Paused, Reason = reason, LastActivity = _time.GetUtcNow() });

    public void InboxResumed() => Set(s => s with { Phase = InboxPhase.Active, Reason = null, LastActivity = _time.GetUtcNow() });

    public void InboxStopped() => Set(s => s with { Phase = InboxPhase.Stopped, Reason = null });

    /// <summary>The state of every part; not ready (503) when any part is at fault.</summary>
    public HealthReport Report()
    {
        var problems = new List<string>();
        var body = new Dictionary<string, object?>();
        if (rules.HasRules)
        {
            body["version"] = rules.Current.Version;
        }
        else
        {
            problems.Add("aucune base de règles valide");
        }
        if (Failed)
        {
            problems.Add("un service d'arrière-plan s'est arrêté sur une erreur (voir le journal du service)");
        }

        var inbox = Volatile.Read(ref _inbox);
        var now = _time.GetUtcNow();
        var stall = TimeSpan.FromMilliseconds(Math.Max(60_000, 10L * options.Value.ScrutationMs));
        var (state, inboxProblem) = inbox.Phase switch
        {
            InboxPhase.Starting => ("démarrage", null),
            InboxPhase.Stopped => ("arrêtée", Failed ? "boîte d'entrée arrêtée" : null),
            InboxPhase.Paused => ("en pause", "boîte d'entrée en pause : " + inbox.Reason),
            _ when inbox.LastActivity is { } last && now - last > stall =>
                ("bloquée", $"boîte d'entrée bloquée : aucune activité depuis {(int)(now - last).TotalSeconds} s"),
            _ => ("active", null),
        };
        if (inboxProblem is not null)
        {
            problems.Add(inboxProblem);
        }
        body["boiteEntree"] = new Dictionary<string, object?>
        {
            ["etat"] = state,
            ["raison"] = inbox.Phase == InboxPhase.Paused ? inbox.Reason : null,
            ["derniereActivite"] = inbox.LastActivity?.ToString("O", CultureInfo.InvariantCulture),
            ["fichiersEnEchec"] = inbox.Failing,
        };

        var journalStatus = journal.Check();
        if (!journalStatus.Disponible)
        {
            problems.Add("journal des évaluations indisponible : " + journalStatus.Raison);
        }
        body["journal"] = new Dictionary<string, object?>
        {
            ["etat"] = journalStatus.Disponible ? "disponible" : "indisponible",
            ["raison"] = journalStatus.Raison,
            ["depuis"] = journalStatus.Depuis?.ToString("O", CultureInfo.InvariantCulture),
            ["enAttente"] = journalStatus.EnAttente,
        };

        body["statut"] = problems.Count == 0 ? "prêt" : "indisponible : " + string.Join(" ; ", problems);
        // The status first: it is what a person reads.
        var ordered = new Dictionary<string, object?> { ["statut"] = body["statut"] };
        foreach (var (key, value) in body.Where(p => p.Key != "statut"))
        {
            ordered[key] = value;
        }
        return new HealthReport(problems.Count == 0, ordered);
    }

    private void Set(Func<InboxState, InboxState> change)
    {
        InboxState before, after;
        do
        {
            before = Volatile.Read(ref _inbox);
            after = change(before);
        }
        while (Interlocked.CompareExchange(ref _inbox, after, before) != before);
    }
}

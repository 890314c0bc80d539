using Cadrage.Rules.Worker.Service;
using Newtonsoft.Json.Linq;

namespace Cadrage.Rules.Hostile.Profiles;

/// <summary>
/// More than 10 000 malformed or hostile profiles through the real batch, inbox and API: nothing crashes, nothing
/// is lost or overwritten, nothing hangs beyond its budget, every rejection is French and names its JSON path.
/// </summary>
[TestClass]
public sealed class HostileProfileTests
{
    [TestMethod]
    public void TheSetHasMoreThanTenThousandCasesCoveringEveryClass()
    {
        var cases = HostileProfiles.Cases;

        Assert.IsTrue(cases.Count >= 10_000, $"{cases.Count} cas");
        foreach (var (kind, count) in HostileProfiles.Classes)
        {
            Assert.AreEqual(count, cases.Count(c => c.Class == kind), kind);
        }
        Assert.AreEqual(cases.Count, cases.Select(c => c.FileName).Distinct().Count());
        CollectionAssert.AreEqual(cases.Select(c => c.Bytes.Length).ToList(), HostileProfiles.Generate(12).Select(c => c.Bytes.Length).ToList(), "la même suite à chaque exécution");
    }

    [TestMethod]
    public async Task BatchNeverCrashesLosesOrHangs() => NothingLost(await PathRuns.Batch);

    [TestMethod]
    public async Task BatchErrorsAreFrenchAndNameTheirPath() => MessagesAreFrench(await PathRuns.Batch);

    [TestMethod]
    public async Task BatchRejectsEveryMalformedProfile() => MalformedAreRejected(await PathRuns.Batch);

    [TestMethod]
    public async Task InboxNeverCrashesLosesOrHangs() => NothingLost(await PathRuns.Inbox);

    [TestMethod]
    public async Task InboxErrorsAreFrenchAndNameTheirFileAndPath()
    {
        var run = await PathRuns.Inbox;
        MessagesAreFrench(run);
        Fail(run, (c, r) => r.Fate == Fate.Rejected && !r.Messages[0].Message.Contains(c.FileName, StringComparison.Ordinal) ? "la raison ne nomme pas le fichier" : null);
    }

    [TestMethod]
    public async Task InboxRejectsEveryMalformedProfile() => MalformedAreRejected(await PathRuns.Inbox);

    [TestMethod]
    public async Task InboxNeverOverwritesOneTerritorysResultWithAnothersAndJournalsEachEvaluation()
    {
        var run = await PathRuns.Inbox;
        var data = Path.Combine(run.Folder!, "data");

        var expected = HostileProfiles.Cases.Where((c, i) => run.Cases[i]?.Fate == Fate.Accepted).Select(PathRuns.IdOf).ToList();
        var outputs = Directory.EnumerateFiles(Path.Combine(data, "outbox"), "*.json")
            .Select(f => (Stem: Path.GetFileNameWithoutExtension(f), Id: (string?)JObject.Parse(File.ReadAllText(f))["territoire"]!["id"]))
            .ToList();

        Assert.IsFalse(expected.Contains(null), "chaque profil évalué a un id lisible");
        var expectedIds = expected.ToHashSet(StringComparer.Ordinal);
        var outputIds = outputs.Select(o => o.Id!).ToHashSet(StringComparer.Ordinal);
        Assert.AreEqual(outputs.Count, outputIds.Count, "deux fichiers de résultat pour un même territoire");
        var missing = expectedIds.Except(outputIds).ToList();
        Assert.AreEqual(0, missing.Count, $"{missing.Count} territoires sans résultat (écrasés ?) : " + string.Join(" | ", missing.Take(10)));
        var stray = outputIds.Except(expectedIds).ToList();
        Assert.AreEqual(0, stray.Count, "résultats inattendus : " + string.Join(" | ", stray.Take(10)));
        foreach (var (stem, id) in outputs)
        {
            Assert.IsTrue(stem == OutputName.ForId(id!) || stem == OutputName.ForIdFullHash(id!), $"{stem} pour l'id « {id} »");
        }
        Assert.AreEqual(run.Count(Fate.Accepted), PathRuns.JournalRows(Path.Combine(data, "cadrage.db")), "une ligne de journal par profil évalué");
    }

    [TestMethod]
    public async Task ApiNeverCrashesLosesOrHangs() => NothingLost(await PathRuns.Api);

    [TestMethod]
    public async Task ApiErrorsAreFrenchAndNameTheirPath() => MessagesAreFrench(await PathRuns.Api);

    [TestMethod]
    public async Task ApiRejectsEveryMalformedProfile() => MalformedAreRejected(await PathRuns.Api);

    [TestMethod]
    public async Task ValidProfilesAreEvaluatedOnEveryPath()
    {
        foreach (var run in new[] { await PathRuns.Batch, await PathRuns.Inbox, await PathRuns.Api })
        {
            // A loss is the other checks' business: here, a valid profile must not be refused.
            Fail(run, (c, r) => c.Expect == Expectation.Accept && r.Fate is Fate.Rejected or Fate.Crashed ? $"profil valide refusé ({r.Where}) : {string.Join(" ; ", r.Messages.Select(m => m.Message))}" : null);
        }
    }

    [TestMethod]
    public async Task LoneSurrogateIdsAreFrenchProfileErrorsOnEveryPath()
    {
        foreach (var run in new[] { await PathRuns.KnownIssuesBatch, await PathRuns.Inbox, await PathRuns.Api })
        {
            Assert.IsFalse(run.ProcessCrashed, $"{run.Path} : processus en échec\n" + string.Join("\n", run.Notes));
            Fail(run, (_, r) => r.Fate is Fate.Lost or Fate.Crashed ? $"{r.Fate} ({r.Where})" : null, knownIssues: true);
            Fail(run, (_, r) => r.Fate == Fate.Rejected && !r.Messages.Any(m => m.Chemin?.StartsWith('$') == true) ? "aucun chemin JSON : " + r.Messages[0].Message : null, knownIssues: true);
        }
    }

    /// <summary>No crash, no case without an outcome, no hang beyond the budget.</summary>
    private static void NothingLost(PathResult run)
    {
        Assert.IsFalse(run.ProcessCrashed, $"{run.Path} : processus en échec\n" + string.Join("\n", run.Notes));
        Assert.IsFalse(run.OverBudget, $"{run.Path} : budget dépassé ({run.Duration}, latence max {run.MaxLatency})\n" + string.Join("\n", run.Notes));
        Fail(run, (_, r) => r.Fate is Fate.Lost or Fate.Crashed ? $"{r.Fate} ({r.Where}) {string.Join(" ; ", r.Messages.Select(m => m.Message))}" : null);
    }

    /// <summary>Every rejection is French and names a JSON path (a size limit names none: it is not about the JSON).</summary>
    private static void MessagesAreFrench(PathResult run) => Fail(run, (_, r) =>
    {
        if (r.Fate != Fate.Rejected)
        {
            return null;
        }
        if (r.Messages.Count == 0)
        {
            return "rejet sans message";
        }
        foreach (var (_, message) in r.Messages)
        {
            if (French.Problem(message) is { } problem)
            {
                return $"{problem} dans « {Short(message)} »";
            }
        }
        // A size limit or an empty body is not about a place in the JSON: no path to name.
        var noDocument = r.Where == "413" || r.Messages.Any(m => m.Message.Contains("trop volumineux", StringComparison.Ordinal) || m.Message.StartsWith("Profil manquant", StringComparison.Ordinal));
        return noDocument || r.Messages.Any(m => m.Chemin?.StartsWith('$') == true) ? null : $"aucun chemin JSON : « {Short(string.Join(" ; ", r.Messages.Select(m => m.Message)))} »";
    });

    /// <summary>Strict JSON: every malformed case is rejected, none is evaluated.</summary>
    private static void MalformedAreRejected(PathResult run) =>
        Fail(run, (c, r) => c.Expect == Expectation.Reject && r.Fate == Fate.Accepted ? "profil mal formé évalué" : null);

    /// <summary>Fails with the cases <paramref name="check"/> finds at fault, among those the path was given (known issues apart).</summary>
    private static void Fail(PathResult run, Func<HostileCase, CaseResult, string?> check, bool knownIssues = false)
    {
        var failures = HostileProfiles.Cases
            .Select((c, i) => (Case: c, Result: run.Cases[i]))
            .Where(x => x.Result is not null && (x.Case.KnownIssue is not null) == knownIssues)
            .Select(x => (x.Case, Problem: check(x.Case, x.Result!)))
            .Where(f => f.Problem is not null).ToList();
        if (failures.Count > 0)
        {
            var byClass = string.Join(", ", failures.GroupBy(f => f.Case.Class).Select(g => $"{g.Key} : {g.Count()}"));
            Assert.Fail($"{run.Path} : {failures.Count} cas en défaut ({byClass})\n" +
                string.Join("\n", failures.Take(15).Select(f => $"  {f.Case.FileName} ({f.Case.What}) : {f.Problem}")));
        }
    }

    private static string Short(string text) => text.Length > 300 ? text[..300] + "…" : text;
}

using System.Formats.Tar;

namespace Cadrage.Rules.Worker.RuleTools;

/// <summary>Reads a folder of a git repository as it was at a revision (for <c>rules diff --avant HEAD</c>).</summary>
public static class GitRevision
{
    /// <summary>
    /// The rules folder as it was at a git revision: <paramref name="revision"/> is read with <c>git archive</c> from
    /// the repository holding <paramref name="currentRules"/>, into a temporary folder.
    /// </summary>
    /// <exception cref="InvalidOperationException">In French, when git cannot give that revision.</exception>
    public static string Extract(string revision, string currentRules)
    {
        var full = Path.GetFullPath(currentRules);
        var top = Git(full, "rev-parse", "--show-toplevel").Trim();
        var relative = Path.GetRelativePath(top, full).Replace('\\', '/');
        var target = Path.Combine(Path.GetTempPath(), "cadrage-regles-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(target);
        var start = new System.Diagnostics.ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = top };
        foreach (var argument in new[] { "archive", "--format=tar", revision, "--", relative })
        {
            start.ArgumentList.Add(argument);
        }
        using var process = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException("git introuvable");
        using (var tar = new MemoryStream())
        {
            process.StandardOutput.BaseStream.CopyTo(tar);
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"révision git « {revision} » illisible pour {relative} : {error.Trim()}");
            }
            tar.Position = 0;
            TarFile.ExtractToDirectory(tar, target, overwriteFiles: true);
        }
        return Path.Combine(target, relative);
    }

    private static string Git(string directory, params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Directory.Exists(directory) ? directory : Path.GetDirectoryName(directory)! };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException("git introuvable");
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"git {string.Join(' ', arguments)} : {error.Trim()}");
    }
}

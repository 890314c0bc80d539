namespace Cadrage.Rules.Tests.RuleTools;

/// <summary>Small real batches for the rule tools.</summary>
internal static class Batches
{
    /// <summary>A private folder holding a copy of the five example profiles.</summary>
    public static string ExamplesFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "cadrage-tests", Guid.NewGuid().ToString("N"), "lot");
        Directory.CreateDirectory(folder);
        foreach (var file in Repo.ExampleFiles)
        {
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        }
        return folder;
    }
}

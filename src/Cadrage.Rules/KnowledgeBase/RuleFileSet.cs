using System.Security.Cryptography;
using System.Text;
using Cadrage.Rules.IO;

namespace Cadrage.Rules.KnowledgeBase;

/// <summary>One file of a rule set, read once.</summary>
public sealed record RuleFile(string Full, string Relative, string Text);

/// <summary>
/// The files of a rules folder, each read once: the référentiel, the indicator catalogue, the parameters, the
/// scenario settings and the RulesEngine workflows of <c>regles/</c>. Gives the content hashes that version a
/// rule set (and tell what a change touched: the catalogue, the workflows, or only parameter values).
/// </summary>
public sealed class RuleFileSet
{
    /// <summary>Folder of rules/ holding the RulesEngine workflow files.</summary>
    public const string WorkflowFolder = "regles";

    /// <summary>The rule set's own formats, at the top of the folder, in reading order.</summary>
    public static readonly IReadOnlyList<string> OwnFiles = [Referentiel.FileName, IndicatorCatalog.FileName, ParameterFile.FileName, ScenarioSettings.FileName];

    private readonly Dictionary<string, RuleFile> _byName;

    private RuleFileSet(string directory, IReadOnlyList<RuleFile> files)
    {
        Directory = directory;
        Files = files;
        _byName = files.ToDictionary(f => f.Relative, StringComparer.Ordinal);
        Version = Hash(files);
        CatalogVersion = Hash(files.Where(f => f.Relative is Referentiel.FileName or IndicatorCatalog.FileName));
    }

    public string Directory { get; }

    /// <summary>Every file, own formats first, then workflows in ordinal order.</summary>
    public IReadOnlyList<RuleFile> Files { get; }

    public IEnumerable<RuleFile> Workflows => Files.Where(f => f.Relative.StartsWith(WorkflowFolder + "/", StringComparison.Ordinal));

    /// <summary>Content hash of every file (12 hex digits): the rule-set version.</summary>
    public string Version { get; }

    /// <summary>Content hash of the référentiel and the catalogue: what a profile is read against.</summary>
    public string CatalogVersion { get; }

    public RuleFile? Find(string relative) => _byName.GetValueOrDefault(relative);

    /// <summary>Lists and reads the files of <paramref name="directory"/>; a missing workflow folder is an error.</summary>
    public static RuleFileSet Read(string directory, List<RuleSetError> errors)
    {
        var files = new List<RuleFile>();
        foreach (var name in OwnFiles)
        {
            var full = Path.Combine(directory, name);
            if (File.Exists(full) && IsRegular(full, name, errors))
            {
                files.Add(new RuleFile(full, name, ReadText(full, name, errors)));
            }
        }
        var folder = Path.Combine(directory, WorkflowFolder);
        if (System.IO.Directory.Exists(folder))
        {
            foreach (var full in System.IO.Directory.EnumerateFiles(folder, "*.json", SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal))
            {
                var relative = WorkflowFolder + "/" + Path.GetFileName(full);
                if (IsRegular(full, relative, errors))
                {
                    files.Add(new RuleFile(full, relative, ReadText(full, relative, errors)));
                }
            }
        }
        else
        {
            errors.Add(new RuleSetError(WorkflowFolder + "/", "dossier des règles (workflows RulesEngine) introuvable"));
        }
        return new RuleFileSet(directory, files);
    }

    /// <summary>
    /// A FIFO, a device or a socket is never opened (opening a FIFO waits for a writer, forever): it is left out
    /// with an error naming it, so the folder is refused instead of blocking whoever loads it.
    /// </summary>
    private static bool IsRegular(string full, string relative, List<RuleSetError> errors)
    {
        var (kind, description) = FileKind.Describe(full);
        if (kind != FileKindValue.Special)
        {
            return true;
        }
        errors.Add(new RuleSetError(relative, $"{description} et non fichier ordinaire : il n'est pas lu ; remplacez-le par un fichier ou retirez-le du dossier des règles"));
        return false;
    }

    private static string ReadText(string full, string relative, List<RuleSetError> errors)
    {
        try
        {
            return File.ReadAllText(full);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors.Add(new RuleSetError(relative, "fichier illisible (verrouillé ou accès refusé)"));
            return "";
        }
    }

    /// <summary>A content hash of some texts (12 hex digits); line endings do not count.</summary>
    public static string Hash(IEnumerable<RuleFile> files) => Hash(files.OrderBy(f => f.Relative, StringComparer.Ordinal).SelectMany(f => new[] { f.Relative, f.Text }));

    public static string Hash(IEnumerable<string> parts)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var part in parts)
        {
            // A checkout with CRLF gets the same version.
            hash.AppendData(Encoding.UTF8.GetBytes(part.ReplaceLineEndings("\n")));
            hash.AppendData([0]);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..12];
    }
}

using Microsoft.Extensions.Options;

namespace Cadrage.Rules.Worker.Service;

/// <summary>Settings of <c>cadrage serve</c> (section <c>Cadrage:Service</c>), validated at start.</summary>
public sealed class ServiceOptions
{
    public const string Section = "Cadrage:Service";

    /// <summary>Folder watched for profiles (<c>*.json</c>).</summary>
    public string Entree { get; set; } = "data/inbox";

    /// <summary>Folder of results: <c>&lt;id&gt;.json</c> and its French summary <c>&lt;id&gt;.txt</c>.</summary>
    public string Sortie { get; set; } = "data/outbox";

    /// <summary>Where a profile goes once its result is durable.</summary>
    public string Archive { get; set; } = "data/archive";

    /// <summary>Where an invalid profile goes, beside a <c>.erreur.txt</c> file stating the reason.</summary>
    public string Erreurs { get; set; } = "data/errors";

    /// <summary>How many profiles are evaluated at once.</summary>
    public int Parallelisme { get; set; } = Environment.ProcessorCount;

    /// <summary>A file is read only once it has not changed for this long (ms): a half-written file waits.</summary>
    public int StabiliteMs { get; set; } = 500;

    /// <summary>Period of the inbox scan (ms), besides file-system notifications.</summary>
    public int ScrutationMs { get; set; } = 1000;

    /// <summary>Rules are reloaded once the folder has been quiet for this long (ms).</summary>
    public int DebounceReglesMs { get; set; } = 100;

    /// <summary>Period (ms) of the check that the rules folder changed, besides file-system notifications.</summary>
    public int ScrutationReglesMs { get; set; } = 2000;

    /// <summary>An incomplete JSON file modified less than this long ago (s) is retried rather than rejected.</summary>
    public int AttenteFichierIncompletS { get; set; } = 30;

    /// <summary>Largest inbox file read (bytes); a larger one goes to the errors folder unread.</summary>
    public int TailleMaxOctets { get; set; } = 4 * 1024 * 1024;

    /// <summary>Tries on a file that cannot be handled (unreadable, unexpected error) before it goes to the errors folder.</summary>
    public int EssaisMax { get; set; } = 5;

    /// <summary>Longest wait (s) between tries: of one failing file, or of the whole inbox while a folder refuses writes.</summary>
    public int AttenteMaxS { get; set; } = 60;
}

/// <summary>French validation of <see cref="ServiceOptions"/>; a bad setting stops the host at start.</summary>
public sealed class ServiceOptionsValidator : IValidateOptions<ServiceOptions>
{
    public ValidateOptionsResult Validate(string? name, ServiceOptions o)
    {
        var errors = new List<string>();
        var folders = new (string Key, string Value)[] { ("Entree", o.Entree), ("Sortie", o.Sortie), ("Archive", o.Archive), ("Erreurs", o.Erreurs) };
        foreach (var (key, value) in folders)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                errors.Add($"{ServiceOptions.Section}:{key} : dossier non renseigné");
            }
            else if (value.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
            {
                errors.Add($"{ServiceOptions.Section}:{key} : chemin invalide « {value} »");
            }
        }
        var distinct = folders.Where(f => !string.IsNullOrWhiteSpace(f.Value)).GroupBy(f => Path.GetFullPath(f.Value)).Where(g => g.Count() > 1);
        foreach (var group in distinct)
        {
            errors.Add($"{string.Join(" et ", group.Select(g => ServiceOptions.Section + ":" + g.Key))} désignent le même dossier ({group.Key}) : ils doivent être distincts");
        }
        Range(o.Parallelisme, 1, 256, "Parallelisme");
        Range(o.StabiliteMs, 0, 600_000, "StabiliteMs");
        Range(o.ScrutationMs, 10, 600_000, "ScrutationMs");
        Range(o.DebounceReglesMs, 0, 600_000, "DebounceReglesMs");
        Range(o.ScrutationReglesMs, 10, 600_000, "ScrutationReglesMs");
        Range(o.AttenteFichierIncompletS, 0, 86_400, "AttenteFichierIncompletS");
        Range(o.TailleMaxOctets, 1024, 1024 * 1024 * 1024, "TailleMaxOctets");
        Range(o.EssaisMax, 1, 100, "EssaisMax");
        Range(o.AttenteMaxS, 1, 3600, "AttenteMaxS");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);

        void Range(int value, int min, int max, string key)
        {
            if (value < min || value > max)
            {
                errors.Add($"{ServiceOptions.Section}:{key} vaut {value} : attendu entre {min} et {max}");
            }
        }
    }
}

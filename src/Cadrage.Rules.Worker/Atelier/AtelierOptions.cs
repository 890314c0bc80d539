using Microsoft.Extensions.Options;

namespace Cadrage.Rules.Worker.Atelier;

/// <summary>Settings of the atelier, the web application served at <c>/</c> (section <c>Cadrage:Atelier</c>).</summary>
public sealed class AtelierOptions
{
    public const string Section = "Cadrage:Atelier";

    /// <summary>Serve the atelier at <c>/</c> (on by default).</summary>
    public bool Actif { get; set; } = true;

    /// <summary>
    /// The batch of territories the atelier searches and the sandbox re-evaluates (JSONL); empty: the
    /// <c>examples/france-epci.jsonl</c> beside the rules folder.
    /// </summary>
    public string? Lot { get; set; }

    /// <summary>Let the sandbox write a change into the rules folder (off: it only exports a patch).</summary>
    public bool EcritureRegles { get; set; }

    /// <summary>The batch file: the setting, else <c>examples/france-epci.jsonl</c> beside the rules folder.</summary>
    public string BatchPath(string rulesDirectory)
    {
        if (!string.IsNullOrWhiteSpace(Lot))
        {
            return Path.GetFullPath(Lot);
        }
        var rules = Path.GetFullPath(rulesDirectory).TrimEnd(Path.DirectorySeparatorChar);
        return Path.Combine(Path.GetDirectoryName(rules) ?? ".", "examples", "france-epci.jsonl");
    }
}

public sealed class AtelierOptionsValidator : IValidateOptions<AtelierOptions>
{
    public ValidateOptionsResult Validate(string? name, AtelierOptions o) =>
        o.Lot is { Length: > 0 } lot && !File.Exists(lot)
            ? ValidateOptionsResult.Fail($"{AtelierOptions.Section}:Lot « {Path.GetFileName(lot)} » introuvable : un fichier JSONL de profils est attendu")
            : ValidateOptionsResult.Success;
}

namespace Cadrage.Rules.Worker.RuleTools;

/// <summary>What one rule set made of one territory: the scénario retenu and the rules that fired.</summary>
public sealed record TerritoryOutcome(
    string Id,
    string Nom,
    string Type,
    string? Pilotage,
    IReadOnlyList<string> Modalites,
    string? Lieux,
    IReadOnlyList<string> Priorites,
    IReadOnlyList<string> Objectifs,
    double Score,
    IReadOnlyDictionary<string, double> Fired,
    string? Error)
{
    public static readonly string[] Answers = ["pilotage", "modalites", "lieux", "priorites", "objectifs"];

    /// <summary>The five answers as comparable text.</summary>
    public string Answer(string question) => question switch
    {
        "pilotage" => Pilotage ?? "",
        "modalites" => string.Join('|', Modalites),
        "lieux" => Lieux ?? "",
        "priorites" => string.Join('|', Priorites),
        _ => string.Join('|', Objectifs),
    };

    public string Retenu => $"{Pilotage} · {string.Join('+', Modalites)} · {Lieux} · {string.Join('+', Objectifs)}";
}

namespace Cadrage.Rules.Json;

/// <summary>A French diagnostic about a JSON file: which file, where in it, what is wrong.</summary>
public sealed record JsonDiagnostic(string Fichier, string Chemin, string Message)
{
    public override string ToString() =>
        string.IsNullOrEmpty(Chemin) ? $"{Fichier} : {Message}" : $"{Fichier}, {Chemin} : {Message}";
}

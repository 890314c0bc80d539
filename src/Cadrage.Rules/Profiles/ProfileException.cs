using System.Text;
using Cadrage.Rules.Json;

namespace Cadrage.Rules.Profiles;

/// <summary>An invalid profile: every problem found, each with its file and JSON path, in French.</summary>
public sealed class ProfileException : Exception
{
    public ProfileException(string file, IReadOnlyList<JsonDiagnostic> errors)
        : base(Format(file, errors))
    {
        Fichier = file;
        Errors = errors;
    }

    public string Fichier { get; }

    public IReadOnlyList<JsonDiagnostic> Errors { get; }

    private static string Format(string file, IReadOnlyList<JsonDiagnostic> errors)
    {
        var text = new StringBuilder();
        text.Append("Profil invalide (").Append(file).Append(") : ").Append(errors.Count).Append(errors.Count > 1 ? " erreurs" : " erreur");
        foreach (var error in errors)
        {
            text.AppendLine().Append("  - ").Append(error.Chemin).Append(" : ").Append(error.Message);
        }
        return text.ToString();
    }
}

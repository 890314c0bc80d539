using System.Text;

namespace Cadrage.Rules.KnowledgeBase;

/// <summary>One problem found while loading a rule set, in French, naming file, rule (and its workflow), JSON path and expression.</summary>
public sealed record RuleSetError(string Fichier, string Message, string? Regle = null, string? Chemin = null, string? Expression = null, string? Workflow = null)
{
    public override string ToString()
    {
        var text = new StringBuilder(Fichier);
        if (Regle is not null)
        {
            text.Append(", règle « ").Append(Regle).Append(" »");
            if (Workflow is not null)
            {
                text.Append(" du workflow « ").Append(Workflow).Append(" »");
            }
        }
        if (!string.IsNullOrEmpty(Chemin))
        {
            text.Append(" (").Append(Chemin).Append(')');
        }
        text.Append(" : ").Append(Message);
        if (Expression is not null)
        {
            text.Append(" — expression : ").Append(Expression);
        }
        return text.ToString();
    }
}

/// <summary>Thrown when a rule set cannot be loaded; carries every error found, not just the first.</summary>
public sealed class RuleSetException : Exception
{
    public RuleSetException(string directory, IReadOnlyList<RuleSetError> errors)
        : base(Format(directory, errors))
    {
        Directory = directory;
        Errors = errors;
    }

    public string Directory { get; }

    public IReadOnlyList<RuleSetError> Errors { get; }

    private static string Format(string directory, IReadOnlyList<RuleSetError> errors)
    {
        var text = new StringBuilder();
        text.Append("Base de règles invalide (").Append(directory).Append(") : ")
            .Append(errors.Count).Append(errors.Count > 1 ? " erreurs" : " erreur");
        foreach (var error in errors)
        {
            text.AppendLine().Append("  - ").Append(error);
        }
        return text.ToString();
    }
}

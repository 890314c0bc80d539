using System.Text.RegularExpressions;

namespace Cadrage.Rules.KnowledgeBase;

/// <summary>The naming rules of the rule set's identifiers (options, rules, indicators, parameters).</summary>
public static partial class Names
{
    /// <summary>Words an indicator or a parameter cannot be named: the expression language uses them.</summary>
    public static readonly IReadOnlySet<string> Reserved = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "it", "parent", "root", "new", "true", "false", "null", "iif", "np", "as", "is", "and", "or", "not", "in", "mod", "profil",
    };

    /// <summary>Option and rule ids: lower case, digits and dashes (faire-avec).</summary>
    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    public static partial Regex Id();

    /// <summary>Indicator and parameter names: readable in an expression (profil.densite, seuil_faible_densite).</summary>
    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    public static partial Regex Identifier();

    /// <summary>A placeholder of an explanation: {indicateur} or {parametre}.</summary>
    [GeneratedRegex(@"\{([a-z][a-z0-9_]*)\}")]
    public static partial Regex Placeholder();

    public static bool IsIdentifier(string name) => Identifier().IsMatch(name) && !Reserved.Contains(name);
}

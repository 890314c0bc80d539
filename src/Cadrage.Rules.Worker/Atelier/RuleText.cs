using System.Globalization;
using System.Text;
using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Evaluation;
using Cadrage.Rules.Output;

namespace Cadrage.Rules.Worker.Atelier;

/// <summary>
/// A rule's condition in words, for methodologists who do not read expressions: indicators by their label,
/// allowed values by theirs, named parameters by their value and unit, operators as symbols and words
/// (« Part de la première commune ≥ 40 % et Type d'EPCI = « Communauté de communes » »).
/// </summary>
public static class RuleText
{
    private static readonly Dictionary<string, string> Operators = new(StringComparer.Ordinal)
    {
        ["&&"] = "et", ["||"] = "ou", ["AND"] = "et", ["OR"] = "ou", ["and"] = "et", ["or"] = "ou",
        ["=="] = "=", ["!="] = "≠", [">="] = "≥", ["<="] = "≤", ["<"] = "<", [">"] = ">", ["!"] = "non", ["not"] = "non",
        ["+"] = "+", ["-"] = "−", ["*"] = "×", ["/"] = "÷", ["("] = "(", [")"] = ")", [","] = ",",
    };

    private static readonly HashSet<string> Comparisons = ["==", "!=", ">=", "<=", "<", ">"];

    public static string Condition(RuleSet kb, string expression)
    {
        var tokens = Tokenize(expression);
        if (tokens is [{ Kind: Kind.Word, Text: "true" }])
        {
            return "toujours (sans condition sur le profil)";
        }
        var parts = new List<string>();
        IndicatorDefinition? lastIndicator = null;
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            var previous = i > 0 ? tokens[i - 1] : null;
            var next = i + 1 < tokens.Count ? tokens[i + 1] : null;
            switch (token.Kind)
            {
                case Kind.Word when token.Text.StartsWith("profil.", StringComparison.Ordinal):
                {
                    var path = token.Text["profil.".Length..].Split('.');
                    var definition = kb.FindIndicator(path[0]);
                    lastIndicator = definition;
                    var label = definition is null ? path[0] : $"« {definition.Libelle} »";
                    var member = path.Length > 1 ? path[1] : null;
                    if (member is "Contains" && next is { Kind: Kind.Symbol, Text: "(" } && i + 3 < tokens.Count && tokens[i + 2].Kind == Kind.String && tokens[i + 3].Text == ")")
                    {
                        parts.Add($"{label} comprend « {definition?.LabelOf(tokens[i + 2].Text) ?? tokens[i + 2].Text} »");
                        i += 3;
                    }
                    else if (member is "Length" or "Count")
                    {
                        parts.Add($"nombre de valeurs de {label}");
                    }
                    else if (member is null && definition?.Type == IndicatorType.booleen
                        && (next is null || next.Text is "&&" or "||" or ")" or "AND" or "OR") && (previous is null || !Comparisons.Contains(previous.Text)))
                    {
                        if (previous?.Text is "!" or "not")
                        {
                            parts.RemoveAt(parts.Count - 1);
                            parts.Add($"{label} : non");
                        }
                        else
                        {
                            parts.Add($"{label} : oui");
                        }
                    }
                    else
                    {
                        parts.Add(label + (member is null ? "" : "." + member));
                    }
                    break;
                }
                case Kind.Word when kb.Parameters.TryGetValue(token.Text, out var parameter):
                    parts.Add(parameter.Formatted);
                    break;
                case Kind.Word when token.Text is "true":
                    parts.Add("vrai");
                    break;
                case Kind.Word when token.Text is "false":
                    parts.Add("faux");
                    break;
                case Kind.Word when Operators.TryGetValue(token.Text, out var word):
                    parts.Add(word);
                    break;
                case Kind.Number:
                    parts.Add(double.TryParse(token.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? FrenchFormat.Number(n) : token.Text);
                    break;
                case Kind.String:
                    parts.Add($"« {lastIndicator?.LabelOf(token.Text) ?? token.Text} »");
                    break;
                case Kind.Symbol when Operators.TryGetValue(token.Text, out var symbol):
                    parts.Add(symbol);
                    break;
                default:
                    parts.Add(token.Text);
                    break;
            }
        }
        var text = string.Join(' ', parts).Replace("( ", "(", StringComparison.Ordinal).Replace(" )", ")", StringComparison.Ordinal).Replace(" ,", ",", StringComparison.Ordinal);
        return text.Length > 0 ? char.ToUpperInvariant(text[0]) + text[1..] : text;
    }

    private enum Kind
    {
        Word,
        Number,
        String,
        Symbol,
    }

    private sealed record Token(Kind Kind, string Text);

    private static List<Token> Tokenize(string expression)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < expression.Length)
        {
            var c = expression[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (char.IsLetter(c) || c == '_')
            {
                var start = i;
                while (i < expression.Length && (char.IsLetterOrDigit(expression[i]) || expression[i] is '_' or '.'))
                {
                    i++;
                }
                tokens.Add(new Token(Kind.Word, expression[start..i]));
            }
            else if (char.IsDigit(c))
            {
                var start = i;
                while (i < expression.Length && (char.IsDigit(expression[i]) || expression[i] is '.' or 'e' or 'E'))
                {
                    i++;
                }
                tokens.Add(new Token(Kind.Number, expression[start..i]));
            }
            else if (c is '"' or '\'')
            {
                var end = expression.IndexOf(c, i + 1);
                end = end < 0 ? expression.Length : end;
                tokens.Add(new Token(Kind.String, expression[(i + 1)..end]));
                i = Math.Min(expression.Length, end + 1);
            }
            else
            {
                var two = i + 1 < expression.Length ? expression.Substring(i, 2) : null;
                if (two is "&&" or "||" or "==" or "!=" or ">=" or "<=")
                {
                    tokens.Add(new Token(Kind.Symbol, two));
                    i += 2;
                }
                else
                {
                    tokens.Add(new Token(Kind.Symbol, c.ToString()));
                    i++;
                }
            }
        }
        return tokens;
    }

    /// <summary>An explanation template as a reader sees it before any territory: each {indicateur} by its label, each {parametre} by its value.</summary>
    public static string Template(RuleSet kb, string template) =>
        System.Text.RegularExpressions.Regex.Replace(template, "\\{([a-z0-9_]+)\\}", m =>
            kb.Parameters.TryGetValue(m.Groups[1].Value, out var p) ? p.Formatted
            : kb.FindIndicator(m.Groups[1].Value) is { } d ? $"[{d.Libelle}]"
            : m.Value);

    /// <summary>What a fired rule does, in words.</summary>
    public static string Effect(RuleEffectKind effect) => effect switch
    {
        RuleEffectKind.soutien => "soutien",
        RuleEffectKind.opposition => "opposition (point de vigilance)",
        RuleEffectKind.exclusion => "exclusion de l'option",
        RuleEffectKind.affinite => "affinité",
        RuleEffectKind.tension => "tension",
        RuleEffectKind.incompatible => "incompatibilité",
        RuleEffectKind.neutre => "sans effet (examinée)",
        RuleEffectKind.requise => "option requise par la posture",
        _ => effect.ToString(),
    };

    /// <summary>What the rule targets, in words: an option and its question, a crossed need, a posture-option pair.</summary>
    public static string Target(RuleSet kb, CompiledRule rule)
    {
        var p = rule.Properties;
        var r = kb.Referentiel;
        string Option(string? id) => id is null ? "" : r.QuestionOf(id) is { } q ? r.FindOption(q, id)?.Libelle ?? id : id;
        if (rule.Workflow == QuestionIds.Besoins)
        {
            var axes = r.Axes;
            return "besoin « " + CrossedNeed.LabelOf(
                Axis(axes.Services, p.Service, "tout service"), Axis(axes.Publics, p.Public, "tout public"), Axis(axes.Criteres, p.Critere, "tout critère")) + " »";

            static Choice Axis(IReadOnlyList<OptionDefinition> axis, string? id, string any) =>
                id is null ? new Choice("*", any) : new Choice(id, axis.FirstOrDefault(o => o.Id == id)?.Libelle ?? id);
        }
        if (rule.Workflow == QuestionIds.Compatibilite)
        {
            return $"« {Option(p.Posture)} » et « {Option(p.Option)} »";
        }
        return $"« {Option(p.Option)} »";
    }
}

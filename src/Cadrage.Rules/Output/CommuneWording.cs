using System.Text.Json;
using System.Text.RegularExpressions;

namespace Cadrage.Rules.Output;

/// <summary>
/// A rule's explanation read for a territory of one commune. The rules speak of an intercommunality: shares of its
/// population by level of the INSEE density grid (« 100 % et 0 % de la population vivent en rural à habitat
/// dispersé ou très dispersé »), the share of its communes under 500 inhabitants (« 100 % des communes ont moins de
/// 500 habitants : elles… »). For one commune these shares are 100 % or 0 % and say only which level the commune is
/// in, or whether it has fewer than 500 inhabitants: the statement of fact is said so, the rule's inference is kept.
/// A sentence this class cannot rephrase with certainty is left as the rule wrote it.
/// </summary>
public sealed partial class CommuneWording
{
    private const string DensityPrefix = "part_pop_densite_";
    private const string SmallCommunes = "part_communes_moins_500";

    private readonly int? _level;
    private readonly string? _levelLabel;
    private readonly string? _population;

    private CommuneWording(int? level, string? levelLabel, string? population)
    {
        _level = level;
        _levelLabel = levelLabel;
        _population = population;
    }

    /// <summary>The wording for a result, or null when its territory is not a single commune.</summary>
    public static CommuneWording? For(EvaluationResult result)
    {
        var communes = result.Portrait.FirstOrDefault(p => p.Id == "nombre_communes");
        var single = communes is null ? result.Territoire.Echelle == "commune" : NumberOf(communes.Valeur) == 1;
        if (!single)
        {
            return null;
        }
        // One commune is in one level of the grid: the level whose share is 100 %.
        var level = result.Portrait.Where(p => p.Id.StartsWith(DensityPrefix, StringComparison.Ordinal) && NumberOf(p.Valeur) >= 99.5)
            .Select(p => (Entry: p, Level: LevelOf(p.Id))).FirstOrDefault(x => x.Level is not null);
        var population = result.Portrait.FirstOrDefault(p => p.Id == "population")?.Texte;
        return new CommuneWording(level.Level, level.Entry is null ? null : LevelLabel(level.Entry.Libelle), population);
    }

    /// <summary>The explanation of a fired rule, its statement of fact said of the commune when it speaks of shares.</summary>
    public string Rephrase(Justification j)
    {
        if (j.Indicateurs.Count == 0)
        {
            return j.Explication;
        }
        var text = j.Explication;
        var density = j.Indicateurs.All(i => i.Id.StartsWith(DensityPrefix, StringComparison.Ordinal) && LevelOf(i.Id) is not null);
        if (density && _level is not null && Split(text) is var (_, inference))
        {
            // « 100 % et 0 % de la population vivent en rural à habitat dispersé ou très dispersé (seuil : 50 % ensemble) »
            return $"La commune relève du niveau {_level} de la grille communale de densité de l'INSEE{LabelInParentheses}{inference}";
        }
        if (j.Indicateurs.Count == 1 && j.Indicateurs[0].Id == SmallCommunes && NumberOf(j.Indicateurs[0].Valeur) is { } share and (0 or 100)
            && Split(text) is var (_, rest) && Singular(rest) is { } singular)
        {
            // « 100 % des communes ont moins de 500 habitants (seuil : 50 %) : elles ont besoin… »
            var fact = share == 100
                ? (_population is null ? "La commune compte moins de 500 habitants" : $"La commune compte {_population}, moins de 500")
                : (_population is null ? "La commune compte 500 habitants ou plus" : $"La commune compte {_population}, 500 ou plus");
            return fact + singular;
        }
        if (_level is not null && j.Indicateurs.Any(i => i.Id.StartsWith(DensityPrefix, StringComparison.Ordinal)))
        {
            // « une commune qui n'est pas elle-même urbaine dense (0 % en grands centres urbains, 0 % en centres urbains intermédiaires) »
            return SharesInParentheses().Replace(text, $"(niveau {_level} de la grille communale de densité de l'INSEE{(_levelLabel is null ? "" : ", " + _levelLabel)})");
        }
        return text;
    }

    private string LabelInParentheses => _levelLabel is null ? "" : $" ({_levelLabel})";

    /// <summary>The statement of fact and the rest (« : » and the inference), split at the first colon outside parentheses.</summary>
    private static (string Fact, string Inference)? Split(string text)
    {
        var depth = 0;
        for (var i = 1; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case ':' when depth == 0 && char.IsWhiteSpace(text[i - 1]):
                    return (text[..(i - 1)], text[(i - 1)..]);
            }
        }
        return null;
    }

    /// <summary>The inference said of one commune: « : elles ont besoin… » becomes « : elle a besoin… »; null when it cannot be said so.</summary>
    private static string? Singular(string rest)
    {
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        var head = rest[..(colon + 1)] + " ";
        var inference = rest[(colon + 1)..].TrimStart();
        if (!inference.StartsWith("elles ", StringComparison.Ordinal))
        {
            return inference.StartsWith("ils ", StringComparison.Ordinal) ? null : rest;
        }
        foreach (var (plural, singular) in Verbs)
        {
            if (inference.StartsWith(plural, StringComparison.Ordinal))
            {
                return head + singular + inference[plural.Length..];
            }
        }
        return null;
    }

    private static readonly (string Plural, string Singular)[] Verbs =
    [
        ("elles ont ", "elle a "), ("elles sont ", "elle est "), ("elles peuvent ", "elle peut "), ("elles doivent ", "elle doit "),
    ];

    private static int? LevelOf(string id) =>
        id.Length == DensityPrefix.Length + 1 && id[^1] is >= '1' and <= '7' ? id[^1] - '0' : null;

    /// <summary>« Part de la population en niveau 6 (rural à habitat dispersé) » gives « rural à habitat dispersé ».</summary>
    private static string? LevelLabel(string libelle)
    {
        var open = libelle.LastIndexOf('(');
        var close = libelle.LastIndexOf(')');
        return open >= 0 && close > open + 1 ? libelle[(open + 1)..close] : null;
    }

    private static double? NumberOf(object? value) => value switch
    {
        double d => d,
        long l => l,
        int i => i,
        decimal m => (double)m,
        JsonElement { ValueKind: JsonValueKind.Number } e => e.GetDouble(),
        Newtonsoft.Json.Linq.JValue json => NumberOf(json.Value),
        _ => null,
    };

    // « (0 % en grands centres urbains, 0 % en centres urbains intermédiaires) »: shares of density levels only.
    [GeneratedRegex(@"\((?:\d+(?:,\d+)?[ \u00a0\u202f]%[ \u00a0]en [^(),]+(?:, | et )?)+\)")]
    private static partial Regex SharesInParentheses();
}

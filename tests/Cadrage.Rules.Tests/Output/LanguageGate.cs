using System.Net;
using System.Text.RegularExpressions;
using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Output;

namespace Cadrage.Rules.Tests.Output;

/// <summary>A fault of French in text a person reads: its kind and the words at fault.</summary>
internal sealed record LanguageFault(string Kind, string Excerpt)
{
    public override string ToString() => $"{Kind} « {Excerpt} »";
}

/// <summary>
/// The language gate: finds, in reader-facing text, « (s) » instead of an agreed plural, a doubled word
/// (« communes communes »), an id of the référentiel or the catalogue instead of its label, a decimal point, and
/// English words.
/// </summary>
internal sealed partial class LanguageGate
{
    private static readonly HashSet<string> English = new(StringComparer.OrdinalIgnoreCase)
    {
        "the", "and", "of", "with", "without", "from", "true", "false", "null", "none", "error", "warning", "missing", "unknown",
        "rule", "rules", "yes", "not", "found", "could", "find", "file", "NaN", "Infinity", "undefined", "default", "required",
        "command", "passed", "running", "help", "invalid", "failed", "being", "is", "are",
    };

    /// <summary>Doubled words French allows.</summary>
    private readonly HashSet<string> _allowedDoubles = new(StringComparer.OrdinalIgnoreCase) { "nous", "vous" };

    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);

    /// <summary>Ids that are also ordinary French words (« une posture de pilotage », « des lieux »).</summary>
    private static readonly HashSet<string> OrdinaryWords = new(StringComparer.Ordinal) { "pilotage", "lieux", "besoins", "objectifs" };

    public LanguageGate(RuleSet rules)
    {
        var labels = new List<string>();
        foreach (var q in rules.Referentiel.Questions)
        {
            _ids.Add(q.Id);
            labels.Add(q.Libelle);
            labels.Add(q.Intitule);
            var options = q.Options.Concat(q.Axes is { } axes ? axes.Services.Concat(axes.Publics).Concat(axes.Criteres) : []);
            foreach (var o in options)
            {
                _ids.Add(o.Id);
                labels.Add(o.Libelle);
            }
        }
        foreach (var i in rules.Indicators)
        {
            _ids.Add(i.Id);
            labels.Add(i.Libelle);
            foreach (var v in i.Valeurs ?? [])
            {
                _ids.Add(v.Id);
                labels.Add(v.Libelle);
            }
        }
        // An id that is also a word of some label (« faire », « distance », « CTG ») cannot be told from that word;
        // an acronym counts only as the label writes it (« CTG » is a word, « ctg » an id).
        var words = new HashSet<string>(StringComparer.Ordinal);
        foreach (var token in labels.SelectMany(l => Token().Matches(l).Select(m => m.Value)))
        {
            words.Add(token.Any(char.IsLower) ? token.ToLowerInvariant() : token);
        }
        _ids.RemoveWhere(id => words.Contains(id) || id.Any(char.IsLower) && words.Contains(id.ToLowerInvariant()) || OrdinaryWords.Contains(id));
        // A label may double a word on purpose (« Faire faire »).
        foreach (var label in labels)
        {
            foreach (Match m in Doubled().Matches(label))
            {
                _allowedDoubles.Add(m.Groups[1].Value);
            }
        }
    }

    /// <summary>The ids a reader must never see (those that are not also ordinary words of a label).</summary>
    public IReadOnlySet<string> Ids => _ids;

    public IEnumerable<LanguageFault> Check(string text)
    {
        text = text.Replace('\u00a0', ' ').Replace('\u202f', ' ');
        foreach (Match m in Plural().Matches(text))
        {
            yield return new LanguageFault("pluriel « (s) »", Around(text, m));
        }
        foreach (Match m in Doubled().Matches(text))
        {
            if (!_allowedDoubles.Contains(m.Groups[1].Value))
            {
                yield return new LanguageFault("mot doublé", m.Value);
            }
        }
        foreach (Match m in DecimalPoint().Matches(text))
        {
            yield return new LanguageFault("point décimal", Around(text, m));
        }
        foreach (Match m in Token().Matches(text))
        {
            if (_ids.Contains(m.Value))
            {
                yield return new LanguageFault("identifiant", m.Value);
            }
            else if (English.Contains(m.Value))
            {
                yield return new LanguageFault("mot anglais", Around(text, m));
            }
        }
    }

    /// <summary>What a person reads in an HTML page: text nodes and accessible labels; not the style, nor the rules' technical references.</summary>
    public static string ReaderText(string html)
    {
        html = StyleOrScript().Replace(html, " ");
        html = Reference().Replace(html, " ");
        var labels = string.Join(" ¦ ", AriaLabel().Matches(html).Select(m => m.Groups[1].Value));
        // Inline elements stay inside their sentence; other elements (cells, items, paragraphs) end it.
        html = InlineTag().Replace(html, "");
        return WebUtility.HtmlDecode(Tag().Replace(html, " ¦ ") + " ¦ " + labels);
    }

    private static string Around(string text, Match m)
    {
        var start = Math.Max(0, m.Index - 25);
        var end = Math.Min(text.Length, m.Index + m.Length + 25);
        return text[start..end].ReplaceLineEndings(" ").Trim();
    }

    [GeneratedRegex(@"[\p{L}\p{N}_]+(?:-[\p{L}\p{N}_]+)*")]
    private static partial Regex Token();

    [GeneratedRegex(@"\p{L}\((?:s|e|es|x|nt|le|ne)\)")]
    private static partial Regex Plural();

    [GeneratedRegex(@"(?<![\p{L}-])(\p{L}{2,})\s+\1(?![\p{L}-])", RegexOptions.IgnoreCase)]
    private static partial Regex Doubled();

    [GeneratedRegex(@"(?<![\d.])\d+\.\d+(?![\d.])")]
    private static partial Regex DecimalPoint();

    [GeneratedRegex(@"<(style|script)\b.*?</\1>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex StyleOrScript();

    [GeneratedRegex(@"<span class=""ref""[^>]*>.*?</span>", RegexOptions.Singleline)]
    private static partial Regex Reference();

    [GeneratedRegex(@"aria-label=""([^""]*)""")]
    private static partial Regex AriaLabel();

    [GeneratedRegex(@"<[^>]+>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"</?(?:strong|em|b|i|span|a|small|sup|sub|abbr)\b[^>]*>")]
    private static partial Regex InlineTag();
}

using System.Text;
using Cadrage.Rules.Output;

namespace Cadrage.Rules.Note;

/// <summary>What the note's components receive: the reading of a result, the date of the note and its style.</summary>
public sealed class NoteModel(ReportReading reading, DateTimeOffset generatedAt, string css, bool annexes)
{
    public ReportReading Reading { get; } = reading;

    public EvaluationResult Result => Reading.Result;

    public DateTimeOffset GeneratedAt { get; } = generatedAt;

    /// <summary>The style sheet (the default one or the consultant's), made safe to sit inside a style element.</summary>
    public string Css { get; } = css.Replace("</", "<\\/", StringComparison.Ordinal);

    public bool Annexes { get; } = annexes;

    /// <summary>« 30 novembre 2026 », in Paris.</summary>
    public string Date => FrenchFormat.Date(GeneratedAt);

    /// <summary>
    /// The running header and footer of printed pages (territory, date, rule-set version, page number). Their look
    /// is in the style sheet; their text is the document's, written as CSS strings where every character that
    /// could end a string or a style element is escaped.
    /// </summary>
    public string PageCss =>
        "@page { @top-left { content: " + CssString($"{Result.Territoire.Nom} — note de cadrage") + "; } "
        + "@top-right { content: " + CssString($"note du {Date}") + "; } "
        + "@bottom-left { content: " + CssString($"Base de règles {Result.Referentiel.Version}") + "; } "
        + "@bottom-right { content: \"page \" counter(page) \" sur \" counter(pages); } }";

    /// <summary>A CSS string literal: letters, digits and spaces as they are, anything else as a hexadecimal escape.</summary>
    internal static string CssString(string text)
    {
        var css = new StringBuilder("\"");
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Value < 128 && (Rune.IsLetterOrDigit(rune) || rune.Value == ' '))
            {
                css.Append((char)rune.Value);
            }
            else
            {
                css.Append('\\').Append(rune.Value.ToString("x", System.Globalization.CultureInfo.InvariantCulture)).Append(' ');
            }
        }
        return css.Append('"').ToString();
    }

    /// <summary>The scenario's pattern in the chart and its marker in tables (patterns print in black and white).</summary>
    public static string Pattern(int rang) => "motif-" + ((rang - 1) % 4 + 1);
}

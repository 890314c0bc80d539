using System.Globalization;

namespace Cadrage.Rules.Output;

/// <summary>
/// French writing that does not depend on the machine's culture data (ICU may be absent, InvariantGlobalization
/// may be on) nor on its time-zone data: numbers, units agreed in number, counts, lists, dates in Europe/Paris.
/// </summary>
public static partial class FrenchFormat
{
    /// <summary>Between groups of thousands: a narrow no-break space (« 19 533 »).</summary>
    public const char ThousandsSeparator = '\u202f';

    /// <summary>Between a number and its unit: a no-break space (« 107 communes »).</summary>
    public const char UnitSeparator = '\u00a0';

    private static readonly NumberFormatInfo Numbers = new()
    {
        NumberDecimalSeparator = ",",
        NumberGroupSeparator = ThousandsSeparator.ToString(),
        NegativeSign = "-",
    };

    private static readonly string[] Months =
    [
        "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre",
    ];

    /// <summary>At most two decimals, comma as decimal separator, narrow no-break space between thousands (« 19 533,5 »).</summary>
    public static string Number(double value)
    {
        if (!(Math.Abs(value) < 1e15))
        {
            return double.IsNaN(value) ? "—" : value.ToString("#,##0.##", Numbers);
        }
        // Through decimal (15 significant digits), as .NET's own formatting does: 4.185 gives « 4,19 ».
        var negative = value < 0;
        var cents = (long)Math.Round(Math.Abs((decimal)value) * 100, MidpointRounding.AwayFromZero);
        var integer = cents / 100;
        var fraction = (int)(cents % 100);
        Span<char> buffer = stackalloc char[40];
        var position = buffer.Length;
        if (fraction != 0)
        {
            if (fraction % 10 == 0)
            {
                buffer[--position] = (char)('0' + fraction / 10);
            }
            else
            {
                buffer[--position] = (char)('0' + fraction % 10);
                buffer[--position] = (char)('0' + fraction / 10);
            }
            buffer[--position] = ',';
        }
        var digits = 0;
        do
        {
            if (digits > 0 && digits % 3 == 0)
            {
                buffer[--position] = ThousandsSeparator;
            }
            buffer[--position] = (char)('0' + integer % 10);
            integer /= 10;
            digits++;
        }
        while (integer > 0);
        if (negative && (cents != 0))
        {
            buffer[--position] = '-';
        }
        return new string(buffer[position..]);
    }

    /// <summary>An indicator value as text; also accepts what a JSON reader gives back (long, JValue, JArray).</summary>
    public static string Value(object? value) => Normalize(value) switch
    {
        null => "—",
        double d => Number(d),
        bool b => b ? "oui" : "non",
        string[] list => list.Length == 0 ? "aucune" : string.Join(", ", list),
        var other => Convert.ToString(other, CultureInfo.InvariantCulture) ?? "",
    };

    public static string WithUnit(object? value, string? unit) => WithUnit(value, unit, null);

    /// <summary>A number with its unit, agreed in number as French does: plural from 2 (« 1 commune », « 1,5 commune », « 107 communes »).</summary>
    public static string WithUnit(object? value, string? unit, string? plural)
    {
        if (unit is null || Normalize(value) is not double number)
        {
            return Value(value);
        }
        return Value(value) + UnitSeparator + Agree(number, unit, plural ?? unit);
    }

    /// <summary>A count and its noun, agreed in number (« 0 scénario », « 1 scénario », « 4 scénarios »).</summary>
    public static string Count(double count, string singular, string plural) =>
        Number(count) + UnitSeparator + Agree(count, singular, plural);

    /// <summary>The singular or the plural form for a number: French takes the plural from 2 on (« 1,5 kilomètre »).</summary>
    public static string Agree(double count, string singular, string plural) => Math.Abs(count) >= 2 ? plural : singular;

    /// <summary>A duration as a reader wants it: « 0,35 s », « 1,46 s », « 2 min 05 s », « 1 h 02 min ».</summary>
    public static string Duration(TimeSpan duration)
    {
        if (duration < TimeSpan.FromMinutes(1))
        {
            return Number(Math.Round(duration.TotalSeconds, 2)) + UnitSeparator + "s";
        }
        if (duration < TimeSpan.FromHours(1))
        {
            return $"{(int)duration.TotalMinutes}{UnitSeparator}min{UnitSeparator}{duration.Seconds:00}{UnitSeparator}s";
        }
        return $"{(int)duration.TotalHours}{UnitSeparator}h{UnitSeparator}{duration.Minutes:00}{UnitSeparator}min";
    }

    /// <summary>Items joined the French way: « a », « a et b », « a, b et c ».</summary>
    public static string Join(IEnumerable<string> items, string last = " et ")
    {
        var list = items as IReadOnlyList<string> ?? items.ToList();
        return list.Count switch
        {
            0 => "",
            1 => list[0],
            _ => string.Join(", ", list.Take(list.Count - 1)) + last + list[^1],
        };
    }

    /// <summary>
    /// « label » the French way: a no-break space inside each guillemet, so that a line never ends on « nor starts
    /// with » (the note is set in justified paragraphs, where a plain space would break there).
    /// </summary>
    public static string Quote(string label) => $"«{UnitSeparator}{label}{UnitSeparator}»";

    /// <summary>
    /// Text written by people (a rule's explanation or source, a description) or composed by the code: every space
    /// inside a guillemet made a no-break space, and one added where the guillemet has none (« «Faire» » becomes
    /// « « Faire » »); the space before « : », « ; », « ? » and « ! » made a no-break space too, so that a line never
    /// starts with the sign (« Comment » then « ? » on the next line). A sign with no space before it is left as it is
    /// (« 10:05 », an address), and so is a sign at the start of a line (a list marker « ! »).
    /// </summary>
    public static string Typography(string text)
    {
        if (text.AsSpan().IndexOfAny(TypographyMarks) < 0)
        {
            return text;
        }
        if (text.IndexOf('«') >= 0 || text.IndexOf('»') >= 0)
        {
            text = Guillemets().Replace(text, m => m.Value[0] == '«' ? "«" + UnitSeparator : UnitSeparator + "»");
        }
        return HighPunctuation().Replace(text, UnitSeparator.ToString());
    }

    private static readonly System.Buffers.SearchValues<char> TypographyMarks = System.Buffers.SearchValues.Create("«»:;?!");

    [System.Text.RegularExpressions.GeneratedRegex(@"«[ \t\u00a0\u202f]*|[ \t\u00a0\u202f]*»")]
    private static partial System.Text.RegularExpressions.Regex Guillemets();

    // The spaces between a word (or a closing sign) and « : ; ? ! »: plain, no-break or narrow.
    [System.Text.RegularExpressions.GeneratedRegex(@"(?<=\S)[ \t\u00a0\u202f]+(?=[:;?!])")]
    private static partial System.Text.RegularExpressions.Regex HighPunctuation();

    /// <summary>
    /// French typography over an HTML page (the note, the batch synthèse): a no-break space inside every guillemet
    /// and before « : ; ? ! », whoever wrote the text (this code, a rule, the catalogue), written as <c>&amp;#xA0;</c>.
    /// The style elements are left as they are (CSS is not text).
    /// </summary>
    public static string HtmlTypography(string html)
    {
        var text = new System.Text.StringBuilder(html.Length + 256);
        var position = 0;
        while (position < html.Length)
        {
            var style = html.IndexOf("<style", position, StringComparison.Ordinal);
            var end = style < 0 ? -1 : html.IndexOf("</style>", style, StringComparison.Ordinal);
            if (style < 0 || end < 0)
            {
                text.Append(HtmlSpaced(html[position..]));
                break;
            }
            text.Append(HtmlSpaced(html[position..style])).Append(html, style, end - style);
            position = end;
        }
        return text.ToString();

        static string HtmlSpaced(string part) =>
            HtmlHighPunctuation().Replace(HtmlGuillemets().Replace(part, m => m.Value[0] == '«' ? "«&#xA0;" : "&#xA0;»"), "&#xA0;");
    }

    // A guillemet with the spaces around it on its inner side: plain, no-break or already escaped (&#xA0;).
    [System.Text.RegularExpressions.GeneratedRegex(@"«(?:[ \t\u00a0\u202f]|&#xA0;|&#160;|&nbsp;)*|(?:[ \t\u00a0\u202f]|&#xA0;|&#160;|&nbsp;)*»")]
    private static partial System.Text.RegularExpressions.Regex HtmlGuillemets();

    // Spaces, written or escaped, between a word (a closing tag, a guillemet) and « : ; ? ! ».
    [System.Text.RegularExpressions.GeneratedRegex(@"(?<=\S)(?:[ \t\u00a0\u202f]|&#xA0;|&#160;|&nbsp;)+(?=[:;?!])")]
    private static partial System.Text.RegularExpressions.Regex HtmlHighPunctuation();

    /// <summary>A label inside a sentence: its first letter lowered, unless it starts an acronym (« CTG », « France Services »).</summary>
    public static string InSentence(string label)
    {
        if (label.Length == 0 || !char.IsUpper(label[0]))
        {
            return label;
        }
        if (label.Length > 1 && (char.IsUpper(label[1]) || char.IsDigit(label[1])))
        {
            return label;
        }
        // A proper noun of the field keeps its capital.
        foreach (var proper in ProperNouns)
        {
            if (label.StartsWith(proper, StringComparison.Ordinal))
            {
                return label;
            }
        }
        return char.ToLowerInvariant(label[0]) + label[1..];
    }

    private static readonly string[] ProperNouns = ["France Services", "Petites villes de demain", "État", "Europe"];

    /// <summary>A label at the start of a sentence: its first letter raised.</summary>
    public static string Capitalized(string text) =>
        text.Length == 0 || char.IsUpper(text[0]) ? text : char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>An instant as the time on the wall in Paris (Europe/Paris, with summer time).</summary>
    public static DateTime ParisTime(DateTimeOffset instant)
    {
        if (Paris.Value is { } zone)
        {
            return TimeZoneInfo.ConvertTime(instant, zone).DateTime;
        }
        return instant.UtcDateTime + ParisOffset(instant.UtcDateTime);
    }

    /// <summary>« 30 novembre 2026 », in Paris.</summary>
    public static string Date(DateTimeOffset instant)
    {
        var paris = ParisTime(instant);
        return $"{(paris.Day == 1 ? "1er" : paris.Day.ToString(CultureInfo.InvariantCulture))} {Months[paris.Month - 1]} {paris.Year}";
    }

    /// <summary>« 30 novembre 2026 à 10 h 05 », in Paris.</summary>
    public static string DateAndTime(DateTimeOffset instant)
    {
        var paris = ParisTime(instant);
        return $"{Date(instant)} à {paris.Hour}{UnitSeparator}h{UnitSeparator}{paris.Minute:00}";
    }

    /// <summary>
    /// The offset of Paris from UTC by the European rule (since 1996: summer time from the last Sunday of March,
    /// 01:00 UTC, to the last Sunday of October, 01:00 UTC), for machines without time-zone data.
    /// </summary>
    internal static TimeSpan ParisOffset(DateTime utc)
    {
        var start = LastSunday(utc.Year, 3).AddHours(1);
        var end = LastSunday(utc.Year, 10).AddHours(1);
        return utc >= start && utc < end ? TimeSpan.FromHours(2) : TimeSpan.FromHours(1);

        static DateTime LastSunday(int year, int month)
        {
            var last = new DateTime(year, month, DateTime.DaysInMonth(year, month), 0, 0, 0, DateTimeKind.Utc);
            return last.AddDays(-(int)last.DayOfWeek);
        }
    }

    private static readonly Lazy<TimeZoneInfo?> Paris = new(() =>
        TimeZoneInfo.TryFindSystemTimeZoneById("Europe/Paris", out var zone) ? zone : null);

    private static object? Normalize(object? value) => value switch
    {
        Newtonsoft.Json.Linq.JValue json => Normalize(json.Value),
        Newtonsoft.Json.Linq.JArray array => array.Select(item => item.ToString()).ToArray(),
        long l => (double)l,
        int i => (double)i,
        decimal m => (double)m,
        IEnumerable<string> list and not string[] => list.ToArray(),
        _ => value,
    };
}

using System.Globalization;

namespace Cadrage.Rules.Output;

/// <summary>French number formatting that does not depend on the machine's culture data (ICU may be absent).</summary>
public static class FrenchFormat
{
    private static readonly NumberFormatInfo Numbers = new()
    {
        NumberDecimalSeparator = ",",
        NumberGroupSeparator = "\u00a0",
        NegativeSign = "-",
    };

    /// <summary>At most two decimals, comma as decimal separator, non-breaking space between thousands (« 19 533,5 »).</summary>
    public static string Number(double value)
    {
        if (!(Math.Abs(value) < 1e15))
        {
            return value.ToString("#,##0.##", Numbers);
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
                buffer[--position] = '\u00a0';
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
        var word = plural is not null && Math.Abs(number) >= 2 ? plural : unit;
        return Value(value) + "\u00a0" + word;
    }

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

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

    public static string Number(double value) => value.ToString("#,##0.##", Numbers);

    public static string Value(object? value) => value switch
    {
        null => "—",
        double d => Number(d),
        bool b => b ? "oui" : "non",
        string[] list => list.Length == 0 ? "aucune" : string.Join(", ", list),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    public static string WithUnit(object? value, string? unit) =>
        unit is null || value is not double ? Value(value) : unit == "%" ? Value(value) + "\u00a0%" : Value(value) + "\u00a0" + unit;
}

using System.Globalization;
using System.Text;

namespace Cadrage.Rules.Json;

/// <summary>
/// The JSON path of where a streaming reader is (<c>$.besoins[1].intensite</c>), kept as a stack of segments and
/// turned into text only when a message needs it. Same notation as Newtonsoft's paths through
/// <see cref="StrictJson.ToJsonPath"/>: dots, or <c>['name']</c> when a name holds special characters.
/// </summary>
internal sealed class JsonPathBuilder
{
    private string?[] _names = new string?[8];
    private int[] _indices = new int[8];
    private int _count;

    public int Depth => _count;

    public void Push(string name) => Push(name, -1);

    public void Push(int index) => Push(null, index);

    /// <summary>Replaces the index of the innermost segment (the next item of a list).</summary>
    public void SetIndex(int index) => _indices[_count - 1] = index;

    public void Pop() => _count--;

    private void Push(string? name, int index)
    {
        if (_count == _names.Length)
        {
            Array.Resize(ref _names, _count * 2);
            Array.Resize(ref _indices, _count * 2);
        }
        _names[_count] = name;
        _indices[_count] = index;
        _count++;
    }

    /// <summary>The path, optionally with one more property name.</summary>
    public string ToString(string? child)
    {
        var text = new StringBuilder("$");
        for (var i = 0; i < _count; i++)
        {
            if (_names[i] is { } name)
            {
                AppendName(text, name);
            }
            else
            {
                text.Append('[').Append(_indices[i].ToString(CultureInfo.InvariantCulture)).Append(']');
            }
        }
        if (child is not null)
        {
            AppendName(text, child);
        }
        return text.ToString();
    }

    public override string ToString() => ToString(null);

    private static readonly char[] Special = ['.', ' ', '\'', '/', '"', '[', ']', '(', ')', '\t', '\n', '\r', '\f', '\b', '\\', '\u0085', '\u2028', '\u2029'];

    internal static void AppendName(StringBuilder text, string name)
    {
        var shown = JsonSyntax.Quote(name);
        if (shown.Length > 0 && shown.IndexOfAny(Special) < 0)
        {
            text.Append('.').Append(shown);
            return;
        }
        text.Append("['").Append(shown.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)).Append("']");
    }
}

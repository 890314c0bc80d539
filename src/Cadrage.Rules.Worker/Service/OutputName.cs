using System.Security.Cryptography;
using System.Text;

namespace Cadrage.Rules.Worker.Service;

/// <summary>
/// File names derived from territory ids and inbox file names, so that two different ids never share a result file
/// and no name is too long for the file system.
/// </summary>
/// <remarks>
/// An id made only of ASCII letters, digits, <c>-</c>, <c>_</c> and <c>.</c> (not starting with a dot, at most
/// <see cref="MaxSlug"/> characters, not a reserved device name) is its own file name: <c>245804406</c> gives
/// <c>245804406.json</c>. Any other id gets a readable slug (other characters replaced by <c>_</c>, cut at
/// <see cref="MaxSlug"/>) then <c>~</c> and the first <see cref="HashLength"/> hex digits of the SHA-256 of the raw id (UTF-16):
/// <c>coll/1</c> gives <c>coll_1~…</c>, <c>coll:1</c> another <c>coll_1~…</c>. A verbatim name never contains <c>~</c>,
/// so the two families cannot meet.
/// </remarks>
public static class OutputName
{
    /// <summary>Longest id kept verbatim, and longest slug before the hash.</summary>
    public const int MaxSlug = 64;

    /// <summary>Hex digits of the id's SHA-256 appended to a slug (48 bits).</summary>
    public const int HashLength = 12;

    /// <summary>Longest inbox file name (UTF-8 bytes) kept as is in the archive and errors folders.</summary>
    public const int MaxKeptNameBytes = 160;

    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    };

    /// <summary>The stem (no extension) of the result files of a territory id.</summary>
    public static string ForId(string id) => IsVerbatim(id) ? id : Slug(id) + "~" + Hash(id)[..HashLength];

    /// <summary>The stem with the full hash: used when a short hash meets another id's file (never seen in practice).</summary>
    public static string ForIdFullHash(string id) => Slug(id) + "~" + Hash(id);

    /// <summary>True when the id is its own file name.</summary>
    public static bool IsVerbatim(string id) =>
        id.Length is > 0 and <= MaxSlug
        && id[0] != '.'
        && id.All(IsSafe)
        && !Reserved.Contains(id.Split('.')[0]);

    /// <summary>
    /// An inbox file name short enough to keep in the archive or errors folder with a suffix: a long name is cut and
    /// followed by <c>~</c> and a hash of the whole name.
    /// </summary>
    public static string Kept(string fileName)
    {
        if (Encoding.UTF8.GetByteCount(fileName) <= MaxKeptNameBytes)
        {
            return fileName;
        }
        var extension = Path.GetExtension(fileName);
        if (Encoding.UTF8.GetByteCount(extension) > 16)
        {
            extension = "";
        }
        return Slug(Path.GetFileNameWithoutExtension(fileName)) + "~" + Hash(fileName)[..HashLength] + extension;
    }

    private static bool IsSafe(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.';

    private static string Slug(string id)
    {
        var text = new StringBuilder(Math.Min(id.Length, MaxSlug));
        foreach (var c in id)
        {
            if (text.Length == MaxSlug)
            {
                break;
            }
            text.Append(IsSafe(c) ? c : '_');
        }
        var slug = text.ToString().Trim('.');
        return slug.Length == 0 ? "territoire" : slug;
    }

    /// <summary>SHA-256 of the UTF-16 code units: injective even for ids with lone surrogates.</summary>
    private static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(value.AsSpan())));
}

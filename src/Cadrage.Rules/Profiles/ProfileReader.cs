using Cadrage.Rules.Json;
using Cadrage.Rules.KnowledgeBase;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Cadrage.Rules.Profiles;

/// <summary>
/// Reads the JSON profile format against the indicator catalogue and the référentiel of a rule set:
/// every error is reported with its JSON path, in French; nothing is guessed. The UTF-8 overload is the
/// streaming path (no token tree); text, files and tokens go through it.
/// </summary>
/// <remarks>
/// Format: <c>{ "id", "nom", "echelle", "description", "indicateurs": { "densite": 35.2, "population": { "valeur":
/// 23000, "source": "INSEE RP 2021", "millesime": 2021, "illustratif": false } }, "besoins": [ { "service",
/// "public", "critere", "intensite": 0-3, "source" } ], "communes": [ { "code", "nom", "population", "densite",
/// "latitude", "longitude", "franceServices", "bpeProximite", "bpeIntermediaire", "bpeSuperieure" } ] }</c>, in strict JSON (<see cref="JsonSyntax"/>), within
/// <see cref="ProfileLimits"/>.
/// </remarks>
public static class ProfileReader
{
    public static readonly IReadOnlyList<string> Echelles = ["epci", "commune", "departement", "autre"];

    /// <summary>How the message of an unreadable (missing, locked) profile file starts.</summary>
    public const string UnreadableFilePrefix = "lecture impossible";

    /// <summary>Reads a profile file.</summary>
    /// <exception cref="ProfileException">When the file cannot be read or is invalid.</exception>
    public static TerritoryProfile ReadFile(string path, RuleSet kb)
    {
        byte[] bytes;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
            if (stream.Length > ProfileLimits.FileMaxBytes)
            {
                throw new ProfileException(path, [new JsonDiagnostic(path, "$",
                    $"fichier trop volumineux : {stream.Length} octets, {ProfileLimits.FileMaxBytes / (1024 * 1024)} Mio au plus pour un profil")]);
            }
            bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            var reason = ex is FileNotFoundException or DirectoryNotFoundException ? "fichier introuvable" : ex is UnauthorizedAccessException ? "accès refusé" : "fichier verrouillé ou illisible";
            throw new ProfileException(path, [new JsonDiagnostic(path, "$", $"{UnreadableFilePrefix} : {reason}")]);
        }
        return Read(bytes, path, kb);
    }

    /// <summary>Reads a profile from UTF-8 JSON (a BOM is accepted); invalid UTF-8 is an error with its byte offset.</summary>
    /// <exception cref="ProfileException">When the bytes are not UTF-8 or the profile is invalid.</exception>
    public static TerritoryProfile Read(ReadOnlySpan<byte> utf8, string file, RuleSet kb) => ProfileParser.Parse(utf8, file, kb);

    /// <summary>Reads a profile from JSON text; <paramref name="file"/> names it in messages.</summary>
    /// <exception cref="ProfileException">When the JSON is invalid.</exception>
    public static TerritoryProfile Read(string json, string file, RuleSet kb)
    {
        var length = JsonSyntax.EncodePooled(json, out var utf8, out var error);
        try
        {
            if (length < 0)
            {
                throw new ProfileException(file, [new JsonDiagnostic(file, "$", error!)]);
            }
            return Read(utf8.AsSpan(0, length), file, kb);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(utf8);
        }
    }

    /// <summary>Reads a profile from a parsed token (e.g. a row of a CSV batch), through its UTF-8 text.</summary>
    /// <exception cref="ProfileException">When the profile is invalid.</exception>
    public static TerritoryProfile Read(JToken token, string file, RuleSet kb) =>
        Read(token.ToString(Formatting.None), file, kb);
}

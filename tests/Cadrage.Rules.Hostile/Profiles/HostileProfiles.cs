using System.Text;
using System.Text.RegularExpressions;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Cadrage.Rules.Hostile.Profiles;

/// <summary>What a correct service must do with a case.</summary>
internal enum Expectation
{
    /// <summary>Malformed: must be rejected with a French error naming the source and the JSON path.</summary>
    Reject,
    /// <summary>A valid profile: must be evaluated.</summary>
    Accept,
    /// <summary>Legal but hostile (odd ids, extreme values, random bytes): evaluated or rejected, never a crash or a loss.</summary>
    Either,
}

/// <summary>One hostile profile: its bytes, its class and what must come of it.</summary>
internal sealed record HostileCase(int Number, string Class, string What, byte[] Bytes, Expectation Expect)
{
    /// <summary>A failure known and reported to its owner: checked by its own (ignored) test, left out of the others.</summary>
    public string? KnownIssue => Class == LoneSurrogates ? HostileProfiles.LoneSurrogateIssue : null;

    public const string LoneSurrogates = "id-demi-paire";

    public string FileName => $"c{Number:00000}-{Class}.json";
}

/// <summary>
/// Generates the hostile profiles from the real examples, deterministically (fixed seed): overflowing numbers,
/// truncations, wrong types, NaN, huge strings, deep nesting, BOMs and other encodings, duplicate keys, path-like
/// and control-character ids, invalid UTF-8, lenient syntax (octal, hex, comments, trailing commas, quotes…),
/// bad roots, unknown or missing fields, random byte flips, extreme values, and valid profiles as controls.
/// </summary>
internal static partial class HostileProfiles
{
    /// <summary>
    /// Ids with an escaped lone surrogate (<c>"\ud800"</c>): the profile reader throws instead of a French error
    /// (inbox: error without JSON path; API: 500) and <c>cadrage batch</c> aborts the whole batch (exit 1).
    /// </summary>
    public const string LoneSurrogateIssue = "demi-paire de substitution dans un id : erreur inattendue au lieu d'une erreur de profil (lecteur de profils), lot interrompu (batch)";

    /// <summary>How many cases of each class (10 800 in all).</summary>
    public static readonly IReadOnlyList<(string Class, int Count)> Classes =
    [
        ("nombre-geant", 900), ("troncature", 1000), ("mauvais-type", 1000), ("nan-infini", 400),
        ("chaine-enorme", 300), ("imbrication", 300), ("bom-encodage", 300), ("cle-dupliquee", 500),
        ("id-chemin", 1200), ("id-controle", 500), (HostileCase.LoneSurrogates, 200), ("utf8-invalide", 700), ("syntaxe-laxiste", 1500),
        ("racine", 200), ("champ", 600), ("octets-aleatoires", 600), ("extremes", 400), ("valide", 200),
    ];

    private static readonly Lazy<IReadOnlyList<HostileCase>> All = new(() => Generate(12));

    /// <summary>The whole set (generated once per test run).</summary>
    public static IReadOnlyList<HostileCase> Cases => All.Value;

    public static IReadOnlyList<HostileCase> Generate(int seed)
    {
        var random = new Random(seed);
        var bases = Bases();
        var schedule = Classes.SelectMany(c => Enumerable.Repeat(c.Class, c.Count)).ToList();
        // Classes interleaved, so that any slice of the set (a kill -9 run) covers them all.
        for (var i = schedule.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (schedule[i], schedule[j]) = (schedule[j], schedule[i]);
        }
        var cases = new List<HostileCase>(schedule.Count);
        for (var n = 0; n < schedule.Count; n++)
        {
            var source = bases[random.Next(bases.Count)];
            var (what, bytes, expect) = Make(schedule[n], (JObject)source.DeepClone(), n, random);
            cases.Add(new HostileCase(n, schedule[n], what, bytes, expect));
        }
        return cases;
    }

    /// <summary>The example profiles and the first EPCI of France, each with a unique id.</summary>
    private static List<JObject> Bases()
    {
        var bases = Directory.EnumerateFiles(Repo.Examples, "*.json").Order(StringComparer.Ordinal)
            .Select(f => JObject.Parse(File.ReadAllText(f))).ToList();
        bases.AddRange(File.ReadLines(Path.Combine(Repo.Examples, "france-epci.jsonl")).Take(40).Select(JObject.Parse));
        foreach (var b in bases)
        {
            b.Remove("$schema");
        }
        return bases;
    }

    private static (string What, byte[] Bytes, Expectation Expect) Make(string kind, JObject profile, int n, Random r)
    {
        profile["id"] = $"h{n:00000}";
        var text = profile.ToString(Formatting.Indented);
        return kind switch
        {
            "nombre-geant" => HugeNumber(text, r),
            "troncature" => Text($"tronqué à {Cut(text, r, out var cut)} octets", cut, Expectation.Reject),
            "mauvais-type" => WrongType(profile, text, r),
            "nan-infini" => ReplaceValeur(text, r, Pick(r, "NaN", "Infinity", "-Infinity", "nan", "\"NaN\"", "\"Infinity\"", "-NaN", "+Infinity"), Expectation.Reject),
            "chaine-enorme" => HugeString(profile, r),
            "imbrication" => Nesting(text, r),
            "bom-encodage" => Encoding_(text, r),
            "cle-dupliquee" => Duplicate(text, r),
            "id-chemin" => Id(profile, PathLikeId(r), escapeNonAscii: false),
            "id-controle" => Id(profile, ControlId(r), escapeNonAscii: true),
            HostileCase.LoneSurrogates => Id(profile, LoneSurrogateId(r), escapeNonAscii: true),
            "utf8-invalide" => InvalidUtf8(profile, text, r),
            "syntaxe-laxiste" => Lenient(text, r),
            "racine" => Root(text, r),
            "champ" => Field(profile, r),
            "octets-aleatoires" => Flip(text, r),
            "extremes" => ReplaceNumber(text, r, Pick(r, "1e308", "-1e308", "5e-324", "-0", "0.0000001", "1E2", "1e-7", "123456.789e-3", "0e0", "-0.0", "2147483648", "-2147483649", "9007199254740993"), Expectation.Either),
            _ => Text("profil valide", text, Expectation.Accept),
        };
    }

    private static (string, byte[], Expectation) Text(string what, string text, Expectation expect) => (what, Encoding.UTF8.GetBytes(text), expect);

    private static string Pick(Random r, params string[] values) => values[r.Next(values.Length)];

    private static int Cut(string text, Random r, out string cut)
    {
        var at = r.Next(1, text.Length - 1);
        cut = text[..at];
        return at;
    }

    /// <summary>Every number token written as a value (after ": ").</summary>
    [GeneratedRegex(@"(?<=: )-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?=,?\r?\n)")]
    private static partial Regex NumberValue();

    [GeneratedRegex(@"(?<=""valeur"": )-?\d+(?:\.\d+)?(?=,?\r?\n)")]
    private static partial Regex NumericValeur();

    private static (string, byte[], Expectation) ReplaceNumber(string text, Random r, string replacement, Expectation expect)
    {
        var numbers = NumberValue().Matches(text);
        var m = numbers[r.Next(numbers.Count)];
        return Text($"nombre {m.Value} remplacé par {Short(replacement)}", text[..m.Index] + replacement + text[(m.Index + m.Length)..], expect);
    }

    private static (string, byte[], Expectation) ReplaceValeur(string text, Random r, string replacement, Expectation expect)
    {
        var numbers = NumericValeur().Matches(text);
        var m = numbers[r.Next(numbers.Count)];
        return Text($"valeur {m.Value} remplacée par {Short(replacement)}", text[..m.Index] + replacement + text[(m.Index + m.Length)..], expect);
    }

    private static (string, byte[], Expectation) HugeNumber(string text, Random r)
    {
        string[] unrepresentable = ["1e400", "-1e400", "1.7976931348623157e309", "1" + new string('0', 5000), "-" + new string('9', 1000), "1e99999999999"];
        string[] large = ["99999999999999999999999", "-99999999999999999999999", "123456789012345678901234567890.5", "9223372036854775808", "18446744073709551616", "-9223372036854775809"];
        return r.Next(2) == 0
            ? ReplaceNumber(text, r, unrepresentable[r.Next(unrepresentable.Length)], Expectation.Reject)
            : ReplaceNumber(text, r, large[r.Next(large.Length)], Expectation.Either);
    }

    private static (string, byte[], Expectation) WrongType(JObject profile, string text, Random r)
    {
        switch (r.Next(3))
        {
            case 0:
                var numbers = NumericValeur().Matches(text);
                if (numbers.Count > 0)
                {
                    var m = numbers[r.Next(numbers.Count)];
                    var replacement = Pick(r, "\"douze\"", "[]", "{}", "true", "[1, 2]", "{\"valeur\": 1}", "\"12\"", "false");
                    return Text($"valeur numérique {m.Value} remplacée par {replacement}", text[..m.Index] + replacement + text[(m.Index + m.Length)..], Expectation.Reject);
                }
                goto default;
            case 1:
                var field = Pick(r, "id", "nom", "echelle", "indicateurs", "besoins");
                profile[field] = field switch
                {
                    "indicateurs" => new JArray(1, 2),
                    "besoins" => new JObject { ["a"] = 1 },
                    _ => r.Next(2) == 0 ? new JValue(123) : new JArray("x"),
                };
                return Text($"champ {field} du mauvais type", profile.ToString(), Expectation.Reject);
            default:
                var indicators = (JObject)profile["indicateurs"]!;
                var indicator = indicators.Properties().ElementAt(r.Next(indicators.Count));
                // A bare value is allowed ("population": 42); an object in place of the value never is.
                indicator.Value = new JObject { ["valeur"] = new JObject { ["x"] = 1 }, ["source"] = "test" };
                return Text($"indicateur {indicator.Name} dont la valeur est un objet", profile.ToString(), Expectation.Reject);
        }
    }

    private static (string, byte[], Expectation) HugeString(JObject profile, Random r)
    {
        var field = Pick(r, "nom", "description", "id", "source");
        var length = Pick(r, "999", "1001", "10001", "100000", "1500000") is var l ? int.Parse(l, System.Globalization.CultureInfo.InvariantCulture) : 0;
        if (length == 1_500_000 && r.Next(20) != 0)
        {
            length = 50_000; // a few huge bodies are enough
        }
        var value = new string(Pick(r, "a", "é", "\\", "\"")[0], length);
        if (field == "source")
        {
            var indicators = (JObject)profile["indicateurs"]!;
            indicators.Properties().First().Value["source"] = value;
        }
        else
        {
            profile[field] = value;
        }
        return Text($"{field} de {length} caractères", profile.ToString(), Expectation.Either);
    }

    private static (string, byte[], Expectation) Nesting(string text, Random r)
    {
        var depth = int.Parse(Pick(r, "65", "100", "1000", "10000", "100000"), System.Globalization.CultureInfo.InvariantCulture);
        if (r.Next(2) == 0)
        {
            var open = Pick(r, "[", "{\"a\":");
            var close = open == "[" ? "]" : "}";
            var nested = string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth));
            var numbers = NumericValeur().Matches(text);
            var m = numbers[r.Next(numbers.Count)];
            return Text($"valeur imbriquée sur {depth} niveaux", text[..m.Index] + nested + text[(m.Index + m.Length)..], Expectation.Reject);
        }
        return Text($"profil enveloppé dans {depth} listes", new string('[', depth) + text + new string(']', depth), Expectation.Reject);
    }

    private static (string, byte[], Expectation) Encoding_(string text, Random r)
    {
        var utf8 = Encoding.UTF8.GetBytes(text);
        byte[] bom = [0xEF, 0xBB, 0xBF];
        switch (r.Next(7))
        {
            case 0:
            case 1:
                return ("BOM UTF-8 puis profil valide", [.. bom, .. utf8], Expectation.Either);
            case 2:
                return ("deux BOM UTF-8", [.. bom, .. bom, .. utf8], Expectation.Reject);
            case 3:
                return ("UTF-16 LE avec BOM", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)], Expectation.Reject);
            case 4:
                return ("UTF-16 BE avec BOM", [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(text)], Expectation.Reject);
            case 5:
                return ("UTF-32 LE avec BOM", [.. Encoding.UTF32.GetPreamble(), .. Encoding.UTF32.GetBytes(text)], Expectation.Reject);
            default:
                var at = text.IndexOf("\"nom\"", StringComparison.Ordinal);
                return ("BOM entre deux membres", Encoding.UTF8.GetBytes(text[..at] + "\uFEFF" + text[at..]), Expectation.Reject);
        }
    }

    private static (string, byte[], Expectation) Duplicate(string text, Random r)
    {
        switch (r.Next(3))
        {
            case 0:
                return Text("clé id en double", text.Replace("\"nom\":", "\"id\": \"autre\",\n  \"nom\":", StringComparison.Ordinal), Expectation.Reject);
            case 1:
                var at = text.IndexOf("\"valeur\":", StringComparison.Ordinal);
                return Text("clé valeur en double dans un indicateur", text[..at] + "\"valeur\": 1,\n      " + text[at..], Expectation.Reject);
            default:
                var indicators = text.IndexOf("\"indicateurs\": {", StringComparison.Ordinal) + "\"indicateurs\": {".Length;
                var end = text.IndexOf("\n    },", indicators, StringComparison.Ordinal) + "\n    },".Length;
                var first = text[indicators..end];
                return Text("indicateur en double", text[..end] + first + text[end..], Expectation.Reject);
        }
    }

    private static readonly string[] PathLike =
    [
        "../../etc/passwd", "coll/1", "coll:1", "coll?1", "coll*1", "coll|1", "coll\\1", "coll 1", "coll_1", "COLL_1", ".", "..", "...",
        "/", "~", "x~0123456789ab", "C:\\Windows\\System32", "/etc/shadow", "a/../b", "%2e%2e%2f", "con", "NUL", "aux.json", "COM1",
        "é", "É", "e\u0301", "ﬁ", "İ", "ß", "<script>", "\"quoted\"", "'single'", "lien://x", "-rf", "--help", "$(rm -rf ~)", "`id`",
        "null", "", " ", "territoire", "245804406", "245804406.json", "245804406~", ".hidden", "trailing.", "a b c",
    ];

    private static string PathLikeId(Random r)
    {
        var id = PathLike[r.Next(PathLike.Length)];
        return r.Next(5) switch
        {
            0 or 1 => id,
            2 => id + "/" + r.Next(20),
            3 => id + ":" + r.Next(20),
            _ => r.Next(3) == 0 ? new string('x', r.Next(120, 140)) + id : id + "-" + r.Next(20),
        };
    }

    private static readonly string[] Controls = ["\u0000", "\n", "\t", "\r", "\u001f", "\u007f", "\u0085", "\u2028", "\u202e", "\u200b", "\ufffe", "\uffff", "🏛️", "\u0007"];

    private static string LoneSurrogateId(Random r)
    {
        var half = Pick(r, "\ud800", "\udc00", "\udbff", "\udfff");
        return r.Next(3) switch
        {
            0 => half,
            1 => "coll" + half + r.Next(10),
            _ => half + "id" + half,
        };
    }

    private static string ControlId(Random r)
    {
        var control = Controls[r.Next(Controls.Length)];
        return r.Next(3) switch
        {
            0 => control,
            1 => "coll" + control + r.Next(10),
            _ => control + "id" + control,
        };
    }

    private static (string, byte[], Expectation) Id(JObject profile, string id, bool escapeNonAscii)
    {
        profile["id"] = id;
        var writer = new StringWriter();
        new JsonSerializer { Formatting = Formatting.Indented, StringEscapeHandling = escapeNonAscii ? StringEscapeHandling.EscapeNonAscii : StringEscapeHandling.Default }.Serialize(writer, profile);
        return Text($"id « {Short(JsonConvert.ToString(id))} »", writer.ToString(), Expectation.Either);
    }

    private static (string, byte[], Expectation) InvalidUtf8(JObject profile, string text, Random r)
    {
        if (r.Next(4) == 0)
        {
            profile["nom"] = "CC Le Grésivaudan";
            return ("profil entier en Latin-1", Encoding.Latin1.GetBytes(profile.ToString()), Expectation.Reject);
        }
        byte[][] sequences = [[0xFF], [0xFE], [0xC0, 0x80], [0xC3], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xC1, 0xBF]];
        var bad = sequences[r.Next(sequences.Length)];
        var marker = Pick(r, "\"nom\": \"", "\"source\": \"", "\"id\": \"");
        var at = text.IndexOf(marker, StringComparison.Ordinal) + marker.Length;
        var bytes = Encoding.UTF8.GetBytes(text[..at]).Concat(bad).Concat(Encoding.UTF8.GetBytes(text[at..])).ToArray();
        return ($"octets {Convert.ToHexString(bad)} dans une chaîne", bytes, Expectation.Reject);
    }

    private static (string, byte[], Expectation) Lenient(string text, Random r)
    {
        var numbers = NumericValeur().Matches(text);
        var m = numbers[r.Next(numbers.Count)];
        var digits = m.Value.TrimStart('-').Split('.')[0];
        string Replace(string value) => text[..m.Index] + value + text[(m.Index + m.Length)..];
        var closing = text.LastIndexOf('}');
        var lastMember = text.LastIndexOf('\n', closing);
        var key = text.IndexOf("\"nom\"", StringComparison.Ordinal);
        return r.Next(16) switch
        {
            0 => Text("nombre octal", Replace("0" + digits), Expectation.Reject),
            1 => Text("nombre hexadécimal", Replace("0x" + Convert.ToString(long.Parse(digits, System.Globalization.CultureInfo.InvariantCulture) % 4096, 16)), Expectation.Reject),
            2 => Text("nombre « .5 »", Replace(".5"), Expectation.Reject),
            3 => Text("nombre « 1. »", Replace(digits + "."), Expectation.Reject),
            4 => Text("nombre « +1 »", Replace("+" + digits), Expectation.Reject),
            5 => Text("nombre avec séparateur", Replace(Pick(r, "1_000", "1 000", "1,5", "1e", "1e+", "-", "--1", "0b101")), Expectation.Reject),
            6 => Text("commentaire //", text[..key] + "// commentaire\n  " + text[key..], Expectation.Reject),
            7 => Text("commentaire /* */", text[..key] + "/* commentaire */ " + text[key..], Expectation.Reject),
            8 => Text("virgule finale dans un objet", text[..lastMember] + "," + text[lastMember..], Expectation.Reject),
            9 => Text("virgule finale dans une liste", text.Contains("\"]", StringComparison.Ordinal) ? ReplaceFirst(text, "\"]", "\",]") : text[..lastMember] + "," + text[lastMember..], Expectation.Reject),
            10 => Text("apostrophes au lieu de guillemets", ReplaceFirst(text, "\"nom\"", "'nom'"), Expectation.Reject),
            11 => Text("clé sans guillemets", ReplaceFirst(text, "\"nom\"", "nom"), Expectation.Reject),
            12 => Text("mot-clé inconnu", Replace(Pick(r, "undefined", "True", "None", "nul", "tru", "new Date(1)")), Expectation.Reject),
            13 => Text("virgule manquante", ReplaceFirst(text, "\",\n", "\"\n"), Expectation.Reject),
            14 => Text("deux documents à la suite", text + Pick(r, text, "{}", "x", "]"), Expectation.Reject),
            _ => Text("chaîne non terminée", ReplaceFirst(text, "\",\n", "\n"), Expectation.Reject),
        };
    }

    private static string ReplaceFirst(string text, string what, string with)
    {
        var at = text.IndexOf(what, StringComparison.Ordinal);
        return at < 0 ? text + "x" : text[..at] + with + text[(at + what.Length)..];
    }

    private static (string, byte[], Expectation) Root(string text, Random r)
    {
        var root = Pick(r, "", " ", "\n", "null", "[]", "\"x\"", "0", "true", "{}", "[{}]", "\u0000", "{", "}", "[", "\"", "{\"id\"}", "[" + text + "]");
        return Text($"racine « {Short(JsonConvert.ToString(root))} »", root, Expectation.Reject);
    }

    private static (string, byte[], Expectation) Field(JObject profile, Random r)
    {
        var indicators = (JObject)profile["indicateurs"]!;
        var first = indicators.Properties().First();
        var what = r.Next(7) switch
        {
            0 => Do("champ inconnu à la racine", () => profile["inconnu"] = 1),
            1 => Do("indicateur inconnu", () => indicators["indicateur_inconnu"] = new JObject { ["valeur"] = 1, ["source"] = "x", ["millesime"] = 2024 }),
            2 => Do("indicateur sans valeur", () => ((JObject)first.Value).Remove("valeur")),
            3 => Do("échelle inconnue", () => profile["echelle"] = "galaxie"),
            4 => Do("champ inconnu dans un indicateur", () => first.Value["unite"] = "km"),
            5 => Do("id absent", () => profile.Remove("id")),
            _ => Do("nom absent", () => profile.Remove("nom")),
        };
        return Text(what, profile.ToString(), Expectation.Reject);

        static string Do(string what, Action change)
        {
            change();
            return what;
        }
    }

    private static (string, byte[], Expectation) Flip(string text, Random r)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var flips = r.Next(1, 6);
        for (var i = 0; i < flips; i++)
        {
            bytes[r.Next(bytes.Length)] = (byte)r.Next(256);
        }
        return ($"{flips} octets remplacés au hasard", bytes, Expectation.Either);
    }

    private static string Short(string value) => value.Length > 40 ? value[..37] + "…" : value;
}

using System.Diagnostics;
using System.Text;
using Newtonsoft.Json.Linq;

namespace Cadrage.Rules.Hostile.Rules;

/// <summary>What a correct loader must do with a hostile rule folder.</summary>
internal enum RuleExpectation
{
    /// <summary>Refused with a French error naming the file (exit 3; the old version keeps serving).</summary>
    Refuse,
    /// <summary>Legal but hostile: loaded or refused, within the budget, never a crash.</summary>
    Either,
}

/// <summary>One hostile change of a rules folder: applied to a copy, undone by copying the originals back.</summary>
internal sealed record HostileRule(string Name, string What, RuleExpectation Expect, string File, Action<string> Apply)
{
    /// <summary>A case with its own test (a former known issue), left out of the general one.</summary>
    public string? KnownIssue => Name switch
    {
        "fifo" => HostileRules.FifoIssue,
        "element-hors-liste" => HostileRules.EnglishIssue,
        _ => null,
    };
}

/// <summary>
/// Hostile rule files: nested lambdas (the 30 s evaluations of issue 12), huge or too complex expressions, escapes
/// out of the expression language, parameters written as expressions or reading another, GlobalParams, broken
/// JSON of every kind, a FIFO or a folder in place of a rule file, run-time exceptions, thousands of rules.
/// </summary>
internal static class HostileRules
{
    /// <summary>Once a known issue (rules validate waited forever on the FIFO), now checked by its own test.</summary>
    public const string FifoIssue = "un tube nommé (FIFO) dans le dossier des règles n'est jamais ouvert : la base est refusée en le nommant";
    /// <summary>Once a known issue (the English message of System.Linq.Dynamic.Core), now checked by its own test.</summary>
    public const string EnglishIssue = "une méthode inconnue du langage d'expression (ElementAt) est refusée en français, nommant fichier, workflow et règle";

    private const string Pilotage = "regles/pilotage.json";
    private const string Parameters = "parametres.json";

    public static IReadOnlyList<HostileRule> All { get; } =
    [
        Expression("any-imbrique-2", "Any dans Any", RuleExpectation.Refuse, NestedAny(2)),
        Expression("any-imbrique-12", "12 Any imbriqués (30 s par évaluation avant la borne)", RuleExpectation.Refuse, NestedAny(12)),
        Expression("any-imbrique-30", "30 Any imbriqués (évaluation sans fin avant la borne)", RuleExpectation.Refuse, NestedAny(30)),
        Expression("expression-longue", "expression de 200 000 caractères", RuleExpectation.Refuse, string.Join(" && ", Enumerable.Repeat("1 == 1", 22_000))),
        Expression("expression-complexe", "450 additions en moins de 1 000 caractères", RuleExpectation.Refuse, string.Concat(Enumerable.Repeat("1+", 450)) + "1 > 0"),
        Expression("evasion-typeof", "typeof(System.IO.File)", RuleExpectation.Refuse, "typeof(System.IO.File) != null"),
        Expression("evasion-fichier", "System.IO.File.Exists", RuleExpectation.Refuse, "System.IO.File.Exists(\"/etc/passwd\")"),
        Expression("evasion-environnement", "System.Environment", RuleExpectation.Refuse, "System.Environment.ProcessorCount > 0"),
        Expression("evasion-processus", "Process.GetCurrentProcess", RuleExpectation.Refuse, "System.Diagnostics.Process.GetCurrentProcess() != null"),
        Expression("evasion-reflexion", "GetType().Assembly", RuleExpectation.Refuse, "\"\".GetType().Assembly != null"),
        Expression("evasion-activator", "Activator.CreateInstance", RuleExpectation.Refuse, "Activator.CreateInstance(typeof(object)) != null"),
        Expression("division-par-zero", "division entière par zéro à l'exécution", RuleExpectation.Either, "profil.nombre_communes / (profil.nombre_communes - profil.nombre_communes) > 1"),
        Expression("element-hors-liste", "élément 1000 d'une liste à l'exécution", RuleExpectation.Either, "profil.competences.ElementAt(1000) == \"x\""),
        Json("parametre-expression", "valeur de paramètre écrite comme une expression", RuleExpectation.Refuse, Parameters, t => t["parametres"]![0]!["valeur"] = "seuil_ingenierie_minimale * 2"),
        Json("parametre-lit-un-autre", "paramètre dont la valeur nomme un autre paramètre", RuleExpectation.Refuse, Parameters, t => t["parametres"]![1]!["valeur"] = "seuil_ingenierie_forte"),
        Json("parametres-25-doublants", "25 paramètres de valeurs 2, 4, 8… 2^25", RuleExpectation.Either, Parameters, t =>
        {
            var list = (JArray)t["parametres"]!;
            for (var i = 1; i <= 25; i++)
            {
                list.Add(new JObject { ["nom"] = $"seuil_double_{i}", ["valeur"] = Math.Pow(2, i), ["min"] = 0, ["max"] = 1e9, ["description"] = "hostile", ["source"] = "suite hostile", ["statut"] = "à valider" });
            }
        }),
        Json("globalparams", "GlobalParams dans un workflow (p2 = p1 * 2)", RuleExpectation.Refuse, Pilotage, t => t["GlobalParams"] = new JArray(
            new JObject { ["Name"] = "p1", ["Expression"] = "1" }, new JObject { ["Name"] = "p2", ["Expression"] = "p1 * 2" })),
        Json("regle-en-double", "RuleName en double", RuleExpectation.Refuse, Pilotage, t => ((JArray)t["Rules"]!).Add(t["Rules"]![0]!.DeepClone())),
        Json("600-regles", "600 règles de plus dans un fichier (plus de 4 fois la base réelle)", RuleExpectation.Either, Pilotage, t =>
        {
            var rules = (JArray)t["Rules"]!;
            var model = rules[0]!;
            for (var i = 0; i < 600; i++)
            {
                var copy = model.DeepClone();
                copy["RuleName"] = $"copie-{i}";
                rules.Add(copy);
            }
        }),
        Bytes("json-tronque", "fichier de règles tronqué de moitié", RuleExpectation.Refuse, Pilotage, b => b[..(b.Length / 2)]),
        Bytes("json-vide", "fichier de règles vide", RuleExpectation.Refuse, Pilotage, _ => []),
        Bytes("json-bom", "BOM UTF-8 en tête", RuleExpectation.Either, Pilotage, b => [0xEF, 0xBB, 0xBF, .. b]),
        Bytes("json-latin1", "fichier de règles en Latin-1", RuleExpectation.Refuse, Pilotage, b => Encoding.Latin1.GetBytes(Encoding.UTF8.GetString(b))),
        Bytes("json-commentaire", "commentaire // dans le fichier", RuleExpectation.Refuse, Pilotage, b => Encoding.UTF8.GetBytes("// commentaire\n" + Encoding.UTF8.GetString(b))),
        Bytes("json-cle-dupliquee", "clé Expression en double", RuleExpectation.Refuse, Pilotage, b => Encoding.UTF8.GetBytes(ReplaceFirst(Encoding.UTF8.GetString(b), "\"Expression\":", "\"Expression\": \"true\",\n      \"Expression\":"))),
        Bytes("json-imbrication", "10 000 listes imbriquées", RuleExpectation.Refuse, Pilotage, b => Encoding.UTF8.GetBytes(ReplaceFirst(Encoding.UTF8.GetString(b), "\"poids\": 3", "\"poids\": " + new string('[', 10_000) + new string(']', 10_000)))),
        new("fifo", "tube nommé (FIFO) à la place d'un fichier de règles", RuleExpectation.Refuse, Pilotage, dir =>
        {
            var path = Path.Combine(dir, Pilotage);
            File.Delete(path);
            using var mkfifo = Process.Start("mkfifo", [path])!;
            mkfifo.WaitForExit();
        }),
        new("dossier-json", "dossier nommé regles/x.json", RuleExpectation.Either, "regles/x.json", dir => Directory.CreateDirectory(Path.Combine(dir, "regles", "x.json"))),
    ];

    private static string NestedAny(int depth)
    {
        var text = new StringBuilder();
        for (var i = 0; i < depth; i++)
        {
            text.Append($"profil.competences.Any(x{i} => ");
        }
        text.Append("true");
        text.Append(')', depth);
        return text.ToString();
    }

    private static HostileRule Expression(string name, string what, RuleExpectation expect, string expression) =>
        Json(name, $"expression : {what}", expect, Pilotage, t => t["Rules"]![0]!["Expression"] = expression);

    private static HostileRule Json(string name, string what, RuleExpectation expect, string file, Action<JToken> edit) =>
        new(name, what, expect, file, dir =>
        {
            var path = Path.Combine(dir, file);
            var token = JToken.Parse(System.IO.File.ReadAllText(path));
            edit(token);
            System.IO.File.WriteAllText(path, token.ToString());
        });

    private static HostileRule Bytes(string name, string what, RuleExpectation expect, string file, Func<byte[], byte[]> edit) =>
        new(name, what, expect, file, dir =>
        {
            var path = Path.Combine(dir, file);
            System.IO.File.WriteAllBytes(path, edit(System.IO.File.ReadAllBytes(path)));
        });

    private static string ReplaceFirst(string text, string what, string with)
    {
        var at = text.IndexOf(what, StringComparison.Ordinal);
        return at < 0 ? text : text[..at] + with + text[(at + what.Length)..];
    }

    /// <summary>Undoes a variant: the touched file back to the repository's, strays removed.</summary>
    public static void Restore(string dir, HostileRule rule)
    {
        var path = Path.Combine(dir, rule.File);
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
        var original = Path.Combine(Repo.Rules, rule.File);
        if (System.IO.File.Exists(original))
        {
            if (System.IO.File.Exists(path) && new FileInfo(path).Length >= 0 && global::Cadrage.Rules.IO.FileKind.Of(path) != global::Cadrage.Rules.IO.FileKindValue.Regular)
            {
                System.IO.File.Delete(path);
            }
            System.IO.File.Copy(original, path, overwrite: true);
        }
    }
}

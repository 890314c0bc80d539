using System.Text.RegularExpressions;

namespace Cadrage.Rules.Worker.Cli;

/// <summary>Command-line errors in French: System.CommandLine's French resources leave some messages in English.</summary>
internal static partial class FrenchParseErrors
{
    /// <summary>Prints each parse error in French and how to get help; returns the usage-error exit code.</summary>
    public static int Report(ParseResult parse, TextWriter stderr)
    {
        foreach (var error in parse.Errors)
        {
            stderr.WriteLine(Translate(error.Message));
        }
        var command = string.Join(' ', CommandPath(parse.CommandResult.Command));
        stderr.WriteLine($"Aide : {command} --help");
        return ExitCodes.Unexpected;
    }

    public static string Translate(string message)
    {
        var m = RequiredOption().Match(message);
        if (m.Success)
        {
            return $"L'option {m.Groups[1].Value} est obligatoire.";
        }
        m = CannotParse().Match(message);
        if (m.Success)
        {
            var where = m.Groups[2].Success ? $" pour l'option {m.Groups[3].Value}" : m.Groups[4].Success ? $" pour la commande {m.Groups[5].Value}" : "";
            return $"Valeur « {m.Groups[1].Value} » illisible{where} : {Expected(m.Groups[6].Value)} attendu.";
        }
        m = SingleArgument().Match(message);
        if (m.Success)
        {
            return $"L'option {m.Groups[1].Value} attend une seule valeur ; {m.Groups[2].Value} ont été données.";
        }
        m = NotMatched().Match(message);
        if (m.Success)
        {
            return $"« {m.Groups[1].Value} » non reconnu. Vouliez-vous dire :{m.Groups[2].Value}";
        }
        m = FileNameCharacter().Match(message);
        if (m.Success)
        {
            return $"Caractère non autorisé dans un nom de fichier : « {m.Groups[1].Value} ».";
        }
        m = NotCombined().Match(message);
        return m.Success ? $"L'option {m.Groups[1].Value} ne se combine pas avec d'autres arguments." : message;
    }

    private static string Expected(string type) => type switch
    {
        "System.Double" or "System.Decimal" or "System.Single" => "un nombre",
        "System.Int32" or "System.Int64" or "System.Nullable`1[System.Int32]" => "un nombre entier",
        "System.Boolean" => "true ou false",
        _ => "une valeur de type " + type,
    };

    private static IEnumerable<string> CommandPath(Command? command)
    {
        var names = new Stack<string>();
        for (var symbol = (Symbol?)command; symbol is not null; symbol = symbol.Parents.FirstOrDefault())
        {
            names.Push(symbol is RootCommand ? "cadrage" : symbol.Name);
        }
        return names;
    }

    [GeneratedRegex(@"^Option '([^']+)' is required\.$")]
    private static partial Regex RequiredOption();

    // Groups: 1 value, 2 option clause, 3 option, 4 command clause, 5 command, 6 type.
    [GeneratedRegex(@"^Cannot parse argument '(.*?)'(?:( for option '([^']+)')|( for command '([^']+)'))? as expected type '([^']+)'\.", RegexOptions.Singleline)]
    private static partial Regex CannotParse();

    [GeneratedRegex(@"^Option '([^']+)' expects a single argument but (\d+) were provided\.$")]
    private static partial Regex SingleArgument();

    [GeneratedRegex(@"^'(.*)' was not matched\. Did you mean one of the following\?(.*)$", RegexOptions.Singleline)]
    private static partial Regex NotMatched();

    [GeneratedRegex(@"^Character not allowed in a file name: '(.*)'\.$")]
    private static partial Regex FileNameCharacter();

    [GeneratedRegex(@"^(.+) option cannot be combined with other arguments\.$")]
    private static partial Regex NotCombined();
}

namespace Cadrage.Rules.Worker.Cli;

public static partial class CadrageCli
{
    private static Command ServeCommand(TextWriter stderr, IReadOnlyDictionary<string, string?>? settings)
    {
        var rules = RulesOption();
        var inbox = new Option<string?>("--entree") { Description = "Boîte d'entrée surveillée (réglage Cadrage:Service:Entree, par défaut data/inbox)." };
        var outbox = new Option<string?>("--sortie") { Description = "Dossier des résultats (Cadrage:Service:Sortie, par défaut data/outbox)." };
        var parallel = new Option<int?>("--parallelisme") { Description = "Évaluations simultanées (Cadrage:Service:Parallelisme)." };
        var command = new Command("serve", "Lance le service : évalue chaque profil déposé dans la boîte d'entrée, recharge les règles à chaud. Tout réglage se passe aussi en --Section:Cle=valeur.")
        {
            rules, inbox, outbox, parallel,
        };
        command.Aliases.Add("servir");
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellation) =>
        {
            var overrides = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>());
            if (parse.GetValue(inbox) is { } e) overrides["Cadrage:Service:Entree"] = e;
            if (parse.GetValue(outbox) is { } o) overrides["Cadrage:Service:Sortie"] = o;
            if (parse.GetValue(parallel) is { } p) overrides["Cadrage:Service:Parallelisme"] = p.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var rulesOption = parse.GetValue(rules);
            var commandLine = parse.UnmatchedTokens.ToArray();
            await using var host = CadrageHost.BuildService(overrides, rulesOption, commandLine);
            return await Service.ServiceHost.RunAsync(host, stderr, cancellation);
        });
        return command;
    }
}

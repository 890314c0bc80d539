using Cadrage.Rules.Worker.Cli;

namespace Cadrage.Rules.Worker.Service;

/// <summary><c>cadrage serve</c>: the inbox worker, the hot reload of rules and the HTTP API until stopped.</summary>
public sealed class ServeCommand : CadrageCommand
{
    private readonly Option<string?> _rules = RulesOption();
    private readonly Option<string?> _inbox = new("--entree") { Description = "Boîte d'entrée surveillée (réglage Cadrage:Service:Entree, par défaut data/inbox).", HelpName = "dossier" };
    private readonly Option<string?> _outbox = new("--sortie") { Description = "Dossier des résultats (Cadrage:Service:Sortie, par défaut data/outbox).", HelpName = "dossier" };
    private readonly Option<int?> _parallel = new("--parallelisme") { Description = "Évaluations simultanées (Cadrage:Service:Parallelisme).", HelpName = "n" };

    public ServeCommand(CliContext context)
        : base("serve", "Lance le service : évalue chaque profil déposé dans la boîte d'entrée, recharge les règles à chaud. Tout réglage se passe aussi en --Section:Cle=valeur.", context)
    {
        Options.Add(_rules);
        Options.Add(_inbox);
        Options.Add(_outbox);
        Options.Add(_parallel);
        Aliases.Add("servir");
        TreatUnmatchedTokensAsErrors = false;
        SetAction(RunAsync);
    }

    private async Task<int> RunAsync(ParseResult parse, CancellationToken cancellation)
    {
        var overrides = new Dictionary<string, string?>(Context.Settings ?? new Dictionary<string, string?>());
        if (parse.GetValue(_inbox) is { } e) overrides["Cadrage:Service:Entree"] = e;
        if (parse.GetValue(_outbox) is { } o) overrides["Cadrage:Service:Sortie"] = o;
        if (parse.GetValue(_parallel) is { } p) overrides["Cadrage:Service:Parallelisme"] = p.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var host = CadrageHost.BuildService(overrides, parse.GetValue(_rules), parse.UnmatchedTokens.ToArray(), console: Out);
        return await ServiceHost.RunAsync(host, Error, cancellation);
    }
}

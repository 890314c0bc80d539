using Cadrage.Rules.Worker.Cli;

namespace Cadrage.Rules.Worker.Import;

/// <summary><c>cadrage import decoupage</c>: profiles from the administrative division, enriched with INSEE/ANCT data.</summary>
public sealed class DecoupageCommand : CadrageCommand
{
    private readonly Option<string> _epci = new("--epci") { Description = "epci.json (ou epci.json.gz) de @etalab/decoupage-administratif 6.0.0.", Required = true, HelpName = "fichier" };
    private readonly Option<string> _communes = new("--communes") { Description = "communes.json du même paquet.", Required = true, HelpName = "fichier" };
    private readonly Option<string?> _ept = new("--ept") { Description = "ept.json du même paquet : établissements publics territoriaux de la Métropole du Grand Paris (indicateur nombre_ept).", HelpName = "fichier" };
    private readonly Option<string> _echelle = new("--echelle") { Description = "epci (un profil par EPCI) ou commune (un par commune actuelle).", DefaultValueFactory = _ => "epci" };
    private readonly Option<string> _output = new("--out", "-o") { Description = "Fichier JSONL à écrire (un profil par ligne).", Required = true, HelpName = "fichier" };
    private readonly Option<string?> _indicators = new("--indicateurs") { Description = "communes-indicateurs.csv (INSEE) : superficie, densité, grille, BPE, chômage, France Services.", HelpName = "fichier" };
    private readonly Option<string?> _franceServices = new("--france-services") { Description = "france-services.csv (ANCT) : France Services et itinérantes.", HelpName = "fichier" };

    public DecoupageCommand(CliContext context)
        : base("decoupage", "Construit des profils depuis le découpage administratif, enrichis si demandé des données INSEE/ANCT ; rapport des codes non rattachés.", context)
    {
        _echelle.AcceptOnlyFromAmong("epci", "commune");
        Options.Add(_epci);
        Options.Add(_communes);
        Options.Add(_ept);
        Options.Add(_echelle);
        Options.Add(_output);
        Options.Add(_indicators);
        Options.Add(_franceServices);
        SetAction(Run);
    }

    private int Run(ParseResult parse)
    {
        try
        {
            var importer = new DecoupageImporter(DecoupageImporter.ReadAllText(parse.GetValue(_epci)!), DecoupageImporter.ReadAllText(parse.GetValue(_communes)!));
            if (parse.GetValue(_ept) is { } ept)
            {
                importer.AddEpt(DecoupageImporter.ReadAllText(ept));
            }
            if (parse.GetValue(_indicators) is { } csv)
            {
                using var reader = DecoupageImporter.OpenText(csv);
                importer.AddIndicators(reader);
            }
            if (parse.GetValue(_franceServices) is { } fs)
            {
                using var reader = DecoupageImporter.OpenText(fs);
                importer.AddFranceServices(reader);
            }
            var writer = new StringWriter { NewLine = "\n" };
            if (parse.GetValue(_echelle) == "commune")
            {
                importer.WriteCommunes(writer);
            }
            else
            {
                importer.WriteEpci(writer);
            }
            AtomicFile.Write(parse.GetValue(_output)!, writer.ToString());
            Error.Write(importer.Report.Render());
            Out.WriteLine($"{importer.Report.Profils} profils écrits dans {parse.GetValue(_output)}");
            return ExitCodes.Success;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Newtonsoft.Json.JsonException or KeyNotFoundException or InvalidCastException or ArgumentException or FormatException or NullReferenceException or InvalidDataException)
        {
            Error.WriteLine($"Import impossible : {ex.Message}");
            return ExitCodes.Unexpected;
        }
    }
}

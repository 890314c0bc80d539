namespace Cadrage.Rules.Worker.Cli;

public static partial class CadrageCli
{
    private static Command ImportCommand(TextWriter stdout, TextWriter stderr)
    {
        var epci = new Option<string>("--epci") { Description = "epci.json de @etalab/decoupage-administratif 6.0.0.", Required = true };
        var communes = new Option<string>("--communes") { Description = "communes.json du même paquet.", Required = true };
        var echelle = new Option<string>("--echelle") { Description = "epci (un profil par EPCI) ou commune (un par commune actuelle).", DefaultValueFactory = _ => "epci" };
        echelle.AcceptOnlyFromAmong("epci", "commune");
        var output = new Option<string>("--out", "-o") { Description = "Fichier JSONL à écrire (un profil par ligne).", Required = true };
        var indicators = new Option<string?>("--indicateurs") { Description = "communes-indicateurs.csv (INSEE) : superficie, densité, grille, BPE, chômage, France Services." };
        var franceServices = new Option<string?>("--france-services") { Description = "france-services.csv (ANCT) : France Services et itinérantes." };
        var decoupage = new Command("decoupage", "Construit des profils depuis le découpage administratif, enrichis si demandé des données INSEE/ANCT ; rapport des codes non rattachés.")
        {
            epci, communes, echelle, output, indicators, franceServices,
        };
        decoupage.SetAction(parse =>
        {
            try
            {
                var importer = new Import.DecoupageImporter(File.ReadAllText(parse.GetValue(epci)!), File.ReadAllText(parse.GetValue(communes)!));
                if (parse.GetValue(indicators) is { } csv)
                {
                    using var reader = new StreamReader(csv);
                    importer.AddIndicators(reader);
                }
                if (parse.GetValue(franceServices) is { } fs)
                {
                    using var reader = new StreamReader(fs);
                    importer.AddFranceServices(reader);
                }
                var writer = new StringWriter { NewLine = "\n" };
                if (parse.GetValue(echelle) == "commune")
                {
                    importer.WriteCommunes(writer);
                }
                else
                {
                    importer.WriteEpci(writer);
                }
                AtomicFile.Write(parse.GetValue(output)!, writer.ToString());
                stderr.Write(importer.Report.Render());
                stdout.WriteLine($"{importer.Report.Profils} profils écrits dans {parse.GetValue(output)}");
                return ExitCodes.Success;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Newtonsoft.Json.JsonException or KeyNotFoundException or InvalidCastException or ArgumentException or FormatException or NullReferenceException)
            {
                stderr.WriteLine($"Import impossible : {ex.Message}");
                return ExitCodes.Unexpected;
            }
        });
        var command = new Command("import", "Importe des profils depuis des données ouvertes.") { decoupage };
        return command;
    }
}

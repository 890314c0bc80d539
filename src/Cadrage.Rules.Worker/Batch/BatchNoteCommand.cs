using System.Text;
using Cadrage.Rules.Note;
using Cadrage.Rules.Worker.Batch.Compact;
using Cadrage.Rules.Worker.Cli;

namespace Cadrage.Rules.Worker.Batch;

/// <summary><c>cadrage batch-note</c>: the notes de cadrage of some (or all) territories of a batch, rebuilt from its results.</summary>
public sealed class BatchNoteCommand : CadrageCommand
{
    private readonly Argument<string> _folder = new("dossier") { Description = "Dossier d'un lot (celui de cadrage batch … --out) : resultats.jsonl et, en forme compacte, regles.json." };
    private readonly Argument<string[]> _ids = new("id") { Description = "Identifiants des territoires (tous si aucun).", Arity = ArgumentArity.ZeroOrMore };
    private readonly Option<string?> _output = new("--out", "-o") { Description = "Dossier des notes (par défaut : notes/ dans le dossier du lot).", HelpName = "dossier" };

    public BatchNoteCommand(CliContext context)
        : base("batch-note", "Écrit la note de cadrage de territoires d'un lot, reconstruite depuis ses résultats (forme compacte ou complète), sans réévaluer.", context)
    {
        Arguments.Add(_folder);
        Arguments.Add(_ids);
        Options.Add(_output);
        Aliases.Add("note-lot");
        SetAction(parse => Run(parse.GetValue(_folder)!, parse.GetValue(_ids) ?? [], parse.GetValue(_output)));
    }

    private int Run(string folder, string[] ids, string? output)
    {
        using var host = TryBuildHost();
        if (host is null)
        {
            return ExitCodes.InvalidConfiguration;
        }
        NoteRenderer renderer;
        try
        {
            renderer = host.Services.GetRequiredService<NoteRenderer>();
        }
        catch (NoteStyleException ex)
        {
            Error.WriteLine("Réglage invalide : " + ex.Message);
            return ExitCodes.InvalidConfiguration;
        }
        BatchResults results;
        try
        {
            results = BatchResults.Open(folder);
        }
        catch (CompactFormatException ex)
        {
            Error.WriteLine($"Lot illisible : {ex.Message}");
            return ExitCodes.InvalidProfile;
        }
        var wanted = ids.ToHashSet(StringComparer.Ordinal);
        var directory = output ?? Path.Combine(folder, BatchRunner.NotesFolder);
        Directory.CreateDirectory(directory);
        var date = DateTimeOffset.Now;
        var occurrences = new Dictionary<string, int>(StringComparer.Ordinal);
        var written = 0;
        var found = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            foreach (var (line, id, bytes) in results.Lines())
            {
                var occurrence = occurrences[id] = occurrences.GetValueOrDefault(id) + 1;
                if (wanted.Count > 0 && !wanted.Contains(id))
                {
                    continue;
                }
                found.Add(id);
                // The name synthese.html links to.
                var path = Path.Combine(directory, Path.GetFileName(BatchRunner.NotePath(id, occurrence)));
                AtomicFile.Write(path, renderer.Render(results.Read(line, bytes.Span), date), new UTF8Encoding(false));
                Out.WriteLine(path);
                written++;
            }
        }
        catch (CompactFormatException ex)
        {
            Error.WriteLine($"Lot illisible : {ex.Message}");
            return ExitCodes.InvalidProfile;
        }
        var missing = wanted.Where(id => !found.Contains(id)).ToList();
        foreach (var id in missing)
        {
            Error.WriteLine($"Territoire introuvable dans le lot : {id}");
        }
        Out.WriteLine($"{FrenchCount(written, "note écrite", "notes écrites")} dans {directory}");
        return missing.Count == 0 ? ExitCodes.Success : ExitCodes.InvalidProfile;
    }

    private static string FrenchCount(int n, string singular, string plural) => $"{Output.FrenchFormat.Number(n)} {(n >= 2 ? plural : singular)}";
}

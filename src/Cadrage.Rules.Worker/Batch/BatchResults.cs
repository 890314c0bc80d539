using System.Text.Json;
using Cadrage.Rules.Output;
using Cadrage.Rules.Worker.Batch.Compact;

namespace Cadrage.Rules.Worker.Batch;

/// <summary>
/// The results of a batch folder read back as full results, whatever their form: compact lines rebuilt with the
/// folder's <c>regles.json</c>, or full lines as they are. Read line by line (bounded memory).
/// </summary>
public sealed class BatchResults
{
    private readonly string _results;
    private readonly CompactReader? _compact;

    private BatchResults(string results, CompactReader? compact)
    {
        _results = results;
        _compact = compact;
    }

    /// <summary>The form of the folder's results.</summary>
    public ResultForm Form => _compact is null ? ResultForm.Complete : ResultForm.Compacte;

    /// <summary>Opens a batch folder.</summary>
    /// <exception cref="CompactFormatException">When the folder has no results or its dictionary is unreadable, in French.</exception>
    public static BatchResults Open(string folder)
    {
        var results = Path.Combine(folder, BatchRunner.ResultsFile);
        if (!File.Exists(results))
        {
            throw new CompactFormatException($"{BatchRunner.ResultsFile} introuvable dans {folder} : est-ce le dossier d'un lot (cadrage batch … --out) ?");
        }
        var dictionary = Path.Combine(folder, BatchRunner.DictionaryFile);
        return new BatchResults(results, File.Exists(dictionary) ? new CompactReader(CompactDictionary.Read(dictionary)) : null);
    }

    /// <summary>The territory id of each line (without rebuilding it), with its line number.</summary>
    public IEnumerable<(long Line, string Id, ReadOnlyMemory<byte> Bytes)> Lines()
    {
        foreach (var (line, bytes, _) in BatchInput.Lines(_results))
        {
            if (bytes.IsEmpty)
            {
                continue;
            }
            yield return (line, IdOf(bytes.Span, line), bytes);
        }
    }

    /// <summary>Rebuilds one line.</summary>
    /// <exception cref="CompactFormatException">When the line cannot be read, in French with its number.</exception>
    public EvaluationResult Read(long line, ReadOnlySpan<byte> bytes)
    {
        try
        {
            return _compact is not null ? _compact.Read(bytes) : ResultJson.Deserialize(bytes);
        }
        catch (Exception ex) when (ex is CompactFormatException or JsonException)
        {
            throw new CompactFormatException($"{BatchRunner.ResultsFile}, ligne {line} : {ex.Message}");
        }
    }

    private static string IdOf(ReadOnlySpan<byte> bytes, long line)
    {
        try
        {
            var reader = new Utf8JsonReader(bytes);
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("territoire"u8))
                {
                    reader.Read();
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var isId = reader.ValueTextEquals("id"u8);
                        reader.Read();
                        if (isId && reader.TokenType == JsonTokenType.String)
                        {
                            return reader.GetString()!;
                        }
                        reader.Skip();
                    }
                    break;
                }
                reader.Read();
                reader.Skip();
            }
        }
        catch (JsonException)
        {
        }
        throw new CompactFormatException($"{BatchRunner.ResultsFile}, ligne {line} : territoire sans identifiant");
    }
}

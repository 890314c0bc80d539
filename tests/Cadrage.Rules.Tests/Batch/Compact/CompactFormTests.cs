using System.Buffers;
using System.Text;
using Cadrage.Rules.Evaluation;
using Cadrage.Rules.Output;
using Cadrage.Rules.Profiles;
using Cadrage.Rules.Worker.Batch.Compact;

namespace Cadrage.Rules.Tests.Batch.Compact;

[TestClass]
public sealed class CompactFormTests
{
    /// <summary>Every real EPCI (and the examples): compact line + dictionary → the full form, byte for byte.</summary>
    [TestMethod]
    public void RebuildingFromCompactLinesGivesTheFullFormByteForByte()
    {
        var kb = RealRules.Kb;
        var evaluator = new Evaluator();
        var profiles = File.ReadLines(Path.Combine(Repo.Examples, "france-epci.jsonl")).Where(l => l.Length > 0)
            .Select((l, i) => ProfileReader.Read(l, $"ligne {i + 1}", kb))
            .Concat(Repo.ExampleFiles.Select(f => ProfileReader.ReadFile(f, kb)))
            .ToList();
        var writer = new CompactWriter(CompactDictionary.For(kb));
        var full = new List<byte[]>();
        var lines = new List<byte[]>();
        var buffer = new ArrayBufferWriter<byte>();
        foreach (var profile in profiles)
        {
            var result = evaluator.Evaluate(kb, profile);
            full.Add(ResultJson.SerializeToUtf8(result, indented: false));
            buffer.ResetWrittenCount();
            writer.Write(buffer, result);
            lines.Add(buffer.WrittenSpan.ToArray());
        }
        var file = new MemoryStream();
        writer.Dictionary.WriteTo(file);
        var dictionary = CompactDictionary.Read(System.Text.Json.JsonDocument.Parse(file.ToArray()).RootElement);
        var reader = new CompactReader(dictionary);
        var failures = new List<string>();
        for (var i = 0; i < lines.Count; i++)
        {
            var rebuilt = ResultJson.SerializeToUtf8(reader.Read(lines[i]), indented: false);
            if (!rebuilt.AsSpan().SequenceEqual(full[i]))
            {
                failures.Add($"{profiles[i].Id} : {FirstDifference(full[i], rebuilt)}");
            }
        }
        Assert.AreEqual(0, failures.Count, string.Join("\n", failures.Take(5)));
        var average = lines.Average(l => l.Length);
        Console.WriteLine($"forme complète {full.Average(l => l.Length):0} o, compacte {average:0} o, dictionnaire {file.Length} o, {dictionary.Texts.Count} textes partagés");
    }

    private static string FirstDifference(byte[] expected, byte[] actual)
    {
        var i = 0;
        while (i < expected.Length && i < actual.Length && expected[i] == actual[i])
        {
            i++;
        }
        var from = Math.Max(0, i - 80);
        return $"octet {i} : attendu « {Encoding.UTF8.GetString(expected, from, Math.Min(expected.Length - from, 160))} », obtenu « {Encoding.UTF8.GetString(actual, from, Math.Min(actual.Length - from, 160))} »";
    }
}

using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Cadrage.Rules.KnowledgeBase;
using Cadrage.Rules.Profiles;

namespace Cadrage.Rules.Benchmarks;

/// <summary>
/// Reading the same real profiles (one JSONL line each) into typed profiles: (a) the former path, Newtonsoft
/// JToken tree then walk (<see cref="LegacyTokenProfileReader"/>); (b) the streaming reader on UTF-8 bytes, as a
/// batch line or a request body arrives; (c) the streaming reader from a .NET string (UTF-8 encoding included).
/// One operation = every profile of the file.
/// </summary>
[SimpleJob(RunStrategy.Throughput, launchCount: 1, warmupCount: 5, iterationCount: 20)]
[MemoryDiagnoser]
public class ProfileReadingBenchmarks
{
    private RuleSet _kb = null!;
    private string[] _texts = null!;
    private byte[][] _utf8 = null!;

    [GlobalSetup]
    public void Setup()
    {
        _kb = RuleSet.Load(EvaluationBenchmarks.Rules);
        _texts = File.ReadLines(EvaluationBenchmarks.Profiles).Where(l => l.Length > 0).ToArray();
        _utf8 = _texts.Select(Encoding.UTF8.GetBytes).ToArray();
        // Both readers must read the same profiles (checked once, outside the measurement).
        for (var i = 0; i < _texts.Length; i++)
        {
            var before = LegacyTokenProfileReader.Read(_texts[i], "ligne", _kb);
            var after = ProfileReader.Read(_utf8[i], "ligne", _kb);
            if (before.Id != after.Id || before.Indicateurs.Count != after.Indicateurs.Count || before.Besoins.Count != after.Besoins.Count)
            {
                throw new InvalidOperationException($"lecture différente à la ligne {i + 1}");
            }
        }
    }

    [Benchmark(Baseline = true, Description = "a. arbre JToken (Newtonsoft) puis profil typé")]
    public int TokenTree()
    {
        var count = 0;
        foreach (var text in _texts)
        {
            count += LegacyTokenProfileReader.Read(text, "ligne", _kb).Indicateurs.Count;
        }
        return count;
    }

    [Benchmark(Description = "b. lecture en flux (Utf8JsonReader) depuis les octets UTF-8")]
    public int StreamingUtf8()
    {
        var count = 0;
        foreach (var utf8 in _utf8)
        {
            count += ProfileReader.Read(utf8, "ligne", _kb).Indicateurs.Count;
        }
        return count;
    }

    [Benchmark(Description = "c. lecture en flux depuis un texte .NET (encodage UTF-8 compris)")]
    public int StreamingText()
    {
        var count = 0;
        foreach (var text in _texts)
        {
            count += ProfileReader.Read(text, "ligne", _kb).Indicateurs.Count;
        }
        return count;
    }
}

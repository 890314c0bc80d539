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

        // The predictions hold on real results: rule texts, values read and provenances come from the dictionary and the
        // portrait (the EPCI share their sources; the examples, with a collectivity's own data, write theirs).
        var texts = lines.Take(profiles.Count - Repo.ExampleFiles.Count()).Select(l => Encoding.UTF8.GetString(l)).ToList();
        foreach (var key in new[] { "\"explication\":", "\"source\":", "\"libelleOption\":", "\"texte\":", "\"ordre\":" })
        {
            Assert.AreEqual(0, texts.Count(t => t.Contains(key, StringComparison.Ordinal)), $"{key} écrit dans une ligne : une prédiction ne tient plus");
        }
        var average = lines.Average(l => l.Length);
        Assert.IsTrue(average * 10 < full.Average(l => l.Length), $"forme compacte de {average:0} octets en moyenne");
        Console.WriteLine($"forme complète {full.Average(l => l.Length):0} o, compacte {average:0} o, dictionnaire {file.Length} o, {dictionary.Texts.Count} textes partagés");
    }

    [TestMethod]
    public void ALineReadWithTheDictionaryOfAnotherRuleSetIsAFrenchError()
    {
        var kb = RealRules.Kb;
        var (writer, _, other) = FirstExampleWritten();
        other["referentiel"] = "000000000000";

        var error = Assert.ThrowsExactly<CompactFormatException>(() => new CompactReader(writer.Dictionary).Read(Encoding.UTF8.GetBytes(other.ToJsonString())));

        Expect.Contains($"ligne produite par la base de règles 000000000000, dictionnaire de la base {kb.Version}", error.Message);
        var broken = Assert.ThrowsExactly<CompactFormatException>(() => new CompactReader(writer.Dictionary).Read("{\"territoire\": 3}"u8));
        Expect.Contains("ligne compacte illisible", broken.Message);
        var file = Path.Combine(Path.GetTempPath(), "cadrage-tests", Guid.NewGuid().ToString("N") + ".json");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, "{\"format\": \"autre\"}");
        Expect.Contains("format « cadrage-lot-compact » attendu", Assert.ThrowsExactly<CompactFormatException>(() => CompactDictionary.Read(file)).Message);
    }

    /// <summary>The portrait is written by position (the dictionary's indicator order); version-2 lines, by id, still read.</summary>
    [TestMethod]
    public void ThePortraitIsAnArrayInTheDictionaryOrderAndTheObjectFormStillReads()
    {
        var (writer, result, line) = FirstExampleWritten();
        var d = writer.Dictionary;
        var values = line["portrait"]!.AsArray();

        // One slot per indicator up to the last one given, null where the profile gives none.
        Assert.AreEqual(d.PortraitPosition[result.Portrait[^1].Id] + 1, values.Count);
        Assert.AreEqual(result.Portrait.Count, values.Count(v => v is not null));
        var population = result.Portrait.Single(e => e.Id == "population");
        Assert.AreEqual(Convert.ToDouble(population.Valeur, System.Globalization.CultureInfo.InvariantCulture), values[d.PortraitPosition["population"]]!.GetValue<double>());
        var full = ResultJson.SerializeToUtf8(result, indented: false);
        CollectionAssert.AreEqual(full, ResultJson.SerializeToUtf8(new CompactReader(d).Read(Encoding.UTF8.GetBytes(line.ToJsonString())), indented: false));

        // The same portrait by indicator id (format 2) rebuilds the same result.
        var byId = new System.Text.Json.Nodes.JsonObject();
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i] is { } value)
            {
                byId[d.PortraitOrder[i]] = value.DeepClone();
            }
        }
        line["portrait"] = byId;
        CollectionAssert.AreEqual(full, ResultJson.SerializeToUtf8(new CompactReader(d).Read(Encoding.UTF8.GetBytes(line.ToJsonString())), indented: false));

        // More values than indicators: a French error, not a shifted portrait.
        line["portrait"] = new System.Text.Json.Nodes.JsonArray(Enumerable.Range(0, d.PortraitOrder.Count + 1).Select(i => (System.Text.Json.Nodes.JsonNode?)i).ToArray());
        var error = Assert.ThrowsExactly<CompactFormatException>(() => new CompactReader(d).Read(Encoding.UTF8.GetBytes(line.ToJsonString())));
        Expect.Contains($"portrait : {d.PortraitOrder.Count + 1} valeurs pour {d.PortraitOrder.Count} indicateurs", error.Message);
    }

    /// <summary>
    /// A compact line leaves out the texts its dictionary predicts, and the evaluation renders them only when read: writing
    /// the line renders no explanation of a rule that cites only values it reads, nor the text of a value. A text changed
    /// after the evaluation (its provenance lost) is compared, written in the line, and rebuilt as changed.
    /// </summary>
    [TestMethod]
    public void ACompactLineRendersNoTextItPredictsAndAChangedTextIsWritten()
    {
        var kb = RealRules.Kb;
        var result = new Evaluator().Evaluate(kb, ProfileReader.ReadFile(Repo.ExampleFiles.First(), kb));
        var writer = new CompactWriter(CompactDictionary.For(kb));
        var buffer = new ArrayBufferWriter<byte>();
        writer.Write(buffer, result);

        // (Compared by reference: record equality compares, and so renders, the texts.)
        var justifications = result.Scenarios.SelectMany(s => s.Justifications.Concat(s.Vigilances)).Distinct(ReferenceEqualityComparer.Instance).Cast<Justification>().ToList();
        var predicted = justifications.Where(j => kb.Derived.TemplateCitesOwnIndicators[kb.Rules.Single(r => r.Name == j.Regle).Index]).ToList();
        Assert.IsTrue(predicted.Count >= 10, $"{predicted.Count} justifications dont l'explication ne cite que les valeurs lues");
        Assert.AreEqual(0, predicted.Count(j => j.DeferredExplication!.Rendered), "explication rendue pour une ligne compacte qui ne l'écrit pas");
        var portraitRendered = result.Portrait.Count(e => e.DeferredTexte!.Rendered);
        Assert.IsTrue(portraitRendered * 10 <= result.Portrait.Count, $"{portraitRendered} textes de valeurs rendus sur {result.Portrait.Count}");

        // Read, they are the texts the rules' templates and the catalogue give, and the line rebuilds them exactly.
        var full = ResultJson.SerializeToUtf8(result, indented: false);
        Assert.IsTrue(predicted.All(j => j.DeferredExplication!.Rendered && j.Explication.Length > 0));
        CollectionAssert.AreEqual(full, ResultJson.SerializeToUtf8(new CompactReader(writer.Dictionary).Read(buffer.WrittenSpan), indented: false));
        var line = Encoding.UTF8.GetString(buffer.WrittenSpan);
        Assert.IsFalse(line.Contains("\"explication\":", StringComparison.Ordinal) || line.Contains("\"texte\":", StringComparison.Ordinal), line);

        // The other side: an explanation and a value's text rewritten after the evaluation are written, and rebuilt as rewritten.
        var first = result.Scenarios[0];
        var target = first.Justifications.First(j => predicted.Any(p => ReferenceEquals(p, j)));
        var rewritten = target with { Explication = "Explication réécrite après l'évaluation." };
        Assert.IsFalse(TextProvenance.IsRuleTemplate(rewritten, kb));
        Assert.IsTrue(TextProvenance.IsRuleTemplate(target, kb));
        var entry = result.Portrait[0] with { Texte = "texte réécrit" };
        Assert.IsFalse(TextProvenance.IsValueText(entry, kb.Indicators.Single(i => i.Id == entry.Id)));
        var changed = result with
        {
            Scenarios = [first with { Justifications = [.. first.Justifications.Select(j => ReferenceEquals(j, target) ? rewritten : j)] }, .. result.Scenarios.Skip(1)],
            Portrait = [entry, .. result.Portrait.Skip(1)],
        };
        buffer.ResetWrittenCount();
        writer.Write(buffer, changed);
        line = Encoding.UTF8.GetString(buffer.WrittenSpan);
        Expect.Contains("\"explication\":", line);
        Expect.Contains("\"texte\":", line);
        CollectionAssert.AreEqual(ResultJson.SerializeToUtf8(changed, indented: false), ResultJson.SerializeToUtf8(new CompactReader(writer.Dictionary).Read(buffer.WrittenSpan), indented: false));
    }

    /// <summary>The first example evaluated and written as a compact line (the writer keeps its dictionary).</summary>
    private static (CompactWriter Writer, EvaluationResult Result, System.Text.Json.Nodes.JsonNode Line) FirstExampleWritten()
    {
        var kb = RealRules.Kb;
        var result = new Evaluator().Evaluate(kb, ProfileReader.ReadFile(Repo.ExampleFiles.First(), kb));
        var writer = new CompactWriter(CompactDictionary.For(kb));
        var buffer = new ArrayBufferWriter<byte>();
        writer.Write(buffer, result);
        return (writer, result, System.Text.Json.Nodes.JsonNode.Parse(Encoding.UTF8.GetString(buffer.WrittenSpan))!);
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

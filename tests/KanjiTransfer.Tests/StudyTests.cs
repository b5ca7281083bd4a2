using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Composable.Examples.KanjiTransfer;
using Xunit;

namespace KanjiTransfer.Tests;

/// <summary>The quick setting runs end to end and writes every number, the table and the chart; a seed repeats exactly.</summary>
public sealed class StudyTests
{
    [Fact]
    public void Quick_study_writes_every_method_and_k_with_accuracies_the_table_and_the_chart()
    {
        var folder = Directory.CreateTempSubdirectory("kanji-transfer-");
        try
        {
            var output = new StringWriter();

            Assert.Equal(0, Cli.Run(["--quick", "--out", folder.FullName], output, TextWriter.Null));

            var quick = TransferOptions.Quick;
            var methods = TransferMethod.All.Select(m => m.Name).ToArray();
            Assert.All(methods, m => Assert.Contains($"| {m} ", output.ToString()));
            Assert.All(MultiTaskStudy.Methods, m => Assert.Contains($"| {m.Name} ", output.ToString()));
            Assert.True(new FileInfo(Path.Combine(folder.FullName, Report.PngFile)).Length > 10_000);
            Assert.Single(Directory.GetFiles(Path.Combine(folder.FullName, "cache"), "pretrained-*.safetensors"));

            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder.FullName, Report.JsonFile)));
            var kanji = json.RootElement.GetProperty("kanji");
            var cells = kanji.GetProperty("cells").EnumerateArray().Select(c => (
                Method: c.GetProperty("method").GetString()!,
                Shots: c.GetProperty("shots").GetInt32(),
                Mean: c.GetProperty("mean").GetDouble(),
                Accuracies: c.GetProperty("accuracies").EnumerateArray().Select(a => a.GetDouble()).ToArray())).ToArray();
            Assert.Equal((from m in methods from k in quick.Shots select (m, k)).ToArray(), cells.Select(c => (c.Method, c.Shots)).ToArray());
            Assert.All(cells, c => Assert.Equal(quick.Draws, c.Accuracies.Length));
            Assert.All(cells, c => Assert.All(c.Accuracies, a => Assert.InRange(a, 0.0, 1.0)));
            Assert.All(cells, c => Assert.Equal(c.Accuracies.Average(), c.Mean, 12));
            Assert.Equal(quick.Draws, kanji.GetProperty("drawnCharacters").GetArrayLength());
            Assert.False(kanji.GetProperty("pretraining").GetProperty("cached").GetBoolean());
            var view = json.RootElement.GetProperty("multiTask").GetProperty("cells").EnumerateArray().ToArray();
            Assert.Equal(MultiTaskStudy.Methods.Count * quick.FewExamples.Count, view.Length);
            Assert.All(view, c => Assert.InRange(c.GetProperty("mean").GetDouble(), 0.0, 1.0));

            // --replot prints the same tables from the JSON alone, and draws the chart again beside it.
            var replotted = new StringWriter();
            var copy = Path.Combine(folder.FullName, "copy.json");
            File.Copy(Path.Combine(folder.FullName, Report.JsonFile), copy);
            Assert.Equal(0, Cli.Run(["--replot", copy], replotted, TextWriter.Null));
            Assert.Equal(Tables(output.ToString()), Tables(replotted.ToString()));
            Assert.Contains("paired draws", replotted.ToString());
            Assert.True(new FileInfo(Path.ChangeExtension(copy, ".png")).Length > 10_000);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>The tables of an output: from the first table's title to the first "Wrote".</summary>
    private static string Tables(string output)
    {
        var start = output.IndexOf("Kanji: ", StringComparison.Ordinal);
        return output[start..output.IndexOf("Wrote", StringComparison.Ordinal)];
    }

    [Fact]
    public void Same_seed_gives_identical_numbers_and_another_seed_other_numbers()
    {
        var folder = Directory.CreateTempSubdirectory("kanji-transfer-seed-");
        try
        {
            string Numbers(string run, int seed)
            {
                var output = Path.Combine(folder.FullName, run);
                Assert.Equal(0, Cli.Run(["--quick", "--draws", "2", "--shots", "1", "--pretrain-steps", "3", "--steps", "3", "--test-renders", "2", "--few", "8",
                    "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", output], TextWriter.Null, TextWriter.Null));
                using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, Report.JsonFile)));
                var kanji = json.RootElement.GetProperty("kanji");
                var multi = json.RootElement.GetProperty("multiTask");
                // Everything but wall times (and the cache flag: each run pretrains into its own folder).
                return string.Join("\n", kanji.GetProperty("cells").GetRawText(), kanji.GetProperty("drawnCharacters").GetRawText(),
                    kanji.GetProperty("pretraining").GetProperty("heldOutAccuracy").GetRawText(), multi.GetProperty("cells").GetRawText(),
                    multi.GetProperty("sourceAccuracy").GetRawText());
            }

            var first = Numbers("a", seed: 5);
            var again = Numbers("b", seed: 5);
            var other = Numbers("c", seed: 6);

            Assert.Equal(first, again);
            Assert.NotEqual(first, other);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}

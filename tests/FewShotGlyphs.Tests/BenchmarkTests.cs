using System.IO;
using System.Linq;
using System.Text.Json;
using Composable;
using Composable.Data.Glyphs;
using Composable.Reporting;
using Composable.Testing;
using Xunit;

namespace FewShotGlyphs.Tests;

public class BenchmarkTests
{
    [Fact]
    public void Quick_setting_runs_every_method_and_writes_table_json_and_pictures()
    {
        var directory = Directory.CreateTempSubdirectory("glyph-benchmark").FullName;
        try
        {
            var options = GlyphCommandLine.Parse(["--quick"], TextWriter.Null, TextWriter.Null).Run!.Options;
            var report = Benchmark.Run(options, KanjiData.Load(), _ => { });
            var results = report.Results;
            Assert.Equal(GlyphMethods.All.Select(m => m.Name), results.Select(r => r.Method));
            Assert.All(results, r => Assert.Equal((5, 1, options.TestEpisodes), (r.Ways, r.Shots, r.Episodes)));
            Assert.All(results, r => Assert.InRange(r.Accuracy, 0.0, 1.0));
            Assert.All(results, r => Assert.InRange(r.HalfWidth95, 0.0, 0.5));
            // Chance is 20 %; raw-pixel 1-NN and the cheapest trained learners are well above it even at this budget.
            Assert.All(results.Where(r => r.Method is "1-NN (pixels)" or "ProtoNets" or "Fine-tuned"),
                r => Assert.True(r.Accuracy > 0.3, $"{r.Method}: {r.Accuracy:P1}"));

            var json = Path.Combine(directory, "results.json");
            Benchmark.Json(json, options, results);
            using (var parsed = JsonDocument.Parse(File.ReadAllText(json)))
                Assert.Equal(results.Count, parsed.RootElement.GetProperty("results").GetArrayLength());
            var table = Benchmark.Table(results);
            Assert.Matches(@"(?m)^\| ProtoNets +\| metric +\| ", table);
            Assert.Matches(@"(?m)^\| MAML +\| gradient +\| ", table);
            Assert.Matches(@"(?m)^\| Conv MAML +\| gradient +\| ", table);
            Assert.True(new FileInfo(Benchmark.Chart(Path.Combine(directory, "chart.png"), results)).Length > 1000);

            Assert.Equal(results.Count, report.Samples.Count);
            Assert.All(report.Samples, s => Assert.Equal(5, s.Support.Count));
            Assert.True(new FileInfo(EpisodeSheet.SavePng(Path.Combine(directory, "episodes.png"), Program.Pictured(report.Samples))).Length > 1000);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Merged_runs_keep_the_later_result_of_a_cell_and_the_method_order()
    {
        GlyphResult Cell(string method, int ways, double accuracy) => new(method, "x", ways, 1, accuracy, 0.01, 600, 1);
        var first = new[] { Cell("1-NN (pixels)", 5, 0.6), Cell("MAML", 5, 0.5), Cell("ProtoNets", 5, 0.9) };
        var second = new[] { Cell("MAML", 20, 0.3), Cell("MAML", 5, 0.8) };
        var merged = Benchmark.Merge([first, second]);
        Assert.Equal(new[] { ("ProtoNets", 5, 0.9), ("MAML", 5, 0.8), ("MAML", 20, 0.3), ("1-NN (pixels)", 5, 0.6) },
            merged.Select(r => (r.Method, r.Ways, r.Accuracy)));
    }

    [Fact]
    public void Arguments_parse_and_quick_changes_only_the_sizes_not_given()
    {
        var options = Parse("--quick", "--test", "600", "--settings", "5x1,20x1", "--methods", "protonets,MAML", "--out", "r.json");
        Assert.Equal((80, 600, "r.json"), (options.Characters, options.TestEpisodes, options.Out));
        Assert.Equal(new[] { new Setting(5, 1), new Setting(20, 1) }, options.Settings);
        Assert.Equal(new[] { "ProtoNets", "MAML" }, GlyphMethods.Selected(options).Select(m => m.Name));
        Assert.Equal(new[] { "Conv MAML" }, GlyphMethods.Selected(Parse("--methods", "conv maml")).Select(m => m.Name));
        Assert.Equal(5, options.TestQueriesOf(new Setting(20, 1)));
        Assert.Equal((null, 1), (options.TestSteps, Parse("--test-steps", "1").TestSteps));
        var full = Parse("--settings", "5x1,20x1");
        Assert.Equal(GlyphOptions.Full with { Settings = full.Settings, Methods = full.Methods }, full);
        Assert.Equal(options.Settings, full.Settings);
    }

    [Fact]
    public void Conv_rows_take_Finn_et_al_s_Omniglot_settings_for_each_setting()
    {
        Assert.Equal(new FinnSetting(InnerSteps: 1, InnerRate: 0.4, MetaBatch: 32, TestSteps: 3), GlyphMethods.FinnOmniglotSetting(new Setting(5, 1)));
        Assert.Equal(new FinnSetting(InnerSteps: 1, InnerRate: 0.4, MetaBatch: 32, TestSteps: 3), GlyphMethods.FinnOmniglotSetting(new Setting(5, 5)));
        var finn = GlyphMethods.FinnOmniglotSetting(new Setting(20, 1));
        Assert.Equal(new FinnSetting(InnerSteps: 5, InnerRate: 0.1, MetaBatch: 16, TestSteps: 5), finn);
        var twentyWay = new Anil(finn.InnerSteps, finn.InnerRate, finn.MetaBatch);
        var declared = GlyphMethods.Declaration(twentyWay, new Setting(20, 1), GlyphOptions.Full, conv: true);
        Assert.Equal((20, 1), (declared.Outputs, declared.TasksPerPass));
        Assert.IsType<ConvBackbone>(declared.Backbone);
    }

    [Fact]
    public void Help_lists_every_option_with_its_default()
    {
        var output = new StringWriter();

        Assert.Equal((null, 0), GlyphCommandLine.Parse(["--help"], output, TextWriter.Null));

        CommandLineHelp.AssertLists(
            output.ToString(),
            [
                ("--characters", "0"), ("--samples", "20"), ("--train", "800"), ("--meta-steps", "1500"), ("--pretrain", "1000"),
                ("--test", "600"), ("--channels", "64"), ("--train-queries", "5"), ("--test-queries", "15"), ("--settings", "5x1|5x5|20x1"),
                ("--threads", System.Math.Min(2, System.Environment.ProcessorCount).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ],
            "--quick", "--test-steps", "--methods", "--out <FILE>", "--sheet <FILE>", "--episodes <FILE>", "--chart <FILE>", "--from <FILE.json>");
    }

    [Theory]
    [InlineData("--train", "--train", "x")]
    [InlineData("--threads", "--threads", "abc")]
    [InlineData("--test", "--test", "-3")]
    [InlineData("WAYSxSHOTS", "--settings", "1x5")]
    [InlineData("Unknown method(s) 'Siamese'", "--methods", "Siamese")]
    [InlineData("'--bogus'", "--bogus")]
    public void Bad_value_exits_with_2_naming_the_option(string named, params string[] args)
    {
        var errors = new StringWriter();

        Assert.Equal((null, 2), GlyphCommandLine.Parse(args, TextWriter.Null, errors));

        CommandLineHelp.AssertErrorNames(errors.ToString(), named);
        Assert.Contains(args[0], errors.ToString());
    }

    private static GlyphOptions Parse(params string[] args) => GlyphCommandLine.Parse(args, TextWriter.Null, TextWriter.Null).Run!.Options;
}

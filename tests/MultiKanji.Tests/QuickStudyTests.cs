using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using Composable.Data.Glyphs;
using Composable.Examples.MultiKanjiStudy.Declarations;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Composable.Examples.MultiKanjiStudy.Tests;

/// <summary>The --quick study end to end, and the facts the declarations rely on.</summary>
public sealed class QuickStudyTests(ITestOutputHelper log)
{
    [Fact]
    public void Quick_study_trains_every_model_and_writes_table_json_and_plot()
    {
        var folder = Directory.CreateTempSubdirectory("multikanji-");
        try
        {
            var json = Path.Combine(folder.FullName, "quick.json");
            var output = new StringWriter();
            var clock = Stopwatch.StartNew();

            var code = Cli.Run(["--quick", "--threads", "1", "--out", json], output, TextWriter.Null);

            log.WriteLine($"Quick study: {clock.Elapsed.TotalSeconds:F1} s");
            Assert.Equal(0, code);
            var text = output.ToString();
            Assert.Contains("[ 4/4]", text);
            var table = text.Split("Test metrics, mean ± std")[1];
            foreach (var model in KanjiModels.All)
                Assert.Contains($"| {model.Name}", table);
            Assert.True(new FileInfo(Path.ChangeExtension(json, ".png")).Length > 10_000);

            using var document = JsonDocument.Parse(File.ReadAllText(json));
            var root = document.RootElement;
            var runs = root.GetProperty("runs").EnumerateArray().ToArray();
            Assert.Equal(4, runs.Length);
            Assert.All(runs, run =>
            {
                Assert.Equal(20, run.GetProperty("steps").GetInt64());
                var headline = run.GetProperty("headline");
                Assert.InRange(headline.GetProperty(MultiKanji.Left).GetDouble(), 0, 1);
                Assert.InRange(headline.GetProperty(MultiKanji.Right).GetDouble(), 0, 1);
                Assert.InRange(headline.GetProperty(MultiKanji.LeftStrokes).GetDouble(), 1e-3, 1e4);
            });
            Assert.Equal(4 * 3, root.GetProperty("summaries").GetArrayLength());
            var deltaP = root.GetProperty("deltaP").EnumerateArray().Select(d => d.GetProperty("model").GetString()).ToArray();
            Assert.Equal(KanjiModels.All.Skip(1).Select(m => m.Name), deltaP);

        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Stroke_weight_is_about_one_over_the_variance_of_the_training_stroke_counts()
    {
        var options = new MultiKanjiOptions(Characters: KanjiDesign.Characters, TrainSize: 20_000, TestSize: 10, TrainVariants: 1, TestVariants: 1, Seed: 7);
        var (train, test) = MultiKanji.Generate(IndependentConv.Spec, options);
        using (train)
        using (test)
        {
            var strokes = Study.Strokes(7, train);

            Assert.InRange(KanjiDesign.StrokeWeight * strokes.Variance, 0.85, 1.15);
        }
    }

    [Fact]
    public void Independent_and_cross_stitched_networks_give_each_task_its_own_backbone_and_the_others_share_one()
    {
        foreach (var model in KanjiModels.All)
        {
            using var scope = NewDisposeScope();
            using var trainer = model.CreateTrainer(1);
            var convs = trainer.Network.Module.named_parameters().Count(p => p.name.EndsWith("block_0.conv.weight", StringComparison.Ordinal));
            var ownBackbones = model.Name is KanjiModels.Baseline or KanjiModels.CrossStitch;
            Assert.True(convs == (ownBackbones ? 3 : 1), $"{model.Name} has {convs} first convolutions.");
            var blockUnits = trainer.Network.Module.named_parameters().Count(p => p.name.StartsWith("cross_stitch_block_", StringComparison.Ordinal));
            Assert.Equal(model.Name == KanjiModels.CrossStitch ? 3 : 0, blockUnits);
            Assert.Equal(KanjiDesign.Backbone, model.Spec.Backbone);
            Assert.Equal(KanjiDesign.Optimizer, model.Spec.Optimizer);
        }
    }
}

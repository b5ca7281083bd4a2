using System;
using System.IO;
using System.Linq;
using Composable.Data.Episodes;
using Composable.Data.Glyphs;
using Composable.Docs.Tests.Snippets;
using Composable.Evaluation;
using Xunit;
using static TorchSharp.torch;

namespace Composable.Docs.Tests;

/// <summary>Each page's snippets run, at small sizes, and do what the page says.</summary>
public sealed class SnippetsRunTests
{
    [Fact]
    public void Tasks_and_topologies_generated_trainer_learns_and_reports_every_task()
    {
        var (fit, report) = TasksAndTopologiesSnippets.TrainGenerated();
        Assert.Equal(10, fit.History.Count);
        Assert.True(fit.History[^1].MeanLoss < fit.History[0].MeanLoss, $"{fit.History[0].MeanLoss} → {fit.History[^1].MeanLoss}");
        Assert.Equal(["Income/loss", "Income/Accuracy", "Income/AreaUnderRoc", "Income/LogLoss"], report.Figures.Take(4).Select(f => f.Key));
        Assert.Equal(["Income", "Marital", "Age"], report.Tasks.Select(t => t.Task));
    }

    [Fact]
    public void Objectives_generated_pcgrad_reports_coefficients_and_the_monitor_measures()
    {
        var (coefficients, monitor) = ObjectivesSnippets.TrainWithMonitor();
        Assert.Equal(3, coefficients.Count);
        Assert.All(coefficients, c => Assert.True(double.IsFinite(c) && c > 0, $"coefficient {c}"));
        Assert.Equal([1L, 11L, 21L, 31L], monitor.Records.Select(r => r.Step));
        Assert.All(monitor.Records, r => Assert.InRange(r.MinimumCosine, -1.0, 1.0));
    }

    [Fact]
    public void Objectives_every_declared_objective_trains()
    {
        var results = ObjectivesSnippets.InterpretEveryObjective();
        Assert.Equal(ObjectivesSnippets.Catalogue.Count, results.Count);
        Assert.All(results, r => Assert.All(r.Weights, w => Assert.True(double.IsFinite(w), $"{r.Objective}: {w}")));
    }

    [Fact]
    public void Tasks_and_topologies_conv_backbone_graph_shows_its_feature_maps_and_the_trunk_reading_them()
    {
        Assert.Contains("backbone: 4 conv blocks of 32 channels on 1x28x28 images, shared by every task (backbone)", ConvKanji.Graph);
        Assert.Contains("  block_3: [32, 1, 1]", ConvKanji.Graph);
        Assert.Contains("trunk_0: Linear(32 -> 128)", ConvKanji.Graph);
    }

    [Fact]
    public void Tasks_and_topologies_multikanji_generates_both_sets_and_trains()
    {
        var (fit, report) = MultiKanjiSnippets.TrainOnMultiKanji();
        Assert.Equal(3, fit.History.Count);
        Assert.True(fit.History[^1].MeanLoss < fit.History[0].MeanLoss, $"{fit.History[0].MeanLoss} → {fit.History[^1].MeanLoss}");
        Assert.Equal([MultiKanji.Left, MultiKanji.Right, MultiKanji.LeftStrokes], report.Tasks.Select(t => t.Task));
    }

    [Fact]
    public void Tasks_and_topologies_typed_step_and_graph()
    {
        var (step, graph) = TasksAndTopologiesSnippets.TypedStep();
        Assert.Equal(1, step.Step);
        Assert.True(double.IsFinite(step.Total));
        Assert.Contains("trunk_0", graph);
    }

    [Fact]
    public void Tasks_and_topologies_every_topology_interprets_and_learns()
    {
        var results = TasksAndTopologiesSnippets.InterpretEveryTopology();
        Assert.Equal(TasksAndTopologiesSnippets.Topologies.Count, results.Count);
        foreach (var (sharing, first, last) in results)
            Assert.True(last < first, $"{sharing}: {first} → {last}");
    }

    [Fact]
    public void Tasks_and_topologies_delta_p_averages_the_headline_terms_of_every_task()
    {
        var (headline, every) = TasksAndTopologiesSnippets.DeltaPAgainstIndependentTowers();
        Assert.Equal(
            [("Income", Metric.Accuracy), ("Marital", Metric.Accuracy), ("Age", Metric.MeanSquaredError)],
            headline.Terms.Select(t => (t.Task, t.Metric)));
        Assert.Equal(headline.Terms.Average(t => t.Percent), headline.Percent, 12);
        Assert.Equal(9, every.Terms.Count);
        Assert.Equal(headline.Terms, every.Terms.Where(t => headline.Terms.Any(h => h.Task == t.Task && h.Metric == t.Metric)));
        Assert.All(every.Terms, t => Assert.True(double.IsFinite(t.Percent), $"{t.Task} {t.Metric}: {t.Percent}"));
        Assert.NotEqual(0, headline.Percent);
    }

    [Fact]
    public void Meta_learning_maml_improves_and_adapts()
    {
        var (before, after, curves) = MetaLearningSnippets.FitMaml();
        Assert.True(after.MeanLoss < before.MeanLoss, $"{before} → {after}");
        Assert.Equal(["query/loss", "query/loss_after_step_0", "query/loss_after_step_1"], after.Figures.Select(f => f.Key));
        Assert.Null(after.Accuracy);
        Assert.Equal(10, curves.Losses.Length);
        Assert.Equal(6, curves.Losses[0].Length);
        Assert.True(curves.Losses.Average(c => c[^1]) < curves.Losses.Average(c => c[0]));
    }

    [Fact]
    public void Meta_learning_every_learner_steps()
    {
        var steps = MetaLearningSnippets.StepEveryLearner();
        Assert.Equal(["SinusoidMaml", "SinusoidFirstOrder", "SinusoidReptile", "SinusoidMetaSgd", "SinusoidAnil"], steps.Select(s => s.Learner));
        foreach (var (learner, step) in steps)
        {
            Assert.Equal(8, step.TaskLosses.Count);
            Assert.True(double.IsFinite(step.Total), learner);
        }
    }

    /// <summary>The kanji glyphs when the Debian package is installed (CI installs it); otherwise image-sized synthetic classes.</summary>
    private static ClassIndexedFamily GlyphsOrSynthetic() =>
        File.Exists(KanjiData.DefaultPath) ? FewShotSnippets.KanjiFamily() : SyntheticImages();

    private static ClassIndexedFamily SyntheticImages()
    {
        const int classes = 40, perClass = 10, width = 28 * 28;
        var random = new Random(4);
        var centres = Enumerable.Range(0, classes).Select(_ => Enumerable.Range(0, width).Select(_ => (float)random.NextDouble()).ToArray()).ToArray();
        var labels = Enumerable.Range(0, classes).SelectMany(c => Enumerable.Repeat(c, perClass)).ToArray();
        var pixels = labels.SelectMany(c => centres[c].Select(v => v + (float)(0.3 * (random.NextDouble() - 0.5)))).ToArray();
        return new ClassIndexedFamily(tensor(pixels).reshape(labels.Length, width), labels, KanjiParts.FiveWayOneShot, splitSeed: 2);
    }

    [Fact]
    public void Few_shot_prototypes_beat_chance_on_glyph_episodes()
    {
        var family = GlyphsOrSynthetic();
        var (fit, test, oneEpisode) = FewShotSnippets.TrainPrototypes(family);
        Assert.Equal(40, fit.Steps);
        Assert.Equal(["query/loss", "query/accuracy", "query/accuracy_95"], test.Figures.Select(f => f.Key));
        Assert.True(test.Accuracy!.Mean > 1.0 / 5, test.ToString());
        Assert.InRange(oneEpisode, 0, 1);
    }

    [Fact]
    public void Few_shot_every_other_learner_steps()
    {
        var steps = FewShotSnippets.StepOtherLearners(GlyphsOrSynthetic());
        Assert.Equal(4, steps.Count);
        Assert.All(steps, s => Assert.True(double.IsFinite(s.Total)));
    }

    [Fact]
    public void Cross_validation_stratified_folds_keep_the_class_counts()
    {
        var counts = CrossValidationSnippets.StratifiedFolds();
        Assert.Equal(5, counts.Count);
        Assert.All(counts, c => Assert.Equal(60, c.Sum()));
        for (var c = 0; c < 4; c++)
            Assert.InRange(counts.Max(f => f[c]) - counts.Min(f => f[c]), 0, 1);
    }

    [Fact]
    public void Cross_validation_chooses_a_learning_rate_that_learns()
    {
        var (result, progress) = CrossValidationSnippets.ChooseLearningRateAndDropout();
        Assert.Equal(4, result.Settings.Count);
        Assert.All(result.Settings, s => Assert.Equal(3, s.Scores.Count));
        Assert.Equal(0.01, result.BestSetting.Get<double>("LearningRate"));
        Assert.Equal(12, progress.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("*  LearningRate=0.01", result.Table());
    }

    [Fact]
    public void Transfer_pretrains_loads_the_blocks_and_thaws_them_top_first()
    {
        var folder = Directory.CreateTempSubdirectory("composable-docs-transfer-").FullName;
        try
        {
            var (before, after, report, checkpoint) = TransferSnippets.PretrainAndFineTune(folder);
            Assert.Equal(new[] { "head" }, before);
            Assert.Equal(new[] { "block_1", "block_2", "head" }, after);
            Assert.True(double.IsFinite(report["Character"].Loss));
            Assert.True(File.Exists(checkpoint));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Transfer_carries_a_trunk_to_a_fourth_task() => Assert.True(double.IsFinite(TransferSnippets.TrunkToFourthTask()));

    [Fact]
    public void Watching_writes_progress_tensorboard_and_json_lines()
    {
        var runs = Path.Combine(Path.GetTempPath(), "composable-docs-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (fit, progress) = WatchingSnippets.WatchFit(runs);
            Assert.Equal(3, fit.History.Count);
            Assert.NotEmpty(progress);
            Assert.NotEmpty(Directory.GetFiles(Path.Combine(runs, "census"), "events.out.tfevents*"));
            var lines = File.ReadAllLines(Path.Combine(runs, "census.jsonl"));
            Assert.Contains("\"event\":\"start\"", lines[0]);
            Assert.Equal(fit.Steps, lines.Count(l => l.Contains("\"event\":\"step\"")));
            Assert.Equal(3, lines.Count(l => l.Contains("\"event\":\"epoch\"")));
            Assert.Contains("\"event\":\"end\"", lines[^1]);
        }
        finally
        {
            if (Directory.Exists(runs)) Directory.Delete(runs, recursive: true);
        }
    }

    [Fact]
    public void Watching_devices_cpu_and_a_refused_cuda()
    {
        var (cpu, cuda) = WatchingSnippets.Devices();
        Assert.Equal("CPU", cpu);
        Assert.Contains("CUDA", cuda, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Diagnostics_validation_gathers_every_error_with_its_id()
    {
        var (validated, thrown) = DiagnosticsSnippets.ValidateAtRunTime();
        Assert.Equal(["CMP0007", "CMP0008", "CMP0011"], validated.Select(e => e[..7]).Order());
        Assert.Equal(["CMP0007", "CMP0008", "CMP0011"], thrown.Errors.Select(e => e.Id).Order());
        Assert.IsAssignableFrom<ArgumentException>(thrown);
    }

    [Fact]
    public void Performance_setup_and_a_hand_written_loop_that_learns()
    {
        var heap = PerformanceSnippets.Setup();
        Assert.False(string.IsNullOrWhiteSpace(heap.Description));
        var losses = PerformanceSnippets.HandWrittenLoop();
        Assert.Equal(30, losses.Count);
        Assert.True(losses[^1] < losses[0] * 0.8, $"{losses[0]} → {losses[^1]}");
    }
}

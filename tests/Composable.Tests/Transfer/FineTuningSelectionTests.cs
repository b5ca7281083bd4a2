using System;
using System.IO;
using System.Linq;
using Composable.Checkpoints;
using Composable.Data;
using Composable.Evaluation.Selection;
using Composable.Training;
using Composable.Transfer;
using Xunit;
using static TorchSharp.torch;

namespace Composable.Tests.Transfer;

public sealed class FineTuningSelectionTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("composable-transfer-cv-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>The tiny conv declaration with the first <paramref name="frozen"/> blocks frozen and base rate <paramref name="rate"/>.</summary>
    private static FineTuningSpec Variant(double rate, int frozen) => TinyConvProbe.Spec with
    {
        Frozen = ValueList.From(Enumerable.Range(0, frozen).Select(i => $"block_{i}")),
        Optimizer = new Adam(LearningRate: rate),
    };

    private CrossValidationResult<Setting> Run(string source, MultiTaskDataset data) =>
        CrossValidation.Run(
            Grid.Of(("LearningRate", new[] { 1e-2, 1e-7 }), ("FrozenBlocks", new[] { 0, 2 })), data, folds: 3, seed: 5,
            (setting, train, validation, fold) =>
            {
                using var trainer = FineTuningTrainer.Create(Variant(setting.Get<double>("LearningRate"), setting.Get<int>("FrozenBlocks")), seed: fold);
                trainer.LoadSource(source);
                trainer.Fit(train, new FitOptions(BatchSize: 16, Epochs: 4, Seed: fold));
                return trainer.Evaluate(validation)["Glyph"].Loss;
            },
            ScoreDirection.Lower);

    [Fact]
    public void Cross_validation_over_rate_and_frozen_depth_returns_the_fold_table_and_a_sensible_choice_deterministically()
    {
        var plan = FineTuningPlan.For(new FineTuningSpec(TinyConvProbe.Source, TinyConvProbe.Source.Tasks));
        manual_seed(1);
        var source = Path.Combine(_folder, "source.safetensors");
        using (var network = new BackboneNetwork(plan)) ModuleCheckpoint.Save(network, source);
        Assert.Equal(TinyConvProbe.Target, FineTuningPlan.TargetOf(Variant(1e-7, 0)));
        using var data = SyntheticTasks.Generate(TinyConvProbe.Target, new SyntheticOptions(Examples: 60, Seed: 3));

        var first = Run(source, data);
        var second = Run(source, data);

        Assert.Equal(4, first.Settings.Count);
        Assert.All(first.Settings, s => Assert.Equal(3, s.Scores.Count));
        Assert.Equal(first.Settings.SelectMany(s => s.Scores), second.Settings.SelectMany(s => s.Scores));
        Assert.Equal(1e-2, first.BestSetting.Get<double>("LearningRate"));
        Assert.Contains("FrozenBlocks", first.Table());
    }
}

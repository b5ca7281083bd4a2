using System;
using System.Collections.Generic;
using System.Linq;
using Composable.Data;
using Composable.Evaluation.Selection;
using Composable.Interpretation;
using Composable.Training;
using Xunit;
using static Composable.Tests.Data.DataFixtures;

namespace Composable.Tests.Evaluation;

public class CrossValidationTests
{
    private static MultiTaskDataset Rows(int rows)
    {
        var spec = MixedSpec();
        return MultiTaskDataset.FromShared(spec, Inputs(rows), TargetsFor(spec, rows));
    }

    /// <summary>Cross-validates settings named by letters whose fold scores are given by <paramref name="scores"/>.</summary>
    private static CrossValidationResult<string> Scripted(Dictionary<string, double[]> scores, ScoreDirection direction)
    {
        using var data = Rows(12);
        return CrossValidation.Run(scores.Keys.ToArray(), data, folds: 3, seed: 0, (setting, _, _, fold) => scores[setting][fold], direction);
    }

    [Fact]
    public void The_setting_with_the_highest_mean_is_chosen_and_summarised()
    {
        var result = Scripted(new() { ["a"] = [1, 2, 3], ["b"] = [3, 3, 3.5], ["c"] = [9, 0, 0] }, ScoreDirection.Higher);

        Assert.Equal("b", result.BestSetting);
        Assert.Equal(["b", "c", "a"], result.Ranking.Select(r => r.Setting));
        Assert.Equal(3, result.Folds);
        Assert.Equal(["a", "b", "c"], result.Settings.Select(s => s.Setting));
        Assert.Equal([0, 1, 2], result.Settings.Select(s => s.Index));
        Assert.Equal(3.5, result[1, 2]);
        var a = result.Settings[0];
        Assert.Equal(2, a.Mean, 12);
        Assert.Equal(1, a.StandardDeviation, 12);
        Assert.Equal(2 - 4.3027 / Math.Sqrt(3), a.Interval95.Low, 4);
        Assert.Equal(2 + 4.3027 / Math.Sqrt(3), a.Interval95.High, 4);
        Assert.Empty(result.WithNaN);
    }

    [Fact]
    public void Lower_direction_chooses_the_lowest_mean()
    {
        var result = Scripted(new() { ["a"] = [1, 2, 3], ["b"] = [3, 3, 3.5], ["c"] = [0.5, 2, 2] }, ScoreDirection.Lower);

        Assert.Equal("c", result.BestSetting);
        Assert.Equal(["c", "a", "b"], result.Ranking.Select(r => r.Setting));
    }

    [Theory]
    [InlineData(ScoreDirection.Higher)]
    [InlineData(ScoreDirection.Lower)]
    public void Equal_means_go_to_the_earlier_setting(ScoreDirection direction)
    {
        var result = Scripted(new() { ["a"] = [5, 5, 5], ["b"] = [4, 5, 6], ["c"] = [6, 5, 4] }, direction);

        Assert.Equal(["a", "b", "c"], result.Ranking.Select(r => r.Setting));
        var reversed = Scripted(new() { ["c"] = [6, 5, 4], ["b"] = [4, 5, 6], ["a"] = [5, 5, 5] }, direction);
        Assert.Equal("c", reversed.BestSetting);
    }

    [Theory]
    [InlineData(ScoreDirection.Higher)]
    [InlineData(ScoreDirection.Lower)]
    public void A_NaN_score_ranks_its_setting_last_and_is_reported(ScoreDirection direction)
    {
        var result = Scripted(new() { ["a"] = [100, double.NaN, -100], ["b"] = [1, 2, 3], ["c"] = [2, 3, 4], ["d"] = [double.NaN, 1, double.NaN] }, direction);

        Assert.Equal(direction == ScoreDirection.Higher ? ["c", "b", "a", "d"] : ["b", "c", "a", "d"], result.Ranking.Select(r => r.Setting));
        Assert.Equal(["a", "d"], result.WithNaN.Select(s => s.Setting));
        Assert.Equal([0, 2], result.Settings[3].NaNFolds);
        Assert.Contains("NaN scores: a on fold 1.", result.Table());
        Assert.Contains("NaN scores: d on folds 0, 2.", result.Table());
        var allNaN = Scripted(new() { ["a"] = [double.NaN, 1, 1], ["b"] = [1, double.NaN, 1] }, direction);
        Assert.Equal("a", allNaN.BestSetting);
    }

    [Fact]
    public void Every_setting_sees_the_same_folds_which_partition_the_rows_and_are_disposed_after_use()
    {
        using var data = Rows(20);
        var seen = new List<(string Setting, int Fold, long[] Train, long[] Validation)>();
        var datasets = new List<MultiTaskDataset>();
        var progress = new List<string>();

        var result = CrossValidation.Run(["x", "y"], data, folds: 4, seed: 5, (setting, train, validation, fold) =>
            {
                seen.Add((setting, fold, RowIds(train[0].Inputs), RowIds(validation[0].Inputs)));
                datasets.AddRange([train, validation]);
                return fold;
            },
            progress: (setting, fold, score) => progress.Add($"{setting}{fold}:{score}"));

        Assert.Equal(["x0:0", "y0:0", "x1:1", "y1:1", "x2:2", "y2:2", "x3:3", "y3:3"], progress);
        var x = seen.Where(s => s.Setting == "x").ToArray();
        var y = seen.Where(s => s.Setting == "y").ToArray();
        Assert.Equal(x.Select(s => s.Validation), y.Select(s => s.Validation));
        Assert.Equal(x.Select(s => s.Train), y.Select(s => s.Train));
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (long)i), x.SelectMany(s => s.Validation).Order());
        var expected = data.Folds(4, seed: 5).Select(f => { using (f.Train) using (f.Validation) return RowIds(f.Validation[0].Inputs); });
        Assert.Equal(expected, x.Select(s => s.Validation));
        Assert.All(datasets, d => Assert.Throws<ObjectDisposedException>(() => d[0]));
        Assert.Equal(1.5, result.Settings[0].Mean);
        Assert.False(data[0].Inputs.IsInvalid);
    }

    [Fact]
    public void A_failing_evaluation_propagates_after_its_fold_is_disposed()
    {
        using var data = Rows(10);
        MultiTaskDataset? kept = null;

        Assert.Throws<InvalidOperationException>(() => CrossValidation.Run(["x"], data, folds: 2, seed: 0, (_, train, _, _) =>
        {
            kept = train;
            throw new InvalidOperationException("diverged");
        }));
        Assert.Throws<ObjectDisposedException>(() => kept![0]);
    }

    [Fact]
    public void Bad_arguments_are_rejected_before_any_evaluation()
    {
        using var data = Rows(10);
        var calls = 0;
        double Count(string s, MultiTaskDataset a, MultiTaskDataset b, int f) => ++calls;

        Assert.Throws<ArgumentException>(() => CrossValidation.Run(Array.Empty<string>(), data, 2, 0, Count));
        Assert.Contains("'Age' has 10 rows", Assert.Throws<ArgumentOutOfRangeException>(() => CrossValidation.Run(["x"], data, 11, 0, Count)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => CrossValidation.Run(["x"], data, -1, 0, Count));
        Assert.Equal(0, calls);
    }

    [Fact]
    public void The_table_aligns_its_columns_and_marks_the_chosen_setting()
    {
        var result = Scripted(new() { ["short"] = [1, 2, 3], ["a much longer name"] = [10, 20, 30.25] }, ScoreDirection.Higher);

        var lines = result.Table().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Cross-validation: 2 settings × 3 folds (seed 0), higher scores are better", lines[0]);
        Assert.Equal(3, lines.Length - 1);
        Assert.Single(lines.Skip(1).Select(l => l.Length).Distinct());
        Assert.StartsWith("   Setting", lines[1]);
        Assert.StartsWith("*  a much longer name", lines[3]);
        Assert.EndsWith("95 % interval", lines[1]);
        Assert.Contains("30.25", lines[3]);
        Assert.Equal(lines[1].IndexOf("Mean", StringComparison.Ordinal) + 4, lines[2].IndexOf(" 2  ", lines[2].IndexOf("3", StringComparison.Ordinal), StringComparison.Ordinal) + 2);
        Assert.Equal(result.Table(), result.ToString());
    }

    private static readonly MultiTaskSpec Regression = new(
        new Features(8), [new TaskSpec("Y", new Regression())], new HardSharing(Trunk: [16]));

    private static CrossValidationResult<Setting> LearningRates(MultiTaskDataset data) =>
        CrossValidation.Run(Grid.Of(("LearningRate", new[] { 1e-9, 1e-2, 3e-3 })), data, folds: 3, seed: 11, (setting, train, validation, fold) =>
            {
                var spec = Regression with { Optimizer = new Adam(LearningRate: setting.Get<double>("LearningRate")) };
                using var trainer = InterpretedTrainer.Create(spec, seed: fold);
                using var trainData = train.For(spec);
                using var validationData = validation.For(spec);
                trainer.Fit(trainData, new FitOptions(BatchSize: 32, Steps: 60, Seed: fold));
                return trainer.Evaluate(validationData)["Y"].Loss;
            },
            ScoreDirection.Lower);

    [Fact]
    public void Learning_rates_chosen_by_cross_validating_an_interpreted_trainer_are_repeatable_and_sensible()
    {
        using var data = SyntheticTasks.Generate(Regression, new SyntheticOptions(Examples: 150, Noise: 0.05, Seed: 3));

        var result = LearningRates(data);
        var again = LearningRates(data);

        Assert.Equal(3, result.Settings.Count);
        Assert.All(result.Settings, s => Assert.Equal(3, s.Scores.Count));
        Assert.Equal(result.Settings.Select(s => s.Scores), again.Settings.Select(s => s.Scores));
        Assert.Empty(result.WithNaN);
        Assert.NotEqual(1e-9, result.BestSetting.Get<double>("LearningRate"));
        Assert.Equal(1e-9, result.Ranking[^1].Setting.Get<double>("LearningRate"));
        Assert.Equal(4, result.Table().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).Length - 1);
    }
}

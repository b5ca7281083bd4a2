using System;
using System.IO;
using System.Linq;
using Composable.Bench.Maml;
using Xunit;

namespace Composable.Bench.Tests;

/// <summary>The MAML benchmark's quick setting, without PyTorch: every .NET contender runs and learns the same thing.</summary>
public sealed class QuickMamlBenchTests
{
    [Fact]
    public void Quick_maml_run_trains_batched_and_loop_meta_steps_of_both_orders_from_the_same_meta_loss_to_the_same_lower_one()
    {
        var options = BenchCommandLine.Parse(["--model", "maml", "--quick", "--rounds", "2", "--steps", "5", "--warmup", "10", "--threads", "1", "--no-pytorch", "--dotnet-loop"], TextWriter.Null, TextWriter.Null).Options!;
        var log = new StringWriter();

        var report = BenchmarkRun.Execute(options, log);

        string[] expected =
        [
            MamlContenders.ComposableBatched, MamlContenders.ComposableLoop,
            MamlContenders.ComposableBatched + "-fo", MamlContenders.ComposableLoop + "-fo",
        ];
        Assert.Equal(expected, report.Contenders.Select(c => c.Name).ToArray());
        Assert.All(report.Contenders, c =>
        {
            Assert.Equal(2, c.RoundStepsPerSecond.Count);
            Assert.True(c.MedianStepsPerSecond > 0);
            Assert.True(double.IsFinite(c.InitialLoss) && double.IsFinite(c.FinalLoss), $"{c.Name}: {c.InitialLoss} -> {c.FinalLoss}");
            Assert.True(c.FinalLoss < 0.97 * c.InitialLoss, $"{c.Name}: meta-loss {c.InitialLoss} -> {c.FinalLoss} after 20 meta-steps");
            // Same episodes, same seed and same θ: every contender starts from the same post-adaptation query loss.
            Assert.Equal(report.Contenders[0].InitialLoss, c.InitialLoss, 4);
        });
        // Task-batched and per-task loop compute the same meta-gradient, so they take the same 20 Adam steps.
        foreach (var order in new[] { "", "-fo" })
        {
            var batched = report.Contenders.Single(c => c.Name == MamlContenders.ComposableBatched + order);
            var loop = report.Contenders.Single(c => c.Name == MamlContenders.ComposableLoop + order);
            Assert.Equal(loop.FinalLoss, batched.FinalLoss, 4);
        }
        var second = report.Contenders.Single(c => c.Name == MamlContenders.ComposableBatched);
        var first = report.Contenders.Single(c => c.Name == MamlContenders.ComposableBatched + "-fo");
        Assert.NotEqual(second.FinalLoss, first.FinalLoss);
        Assert.Contains(report.Ratios, r => r.Numerator == MamlContenders.ComposableBatched && r.Denominator == MamlContenders.PyTorchLoop && r.Target == 3.0 && r.Missing is not null);
        Assert.Contains(report.Ratios, r => r.Numerator == MamlContenders.ComposableBatched + "-fo" && r.Denominator == MamlContenders.PyTorchBatched + "-fo" && r.Target == 1.0);
    }

    [Fact]
    public void Maml_model_uses_fewer_steps_per_round_unless_told_and_parses_the_order()
    {
        var defaults = BenchCommandLine.Parse(["--model", "maml"], TextWriter.Null, TextWriter.Null).Options!;
        Assert.Equal((BenchOptions.MamlStepsPerRound, BenchOptions.MamlWarmupSteps, "both"), (defaults.StepsPerRound, defaults.WarmupSteps, defaults.Order));
        var told = BenchCommandLine.Parse(["--model", "maml", "--steps", "7", "--order", "first"], TextWriter.Null, TextWriter.Null).Options!;
        Assert.Equal((7, "first"), (told.StepsPerRound, told.Order));
        Assert.Equal((null, 2), BenchCommandLine.Parse(["--order", "third"], TextWriter.Null, TextWriter.Null));
    }
}

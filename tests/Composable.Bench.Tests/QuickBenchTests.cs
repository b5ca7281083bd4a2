using System.IO;
using System.Linq;
using Xunit;

namespace Composable.Bench.Tests;

/// <summary>The benchmark's quick setting runs and measures what it claims (no timing targets are asserted here).</summary>
public sealed class QuickBenchTests
{
    [Fact]
    public void Quick_run_trains_generated_and_hand_written_models_from_the_same_weights_to_the_same_losses()
    {
        var options = BenchOptions.Quick with { Rounds = 2, StepsPerRound = 30, WarmupSteps = 5, SkipPyTorch = true, Threads = 1 };
        var log = new StringWriter();

        var report = BenchmarkRun.Execute(options, log);

        var generated = Assert.Single(report.Contenders, c => c.Name == Contenders.Generated);
        var handWritten = Assert.Single(report.Contenders, c => c.Name == Contenders.HandWritten);
        Assert.Equal(handWritten.InitialLoss, generated.InitialLoss, 6);
        Assert.True(generated.FinalLoss < 0.5 * generated.InitialLoss, $"generated loss {generated.InitialLoss} -> {generated.FinalLoss}");
        Assert.Equal(handWritten.FinalLoss, generated.FinalLoss, 4);
        Assert.All(report.Contenders, c => Assert.Equal(2, c.RoundStepsPerSecond.Count));
        Assert.All(report.Contenders, c => Assert.True(c.MedianStepsPerSecond > 0));
        var ratio = Assert.Single(report.Ratios, r => r.Numerator == Contenders.Generated && r.Denominator == Contenders.HandWritten);
        Assert.NotNull(ratio.Ratio);
        Assert.Contains(report.Ratios, r => r.Denominator == Contenders.PyTorch && r.Missing is not null);
    }
}

using System;
using System.IO;
using System.Linq;
using Composable.Bench.Peers;
using Xunit;

namespace Composable.Bench.Tests;

/// <summary>
/// Every model's quick setting, with the PyTorch peers in all their forms where python3-torch is installed: every
/// contender computes the same model (the same loss before the first step) and trains it (the loss falls).
/// </summary>
public sealed class QuickEveryModelBenchTests
{
    [Theory]
    [InlineData("hard-sharing", 40, 0.5)]
    [InlineData("mmoe", 40, 0.9)]
    [InlineData("maml", 10, 0.97)]
    [InlineData("protonet", 3, 0.9)]
    public void Quick_run_starts_every_contender_from_the_same_loss_and_every_loss_falls(string model, int stepsPerRound, double fallsBelow)
    {
        var options = BenchCommandLine.Parse(["--model", model, "--quick", "--order", "second", "--rounds", "2", "--steps", $"{stepsPerRound}", "--warmup", "4", "--threads", "1"], TextWriter.Null, TextWriter.Null).Options!;

        var report = BenchmarkRun.Execute(options, new StringWriter());

        var first = report.Contenders[0];
        Assert.All(report.Contenders, c =>
        {
            Assert.Equal(2, c.RoundStepsPerSecond.Count);
            Assert.Equal(first.InitialLoss, c.InitialLoss, 4);
            Assert.True(c.FinalLoss < fallsBelow * c.InitialLoss, $"{model} {c.Name}: loss {c.InitialLoss} -> {c.FinalLoss}");
        });
        if (report.PyTorch is null)
        {
            Assert.Contains(PyTorchPeer.InstallHint, report.PyTorchSkipped, StringComparison.Ordinal);
            return;
        }
        // Each peer in every form: PyTorch's default, and with the .NET side's optimiser form and heap setting.
        var retained = report.Contenders.Where(c => c.Name.EndsWith(PeerForms.RetainedHeapSuffix, StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(retained);
        Assert.All(retained, c => Assert.Equal(
            "MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=268435456", report.PeerEnvironments[c.Name]));
        // Every model's .NET trainer uses FlatAdam, so every peer also runs PyTorch's multi-tensor Adam.
        Assert.Contains(report.Contenders, c => c.Name.Contains(PeerForms.ForeachSuffix, StringComparison.Ordinal));
        Assert.All(report.Ratios, r => Assert.NotNull(r.Ratio));
        Assert.Contains(report.Ratios, r => r.Target is not null);
        Assert.Contains(report.Ratios, r => r.Target is null && r.Denominator.EndsWith(PeerForms.RetainedHeapSuffix, StringComparison.Ordinal));
    }

    /// <summary>
    /// The conv hard-sharing model costs about a second a step on one thread, too much for the falling-loss check above:
    /// here every contender starts from the generated trainer's weights on the same batches (the same loss before the
    /// first step) and its steps change the model.
    /// </summary>
    [Fact]
    public void Conv_sharing_peers_start_from_the_generated_trainers_loss_and_train()
    {
        var options = BenchCommandLine.Parse(["--model", "conv-sharing", "--quick", "--rounds", "1", "--steps", "2", "--warmup", "1", "--threads", "1"], TextWriter.Null, TextWriter.Null).Options!;

        var report = BenchmarkRun.Execute(options, new StringWriter());

        Assert.Equal(256, report.BatchSize);
        var first = report.Contenders[0];
        Assert.Equal("generated", first.Name);
        Assert.All(report.Contenders, c =>
        {
            Assert.Equal(first.InitialLoss, c.InitialLoss, 4);
            Assert.True(double.IsFinite(c.FinalLoss) && Math.Abs(c.FinalLoss - c.InitialLoss) > 1e-6, $"{c.Name}: loss {c.InitialLoss} -> {c.FinalLoss}");
        });
        if (report.PyTorch is null)
            Assert.Contains(PyTorchPeer.InstallHint, report.PyTorchSkipped, StringComparison.Ordinal);
        else
            Assert.Contains(report.Ratios, r => r.Numerator == "generated" && r.Denominator == "pytorch" && r.Target == 1.0 && r.Ratio is not null);
    }
}

using System;
using System.IO;
using System.Linq;
using Composable.Bench.ConvMaml;
using Composable.Bench.Maml;
using Composable.Bench.Peers;
using Composable.Training;
using Xunit;

namespace Composable.Bench.Tests;

/// <summary>
/// The conv MAML benchmark's quick setting (two tasks per meta-step instead of 32): the generated task-batched trainer,
/// the generated trainer of the same declaration a task per pass, the library's per-task loop and, where python3-torch is installed, the PyTorch loop and hand-batched peers start
/// from the same θ on the same glyph episodes, so every one starts from the same meta-loss and takes the same steps.
/// The run holds the native kernels (as PyTorch's peers, whose oneDNN agrees with them): with the oneDNN lease the
/// generated trainers round differently and their meta-loss after the two meta-steps parts at the third decimal
/// (3.8939 against 3.8908 when measured), which is oneDNN's rounding (<c>ConvolutionLeaseTests</c>), not other work.
/// </summary>
public sealed class QuickConvMamlBenchTests
{
    [Fact]
    public void Quick_conv_maml_run_starts_every_contender_from_the_same_meta_loss_and_takes_the_same_steps()
    {
        var options = BenchCommandLine.Parse(["--model", "conv-maml", "--quick", "--order", "second", "--rounds", "1", "--threads", "1", "--dotnet-loop"], TextWriter.Null, TextWriter.Null).Options!;
        Assert.Equal(ConvMamlBenchModel.QuickMetaBatch, options.MetaBatch);

        // Every contender runs on this thread, inside this lease; other threads' oneDNN steps wait for it.
        using var native = CpuKernels.Hold(ConvolutionKernels.Native);
        var report = BenchmarkRun.Execute(options, new StringWriter());

        var batched = report.Contenders.Single(c => c.Name == MamlContenders.ComposableBatched);
        Assert.Contains(report.Contenders, c => c.Name == MamlContenders.ComposableLoop);
        Assert.Contains(report.Contenders, c => c.Name == ConvMamlContenders.ComposablePerTask);
        Assert.All(report.Contenders, c =>
        {
            Assert.True(c.MedianStepsPerSecond > 0, c.Name);
            // Same episodes and θ: the same post-adaptation query loss before the first step …
            Assert.Equal(batched.InitialLoss, c.InitialLoss, 4);
            // … and the same meta-gradients, so the same loss after warm-up and round (2 meta-steps; it moves).
            Assert.Equal(batched.FinalLoss, c.FinalLoss, 3);
            Assert.True(c.PeakResidentMb > 50, $"{c.Name}: peak RSS {c.PeakResidentMb} MB");
        });
        Assert.True(Math.Abs(batched.FinalLoss - batched.InitialLoss) > 1e-3, $"meta-loss {batched.InitialLoss} -> {batched.FinalLoss}");
        Assert.Contains(report.Ratios, r => r.Numerator == MamlContenders.ComposableBatched && r.Denominator == MamlContenders.PyTorchLoop && r.Target == 2.0);
        Assert.Contains(report.Ratios, r => r.Numerator == MamlContenders.ComposableBatched && r.Denominator == MamlContenders.PyTorchBatched && r.Target == 1.0);
        Assert.Contains(report.Ratios, r => r.Numerator == ConvMamlContenders.ComposablePerTask && r.Denominator == MamlContenders.PyTorchLoop && r.Target == 2.0);
        if (report.PyTorch is null)
            Assert.Contains(PyTorchPeer.InstallHint, report.PyTorchSkipped, StringComparison.Ordinal);
        else
            Assert.Contains(report.Contenders, c => c.Name == MamlContenders.PyTorchBatched + PeerForms.ForeachSuffix);
    }

    [Fact]
    public void Conv_maml_model_takes_its_own_counts_and_meta_batch_unless_told()
    {
        var defaults = BenchCommandLine.Parse(["--model", "conv-maml"], TextWriter.Null, TextWriter.Null).Options!;
        Assert.Equal((BenchOptions.ConvMamlWarmupSteps, BenchOptions.ConvMamlStepsPerRound, ConvMamlBenchModel.MetaBatch),
            (defaults.WarmupSteps, defaults.StepsPerRound, defaults.MetaBatch));
        var quick = BenchCommandLine.Parse(["--model", "conv-maml", "--quick"], TextWriter.Null, TextWriter.Null).Options!;
        Assert.Equal((BenchOptions.ConvMamlQuickWarmupSteps, BenchOptions.ConvMamlQuickStepsPerRound, ConvMamlBenchModel.QuickMetaBatch),
            (quick.WarmupSteps, quick.StepsPerRound, quick.MetaBatch));
        var told = BenchCommandLine.Parse(["--model", "conv-maml", "--quick", "--meta-batch", "16"], TextWriter.Null, TextWriter.Null).Options!;
        Assert.Equal(16, told.MetaBatch);
        Assert.Equal((null, 2), BenchCommandLine.Parse(["--meta-batch", "0"], TextWriter.Null, TextWriter.Null));
    }
}

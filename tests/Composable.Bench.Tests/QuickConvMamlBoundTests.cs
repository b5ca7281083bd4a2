using System;
using System.IO;
using System.Linq;
using Composable.Bench.ConvMaml;
using Composable.Bench.Peers;
using Composable.Training;
using TorchSharp;
using Xunit;

namespace Composable.Bench.Tests;

/// <summary>
/// <c>--model conv-maml --bound</c> at its quick setting (two tasks per meta-step, so pass sizes 1 and 2): one task
/// per pass is the generated per-task trainer's meta-step (same meta-loss from the same θ and episodes), and a pass of
/// two tasks really runs them through one set of fast weights (another meta-loss: shared adaptation and batch
/// statistics). Where python3-torch is installed, PyTorch's one-task-per-pass probe starts and ends at Composable's loss.
/// </summary>
public sealed class QuickConvMamlBoundTests
{
    [Fact]
    public void Quick_bound_times_each_pass_size_and_one_task_per_pass_is_the_per_task_meta_step()
    {
        var options = BenchCommandLine.Parse(["--model", "conv-maml", "--bound", "--quick", "--rounds", "2", "--threads", "1"], TextWriter.Null, TextWriter.Null).Options!;
        Assert.True(options.Bound);

        // Every layout runs on this thread, inside this lease (the kernels PyTorch's peers agree with).
        using var native = CpuKernels.Hold(ConvolutionKernels.Native);
        var log = new StringWriter();
        var report = ConvMamlBatchingBound.Measure(options, log);
        ConvMamlBatchingBound.Write(report, log);

        Assert.Equal([1, 2], report.Rows.Select(r => r.TasksPerPass));
        Assert.All(report.Rows, r => Assert.Equal(options.Rounds, r.DotNetSeconds.Length));
        Assert.All(report.Rows.SelectMany(r => r.DotNetSeconds).Concat(report.GeneratedSeconds), s => Assert.True(s > 0));
        Assert.Equal(options.Rounds, report.GeneratedSeconds.Length);
        using (var data = ConvMamlContenders.Episodes(options.MetaBatch, BenchOptions.Seed))
        using (var perTask = ConvMamlBenchModel.PerTaskTrainer(firstOrder: false, BenchOptions.Seed))
        using (torch.NewDisposeScope())
        {
            var generated = data.Episodes.Chunk(options.MetaBatch).Average(b => (double)perTask.MetaLoss(b).item<float>());
            Assert.Equal(generated, report.Rows[0].DotNetInitialLoss, 5);
        }
        Assert.True(Math.Abs(report.Rows[1].DotNetInitialLoss - report.Rows[0].DotNetInitialLoss) > 1e-3,
            $"two tasks per pass gave the per-task meta-loss {report.Rows[0].DotNetInitialLoss}: were they run through one set of fast weights?");
        Assert.True(Math.Abs(report.DotNetFinalLoss - report.Rows[0].DotNetInitialLoss) > 1e-3, "the layouts took no meta-step");
        Assert.Contains("| tasks per pass |", log.ToString(), StringComparison.Ordinal);

        if (report.Rows[0].PyTorchSeconds is null)
        {
            Assert.Contains(PyTorchPeer.InstallHint, report.PyTorchSkipped, StringComparison.Ordinal);
            return;
        }
        Assert.All(report.Rows, r => Assert.Equal(options.Rounds, r.PyTorchSeconds!.Length));
        Assert.Equal(report.Rows[0].DotNetInitialLoss, report.PyTorchInitialLoss!.Value, 4);
        Assert.Equal(report.DotNetFinalLoss, report.PyTorchFinalLoss!.Value, 3);
    }

    [Fact]
    public void Bound_pass_sizes_double_up_to_the_meta_batch()
    {
        Assert.Equal([1, 2, 4, 8, 16, 32], ConvMamlBatchingBound.PassSizes(32));
        Assert.Equal([1, 2, 4, 8, 16, 24], ConvMamlBatchingBound.PassSizes(24));
        Assert.Equal([1], ConvMamlBatchingBound.PassSizes(1));
    }
}

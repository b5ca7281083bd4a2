using System;
using System.IO;
using System.Linq;
using Composable.Bench.Peers;
using Composable.Bench.ProtoNet;
using Xunit;

namespace Composable.Bench.Tests;

/// <summary>The ProtoNet benchmark's quick setting: Composable's training episode runs and learns; so does the PyTorch peer, from the same start, where it is installed.</summary>
public sealed class QuickProtoNetBenchTests
{
    private const string ForeachPeer = ProtoNetContenders.PyTorch + PeerForms.ForeachSuffix;
    private const string RetainedHeapPeer = ForeachPeer + PeerForms.RetainedHeapSuffix;

    [Fact]
    public void Quick_protonet_run_trains_the_conv_backbone_and_the_pytorch_peer_starts_from_the_same_loss_or_is_reported_missing()
    {
        var options = BenchCommandLine.Parse(["--model", "protonet", "--quick", "--rounds", "2", "--steps", "3", "--warmup", "4", "--threads", "1"], TextWriter.Null, TextWriter.Null).Options!;
        var log = new StringWriter();

        var report = BenchmarkRun.Execute(options, log);

        var composable = report.Contenders[0];
        Assert.Equal(ProtoNetContenders.Composable, composable.Name);
        Assert.All(report.Contenders, c =>
        {
            Assert.Equal(2, c.RoundStepsPerSecond.Count);
            Assert.True(c.MedianStepsPerSecond > 0);
            Assert.True(double.IsFinite(c.InitialLoss) && double.IsFinite(c.FinalLoss), $"{c.Name}: {c.InitialLoss} -> {c.FinalLoss}");
            Assert.True(c.FinalLoss < 0.9 * c.InitialLoss, $"{c.Name}: query loss {c.InitialLoss} -> {c.FinalLoss} after 10 episodes");
        });
        Assert.Equal(
            [(ProtoNetContenders.Composable, ProtoNetContenders.PyTorch, (double?)1.0), (ProtoNetContenders.Composable, ForeachPeer, null), (ProtoNetContenders.Composable, RetainedHeapPeer, null)],
            report.Ratios.Select(r => (r.Numerator, r.Denominator, r.Target)).ToArray());
        var ratio = report.Ratios[0];
        Assert.Contains("glibc malloc", report.DotNet.Heap, StringComparison.Ordinal);
        if (report.PyTorch is null)
        {
            // No python3-torch here (CI): the run goes on without the peer and says how to install it.
            Assert.Contains(PyTorchPeer.InstallHint, report.PyTorchSkipped, StringComparison.Ordinal);
            Assert.NotNull(ratio.Missing);
        }
        else
        {
            // Same episode tensors and the .NET model's initial weights copied over: the same model, the same loss.
            // The other peers differ only in Adam's form and in glibc's heap thresholds, which are set for that child alone.
            foreach (var name in new[] { ProtoNetContenders.PyTorch, ForeachPeer, RetainedHeapPeer })
                Assert.Equal(composable.InitialLoss, Assert.Single(report.Contenders, c => c.Name == name).InitialLoss, 4);
            Assert.All(report.Ratios, r => Assert.NotNull(r.Ratio));
            Assert.Equal(
                "MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=268435456",
                Assert.Single(report.PeerEnvironments, kv => kv.Key == RetainedHeapPeer).Value);
        }
        Assert.Empty(Directory.GetFiles(Path.GetTempPath(), $"composable-protonet-{Environment.ProcessId}.*"));
    }

    [Fact]
    public void Without_a_pytorch_interpreter_the_protonet_run_names_the_packages_and_removes_the_exchange_file()
    {
        var options = BenchCommandLine.Parse(["--model", "protonet", "--rounds", "1", "--steps", "1", "--warmup", "0", "--threads", "1", "--python", "/nonexistent/python3"], TextWriter.Null, TextWriter.Null).Options!;

        var report = BenchmarkRun.Execute(options, new StringWriter());

        Assert.Null(report.PyTorch);
        Assert.Contains(PyTorchPeer.InstallHint, report.PyTorchSkipped, StringComparison.Ordinal);
        Assert.Equal([ProtoNetContenders.Composable], report.Contenders.Select(c => c.Name).ToArray());
        Assert.Empty(Directory.GetFiles(Path.GetTempPath(), $"composable-protonet-{Environment.ProcessId}.*"));
    }

    [Fact]
    public void Missing_kanji_data_fails_with_a_message_naming_the_debian_package()
    {
        var error = Assert.Throws<FileNotFoundException>(() => ProtoNetBenchModel.CreateEpisodes(1, BenchOptions.Seed, "/nonexistent/kanjidraw/data.json"));

        Assert.Contains("python3-kanjidraw", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Protonet_model_uses_few_steps_per_round_unless_told()
    {
        var defaults = BenchCommandLine.Parse(["--model", "protonet"], TextWriter.Null, TextWriter.Null).Options!;
        Assert.Equal((BenchOptions.ProtoNetStepsPerRound, BenchOptions.ProtoNetWarmupSteps), (defaults.StepsPerRound, defaults.WarmupSteps));
        var quick = BenchCommandLine.Parse(["--model", "protonet", "--quick"], TextWriter.Null, TextWriter.Null).Options!;
        Assert.Equal((BenchOptions.ProtoNetQuickStepsPerRound, BenchOptions.ProtoNetQuickWarmupSteps), (quick.StepsPerRound, quick.WarmupSteps));
        var told = BenchCommandLine.Parse(["--model", "protonet", "--steps", "7", "--warmup", "1"], TextWriter.Null, TextWriter.Null).Options!;
        Assert.Equal((7, 1), (told.StepsPerRound, told.WarmupSteps));
    }
}

using System;
using System.Linq;
using Composable.Training;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Composable.Tests.Runtime;

/// <summary>
/// Composable's CPU kernel choice (<see cref="CpuKernels"/>): CPU convolutions on libtorch's native kernels, oneDNN
/// held to AVX2 unless the process chose otherwise.
/// </summary>
public sealed class CpuKernelsTests(ITestOutputHelper output)
{
    [Fact]
    public void Composable_holds_onednn_to_avx2_unless_the_variable_was_set()
    {
        if (!OperatingSystem.IsLinux()) return;
        var chosen = Environment.GetEnvironmentVariable(CpuKernels.Variable);
        Assert.Equal(chosen ?? CpuKernels.DeterministicIsa, CpuKernels.MaxIsa);
    }

    [Fact]
    public void Composable_turns_onednn_off_for_cpu_convolutions()
    {
        // Outside training steps; the lease keeps other test classes' oneDNN steps out while this one reads the switch.
        using var native = CpuKernels.Hold(ConvolutionKernels.Native);
        var setting = CpuKernels.Configure();
        Assert.False(setting.OneDnnConvolutions, setting.Description);
        Assert.False(CpuKernels.OneDnnConvolutions);
    }

    /// <summary>
    /// The failure behind the suite's rare NaN in conv fine-tuning: oneDNN's backward-data kernel read memory it had
    /// not written (the padding of its 8-channel blocks, for a 4-channel layer), so NaN left in freed memory became
    /// NaN gradients. Freed memory is filled with NaN on purpose here: with oneDNN's kernels about two runs in three
    /// gave NaN gradients when this was written (30–38 of 50, 2026-12-04); with Composable's choice none may. Whether
    /// the poison reaches the kernel depends on which blocks the allocator hands back: on 2026-12-06 the same probe
    /// gave 0 of 50 with oneDNN at 1 and 2 threads, at AVX2 and at AVX-512, for 4 to 64 channels, so a quiet run of
    /// the printed line below does not show that oneDNN's kernel is fixed.
    /// </summary>
    [Fact]
    public void Conv_gradients_stay_finite_when_freed_memory_holds_nan()
    {
        const int runs = 50;
        // Leases, so that no other test's convolutions run on the kernels this one chose meanwhile.
        using (CpuKernels.Hold(ConvolutionKernels.Native)) Assert.Equal(0, RunsWithNanGradients(runs));
        // What oneDNN's kernels do on this machine, for the record (not asserted: a later libtorch may fix them).
        using (CpuKernels.Hold(ConvolutionKernels.OneDnn))
            output.WriteLine($"oneDNN convolutions: {RunsWithNanGradients(runs)} of {runs} runs gave NaN gradients");
    }

    private static int RunsWithNanGradients(int runs) => Enumerable.Range(0, runs).Count(_ =>
    {
        using var scope = NewDisposeScope();
        PoisonFreedMemory();
        manual_seed(1);
        var blocks = new[] { (nn.Conv2d(1, 4, 3, padding: 1), nn.BatchNorm2d(4)), (nn.Conv2d(4, 4, 3, padding: 1), nn.BatchNorm2d(4)) };
        var head = nn.Linear(16, 3);
        var features = blocks.Aggregate(randn(16, 1, 8, 8),
            (h, block) => nn.functional.max_pool2d(block.Item2.forward(block.Item1.forward(h)), 2).relu());
        nn.functional.cross_entropy(head.forward(features.flatten(1)), randint(0, 3, 16)).backward();
        var parameters = blocks.SelectMany(b => b.Item1.parameters().Concat(b.Item2.parameters())).Concat(head.parameters());
        var nan = parameters.Any(p => !p.grad!.isfinite().all().item<bool>());
        foreach (var (conv, norm) in blocks) { conv.Dispose(); norm.Dispose(); }
        head.Dispose();
        return nan;
    });

    /// <summary>Allocates NaN-filled tensors of the sizes a small conv step allocates, and frees them for reuse.</summary>
    private static void PoisonFreedMemory()
    {
        var poisoned = new[] { 256L, 512, 1024, 2048, 4096, 8192 }
            .SelectMany(n => Enumerable.Range(0, 4).Select(_ => full(new[] { n }, float.NaN))).ToArray();
        foreach (var tensor in poisoned) tensor.Dispose();
    }

    [Fact]
    public void Two_identical_conv_networks_get_identical_gradients_run_after_run()
    {
        // Glyph-like rows: blank backgrounds make many exact ties inside pooling windows.
        using var images = rand(6, 784).lt(0.2).to_type(ScalarType.Float32);
        using var weights = randn(6, 8 * 3 * 3);
        using var native = CpuKernels.Hold(ConvolutionKernels.Native);
        for (var run = 0; run < 5; run++)
        {
            using var scope = NewDisposeScope();
            using var one = TrainerRandom.Build(5, () => new Composable.FewShot.Metric.ConvEmbedding(1, 28, 28, channels: 8, blocks: 3));
            using var other = TrainerRandom.Build(5, () => new Composable.FewShot.Metric.ConvEmbedding(1, 28, 28, channels: 8, blocks: 3));
            one.train();
            other.train();
            one.forward(images).mul(weights).sum().backward();
            other.forward(images).mul(weights).sum().backward();
            Assert.All(one.parameters().Zip(other.parameters()),
                p => Assert.True(p.Item1.grad!.equal(p.Item2.grad!).all().item<bool>(), $"run {run}: the two networks' gradients differ"));
        }
    }
}

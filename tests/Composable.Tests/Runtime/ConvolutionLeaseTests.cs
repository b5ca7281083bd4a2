using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Composable.Data.Episodes;
using Composable.FewShot;
using Composable.Tests.FewShot;
using Composable.Training;
using Xunit;
using Xunit.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace Composable.Tests.Runtime;

/// <summary>
/// Which kernels a training step's convolutions run on (<see cref="CpuKernels.ForTrainingStep"/>): oneDNN for a
/// backbone whose back-propagated convolutions oneDNN never pads (<see cref="ConvPlan.FitsOneDnnBlocks"/>), native
/// kernels otherwise, and leases of the two kinds never overlapping in time.
/// </summary>
public sealed class ConvolutionLeaseTests(ITestOutputHelper output)
{
    private static readonly Image Glyph = new(1, 28, 28);

    [Theory]
    [InlineData(1, 64, true)]
    [InlineData(3, 16, true)]
    [InlineData(5, 32, true)]
    [InlineData(1, 8, false)]
    [InlineData(1, 4, false)]
    [InlineData(16, 24, false)]
    public void A_backbone_fits_the_blocks_when_every_block_has_channels_in_sixteens(int imageChannels, int channels, bool fits) =>
        Assert.Equal(fits, ConvPlan.FitsOneDnnBlocks(new ConvBackbone(new Image(imageChannels, 28, 28), Channels: channels)));

    [Theory]
    [InlineData(new[] { 32, 16, 48 }, false, true)]
    [InlineData(new[] { 16, 32, 20 }, false, false)]
    [InlineData(new[] { 20, 32 }, false, false)]
    [InlineData(new[] { 16, 32 }, true, true)]
    [InlineData(new[] { 16, 24 }, true, false)]
    public void Declared_widths_and_residual_blocks_fit_when_each_one_is_a_multiple_of_sixteen(int[] widths, bool residual, bool fits) =>
        Assert.Equal(fits, ConvPlan.FitsOneDnnBlocks(new ConvBackbone(new Image(3, 28, 28), Widths: [.. widths], Residual: residual)));

    [Fact]
    public void A_backbone_with_no_block_that_fits_the_image_does_not_fit_the_blocks() =>
        Assert.False(ConvPlan.FitsOneDnnBlocks(new ConvBackbone(new Image(1, 1, 1), Kernel: 5, Padding: 0)));

    [Fact]
    public void A_training_step_holds_onednn_for_a_fitting_backbone_native_kernels_for_another_and_nothing_for_an_mlp()
    {
        using (var lease = CpuKernels.ForTrainingStep(new ConvBackbone(Glyph)))
        {
            Assert.Equal(ConvolutionKernels.OneDnn, lease.Kernels);
            Assert.True(CpuKernels.OneDnnConvolutions);
        }
        using (var lease = CpuKernels.ForTrainingStep(new ConvBackbone(Glyph, Channels: 4)))
        {
            Assert.Equal(ConvolutionKernels.Native, lease.Kernels);
            Assert.False(CpuKernels.OneDnnConvolutions);
        }
        Assert.Equal(ConvolutionKernels.Unchosen, CpuKernels.ForTrainingStep(null).Kernels);
        Assert.Equal(ConvolutionKernels.Unchosen, CpuKernels.ForTrainingStep(new MlpBackbone(new Features(8), [4])).Kernels);
    }

    [Fact]
    public void A_fine_tuning_step_leases_by_its_source_backbone()
    {
        var conv = new ConvBackbone(Glyph);
        Assert.Equal(conv, FineTuningPlan.BackboneOf(new BackboneSource(conv)));
        var network = new MultiTaskSpec(Glyph, [new TaskSpec("Glyph", new MultiClass(3))], new HardSharing([16]), Backbone: conv);
        Assert.Equal(conv, FineTuningPlan.BackboneOf(new TrunkSource(network)));
        Assert.Null(FineTuningPlan.BackboneOf(new TrunkSource(network with { Input = new Features(4), Backbone = null })));
    }

    [Fact]
    public void A_lease_inside_another_on_the_same_thread_keeps_the_outer_kernels()
    {
        using var outer = CpuKernels.Hold(ConvolutionKernels.Native);
        using var inner = CpuKernels.ForTrainingStep(new ConvBackbone(Glyph));
        Assert.Equal(ConvolutionKernels.Unchosen, inner.Kernels);
        Assert.False(CpuKernels.OneDnnConvolutions);
    }

    [Fact]
    public void A_native_lease_waits_until_the_onednn_lease_of_another_thread_ends()
    {
        var outer = CpuKernels.Hold(ConvolutionKernels.OneDnn);
        Assert.Equal(ConvolutionKernels.OneDnn, outer.Kernels);
        using var entered = new ManualResetEventSlim();
        bool? oneDnnInside = null;
        var other = new Thread(() =>
        {
            using var lease = CpuKernels.Hold(ConvolutionKernels.Native);
            oneDnnInside = CpuKernels.OneDnnConvolutions;
            entered.Set();
        });
        other.Start();
        try
        {
            Assert.False(entered.Wait(TimeSpan.FromMilliseconds(300)), "the native lease began while oneDNN was held");
        }
        finally
        {
            outer.Dispose();
        }
        Assert.True(entered.Wait(TimeSpan.FromMinutes(2)), "the native lease never began");
        other.Join();
        Assert.False(oneDnnInside);
    }

    [Fact]
    public void Seeded_training_on_onednn_repeats_exactly_and_agrees_with_the_native_kernels()
    {
        var spec = new FewShotLearnerSpec(
            new ConvBackbone(new Image(1, 12, 12), Blocks: 2, Channels: 16), new FewShotClassification(5, 1, 3), new Prototypical(), new Adam(LearningRate: 1e-3));
        Assert.True(ConvPlan.FitsOneDnnBlocks((ConvBackbone)spec.Backbone));

        var first = Train(spec);
        var again = Train(spec);
        IReadOnlyList<double> native;
        CpuKernels.OneDnnForAlignedBackbones = false;
        try { native = Train(spec); }
        finally { CpuKernels.OneDnnForAlignedBackbones = true; }

        Assert.Equal(first, again);
        Assert.True(first.Distinct().Count() > 1, $"training should change the loss: {string.Join(", ", first)}");
        Assert.All(first.Zip(native), pair => Assert.Equal(pair.Item2, pair.Item1, 1e-4));
    }

    /// <summary>
    /// What oneDNN costs in precision where the lease uses it, in the hardest case, a second-order MAML meta-gradient
    /// through three conv blocks of 64 with batch statistics: each float32 result against the same computation in
    /// float64 (which runs on the native kernels). Measured when written: 4e-6 to 1e-5 relative on both kernels here;
    /// with four blocks and four tasks, 1e-6 native and 2.5e-5 oneDNN. The two kernels round differently, so a seeded
    /// run on each parts after enough steps; a kernel that read memory it had not written would be off by far more.
    /// </summary>
    [Fact]
    public void A_second_order_meta_gradient_on_onednn_agrees_with_float64_to_float32_precision()
    {
        var reference = MetaGradient(ScalarType.Float64, ConvolutionKernels.Native);
        var native = RelativeErrors(MetaGradient(ScalarType.Float32, ConvolutionKernels.Native), reference);
        var oneDnn = RelativeErrors(MetaGradient(ScalarType.Float32, ConvolutionKernels.OneDnn), reference);
        output.WriteLine($"relative error against float64 per conv weight and the head: native {string.Join(" ", native.Select(e => e.ToString("E1")))}; oneDNN {string.Join(" ", oneDnn.Select(e => e.ToString("E1")))}");
        Assert.All(native.Concat(oneDnn), e => Assert.InRange(e, 0, 1e-4));
    }

    private static double[] RelativeErrors(Tensor[] got, Tensor[] reference) =>
        got.Zip(reference, (g, r) => (g - r).norm().item<double>() / r.norm().item<double>()).ToArray();

    /// <summary>The meta-gradient of the conv weights and the head (conv biases, which batch norm cancels, left out).</summary>
    private static Tensor[] MetaGradient(ScalarType type, ConvolutionKernels kernels)
    {
        using var lease = CpuKernels.Hold(kernels);
        using var scope = NewDisposeScope();
        var random = new Generator(7);
        int[] widths = [1, 64, 64, 64];
        var weights = new List<Tensor>();
        for (var b = 0; b < 3; b++)
        {
            weights.Add(randn([widths[b + 1], widths[b], 3, 3], generator: random).mul_(Math.Sqrt(2.0 / (9 * widths[b]))));
            weights.Add(zeros(widths[b + 1]));
            weights.Add(ones(widths[b + 1]));
            weights.Add(zeros(widths[b + 1]));
        }
        weights.Add(randn([5, 64 * 3 * 3], generator: random).mul_(0.1));
        weights.Add(zeros(5));
        var parameters = weights.Select(w => w.to_type(type).requires_grad_(true)).ToArray();
        var support = rand([5, 1, 28, 28], generator: random).to_type(type);
        var query = rand([25, 1, 28, 28], generator: random).to_type(type);

        Tensor Forward(IReadOnlyList<Tensor> w, Tensor x)
        {
            for (var b = 0; b < 3; b++)
            {
                x = nn.functional.conv2d(x, w[4 * b], w[4 * b + 1], padding: [1, 1]);
                x = nn.functional.batch_norm(x, null, null, w[4 * b + 2], w[4 * b + 3], training: true);
                x = nn.functional.max_pool2d(nn.functional.relu(x), [2, 2]);
            }
            return nn.functional.linear(x.flatten(1), w[12], w[13]);
        }

        var inner = nn.functional.cross_entropy(Forward(parameters, support), arange(5));
        var step = autograd.grad([inner], parameters, retain_graph: true, create_graph: true);
        using var rate = 0.4.ToScalar();
        var adapted = parameters.Zip(step, (p, g) => p.sub(g.mul(rate))).ToArray();
        var outer = nn.functional.cross_entropy(Forward(adapted, query), arange(5).repeat_interleave(5));
        var meta = autograd.grad([outer], parameters);
        return new[] { 0, 4, 8, 12 }.Select(i => meta[i].to_type(ScalarType.Float64).detach().MoveToOuterDisposeScope()).ToArray();
    }

    private static IReadOnlyList<double> Train(FewShotLearnerSpec spec)
    {
        var family = SyntheticClasses.Family((FewShotClassification)spec.Episodes, classes: 30, perClass: 6, noise: 2.0, width: 144);
        using var trainer = EpisodicTrainer.Create(spec, seed: 5);
        return Enumerable.Range(0, 6).Select(step =>
        {
            using var scope = NewDisposeScope();
            return trainer.Step(family.SampleBatch(MetaSplit.Train, step * spec.MetaBatch, spec.MetaBatch)).Total;
        }).ToArray();
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Composable.Data.Episodes;
using Composable.FewShot;
using Composable.Meta;
using Composable.Tests.FewShot;
using Composable.Training;
using Xunit;
using Xunit.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace Composable.Tests.Runtime;

/// <summary>Second-order MAML over a backbone that fits oneDNN's channel blocks: its meta-gradient differentiates convolutions' backward passes.</summary>
[MetaLearner]
public static partial class AlignedSecondOrderConvMaml
{
    public static readonly MetaLearnerSpec Spec = new(
        new Image(1, 12, 12), [], 3, new FewShotClassification(Ways: 3, Shots: 1, Queries: 2),
        new Maml(InnerSteps: 1, InnerLearningRate: 0.3, MetaBatch: 2), new Adam(LearningRate: 0.01),
        Backbone: new ConvBackbone(new Image(1, 12, 12), Blocks: 2, Channels: 16));
}

/// <summary>The same network and inner loop, first order: no second derivative of a convolution.</summary>
[MetaLearner]
public static partial class AlignedFirstOrderConvMaml
{
    public static readonly MetaLearnerSpec Spec = AlignedSecondOrderConvMaml.Spec with
    {
        Learner = new Maml(InnerSteps: 1, InnerLearningRate: 0.3, MetaBatch: 2, FirstOrder: true),
    };
}

/// <summary>
/// Which kernels a training step's convolutions run on (<see cref="CpuKernels.ForTrainingStep"/>): oneDNN for a
/// backbone whose back-propagated convolutions oneDNN never pads (<see cref="ConvPlan.FitsOneDnnBlocks"/>), native
/// kernels otherwise (and for a meta-step that differentiates convolutions' backward passes), and leases of the two
/// kinds never overlapping in time.
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

    [Theory]
    [InlineData("maml", true)]
    [InlineData("meta-sgd", true)]
    [InlineData("maml-adapting-a-norm", true)]
    [InlineData("fomaml", false)]
    [InlineData("anil", false)]
    [InlineData("reptile", false)]
    [InlineData("maml-over-an-mlp", false)]
    public void A_meta_step_differentiates_convolution_backward_passes_when_second_order_through_adapted_conv_layers(string learner, bool differentiates)
    {
        var conv = AlignedSecondOrderConvMaml.Spec;
        var spec = learner switch
        {
            "maml" => conv,
            "meta-sgd" => conv with { Learner = new MetaSgd(1, 0.3, 2) },
            "maml-adapting-a-norm" => conv with { Adapt = ["block_1.norm", "head"] },
            "fomaml" => AlignedFirstOrderConvMaml.Spec,
            "anil" => conv with { Learner = new Anil(1, 0.3, 2), Adapt = ["head"] },
            "reptile" => conv with { Learner = new Reptile(1, 0.3, 2), Outer = new Sgd(LearningRate: 0.5) },
            "maml-over-an-mlp" => conv with { Layers = [8], Backbone = null },
            _ => throw new ArgumentException(learner),
        };
        Assert.Equal(differentiates, MetaPlan.For(spec).DifferentiatesConvolutionBackward);
        using var lease = CpuKernels.ForTrainingStep(spec.Backbone, MetaPlan.For(spec).DifferentiatesConvolutionBackward);
        Assert.Equal(spec.Backbone is null ? ConvolutionKernels.Unchosen : differentiates ? ConvolutionKernels.Native : ConvolutionKernels.OneDnn, lease.Kernels);
    }

    /// <summary>
    /// The run-time and the generated meta-step of second-order MAML over a backbone that fits oneDNN's blocks hold
    /// the native kernels: each waits while another thread holds oneDNN. Their first-order twins keep oneDNN and run
    /// beside that lease. (oneDNN's weight-gradient kernel, as libtorch's double backward of a convolution calls it,
    /// gave NaN now and then: <see cref="CpuKernels"/>.)
    /// </summary>
    [Theory]
    [InlineData("run-time second order", true)]
    [InlineData("generated second order", true)]
    [InlineData("run-time first order", false)]
    [InlineData("generated first order", false)]
    public void A_second_order_conv_meta_step_holds_native_kernels_and_a_first_order_one_keeps_onednn(string trainer, bool waits)
    {
        using var meta = trainer switch
        {
            "run-time second order" => (IMetaLearnerTrainer)MetaTrainer.Create(AlignedSecondOrderConvMaml.Spec, 3),
            "generated second order" => AlignedSecondOrderConvMaml.Trainer.Create(3),
            "run-time first order" => MetaTrainer.Create(AlignedFirstOrderConvMaml.Spec, 3),
            "generated first order" => AlignedFirstOrderConvMaml.Trainer.Create(3),
            _ => throw new ArgumentException(trainer),
        };
        using var scope = NewDisposeScope();
        manual_seed(5);
        var labels = Enumerable.Range(0, 18).SelectMany(c => Enumerable.Repeat(c, 4)).ToArray();
        var family = new ClassIndexedFamily(rand(18 * 4, 144), labels, new FewShotClassification(Ways: 3, Shots: 1, Queries: 2));
        var batch = family.SampleBatch(MetaSplit.Train, 0, 2);
        meta.Step(batch); // first use (JIT, allocations) outside the timed window

        var oneDnnElsewhere = CpuKernels.Hold(ConvolutionKernels.OneDnn);
        Assert.Equal(ConvolutionKernels.OneDnn, oneDnnElsewhere.Kernels);
        using var done = new ManualResetEventSlim();
        Exception? failed = null;
        var other = new Thread(() =>
        {
            try { meta.Step(batch); }
            catch (Exception e) { failed = e; }
            done.Set();
        });
        other.Start();
        try
        {
            if (waits) Assert.False(done.Wait(TimeSpan.FromMilliseconds(1500)), $"the {trainer} step ran while another thread held oneDNN");
            else Assert.True(done.Wait(TimeSpan.FromMinutes(1)), $"the {trainer} step waited for another thread's oneDNN lease");
        }
        finally
        {
            oneDnnElsewhere.Dispose();
        }
        Assert.True(done.Wait(TimeSpan.FromMinutes(2)), $"the {trainer} step never ran");
        other.Join();
        Assert.Null(failed);
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
    /// The precision of the kernels a second-order meta-step runs on, in the hardest case, a second-order MAML
    /// meta-gradient through three conv blocks of 64 with batch statistics: the float32 result on the native kernels
    /// against the same computation in float64. Measured when written: 4e-6 to 1e-5 relative; oneDNN was as close in the
    /// processes where it gave no NaN, but a meta-step no longer runs on it (<see cref="CpuKernels"/>), so it is not
    /// asked here, where a NaN of its own would fail the suite now and then.
    /// </summary>
    [Fact]
    public void A_second_order_meta_gradient_on_the_native_kernels_agrees_with_float64_to_float32_precision()
    {
        var reference = MetaGradient(ScalarType.Float64, ConvolutionKernels.Native);
        var native = RelativeErrors(MetaGradient(ScalarType.Float32, ConvolutionKernels.Native), reference);
        output.WriteLine($"relative error against float64 per conv weight and the head: {string.Join(" ", native.Select(e => e.ToString("E1")))}");
        Assert.All(native, e => Assert.InRange(e, 0, 1e-4));
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

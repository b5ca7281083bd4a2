using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Composable.Data.Episodes;
using Composable.FewShot;
using Composable.Tests.FewShot;
using Composable.Training;
using Xunit;
using static TorchSharp.torch;

namespace Composable.Tests.Runtime;

/// <summary>
/// Which kernels a training step's convolutions run on (<see cref="CpuKernels.ForTrainingStep"/>): oneDNN for a
/// backbone whose back-propagated convolutions oneDNN never pads (<see cref="ConvPlan.FitsOneDnnBlocks"/>), native
/// kernels otherwise, and leases of the two kinds never overlapping in time.
/// </summary>
public sealed class ConvolutionLeaseTests
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

using System;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Composable.Meta;

/// <summary>
/// θ of one block of a <see cref="ConvStack"/> as a module, so that a meta-learner's state dict reads like
/// <see cref="FewShot.Metric.ConvEmbedding"/>'s: <c>block_0.conv.weight</c>, <c>block_0.conv.bias</c> (an
/// <c>nn.Conv2d</c> of the declared kernel and padding, initialised as PyTorch initialises it) and, unless the
/// backbone declares <see cref="BlockNorm.None"/>, <c>block_0.norm.weight</c>, <c>block_0.norm.bias</c> (the norm's
/// scale 1 and shift 0 per channel). The norm keeps no running statistics: <see cref="FunctionalConv"/> always
/// normalises batch norm with the statistics of the batch, as MAML does. The block is never
/// run as a module; <see cref="FunctionalConv"/> runs it over explicit parameters. Held by <see cref="MetaNetwork"/>
/// and by generated <c>[MetaLearner]</c> networks.
/// </summary>
public sealed class ConvBlock : nn.Module
{
    private readonly Conv2d conv;
    private readonly ChannelScaleShift? norm;

    /// <summary>A block of <paramref name="backbone"/> from <paramref name="inputChannels"/> to its channels; the convolution draws its initial weights from torch's generator.</summary>
    public ConvBlock(long inputChannels, ConvBackbone backbone) : base("ConvBlock")
    {
        ArgumentNullException.ThrowIfNull(backbone);
        conv = nn.Conv2d(inputChannels, backbone.Channels, backbone.Kernel, padding: ConvPlan.PaddingOf(backbone));
        if (backbone.Norm != BlockNorm.None) norm = new ChannelScaleShift(backbone.Channels);
        RegisterComponents();
    }

    /// <summary>The convolution's weight [C′, C, k, k] (<c>conv.weight</c>).</summary>
    public Parameter ConvWeight => conv.weight!;

    /// <summary>The convolution's bias [C′] (<c>conv.bias</c>).</summary>
    public Parameter ConvBias => conv.bias!;

    /// <summary>The block's parameters in registration order: the convolution's weight and bias, then the norm's scale and shift if it has a norm.</summary>
    public Parameter[] Weights => norm is null ? [ConvWeight, ConvBias] : [ConvWeight, ConvBias, norm.Weight, norm.Bias];

    /// <summary>The norm's learned scale [C′] (<c>norm.weight</c>).</summary>
    /// <exception cref="InvalidOperationException">The block has no normalisation.</exception>
    public Parameter NormWeight => (norm ?? throw NoNorm()).Weight;

    /// <summary>The norm's learned shift [C′] (<c>norm.bias</c>).</summary>
    /// <exception cref="InvalidOperationException">The block has no normalisation.</exception>
    public Parameter NormBias => (norm ?? throw NoNorm()).Bias;

    private static InvalidOperationException NoNorm() =>
        new("This convolutional block was built without normalisation (BlockNorm.None), so it has no norm parameters.");

    /// <summary>A learned scale (1) and shift (0) per channel, under the state-dict names <c>weight</c> and <c>bias</c>.</summary>
    private sealed class ChannelScaleShift : nn.Module
    {
        private readonly Parameter weight;
        private readonly Parameter bias;

        public ChannelScaleShift(long channels) : base("ChannelScaleShift")
        {
            weight = new Parameter(ones(channels));
            bias = new Parameter(zeros(channels));
            RegisterComponents();
        }

        public Parameter Weight => weight;

        public Parameter Bias => bias;
    }
}

using System.Collections.Generic;
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
    private readonly Conv2d? conv;
    private readonly ChannelScaleShift? norm;
    // A residual block's parts in plan order (conv1, norm1, …, shortcut, shortcut_norm); empty for a plain block.
    private readonly List<Parameter> _residual = new();

    /// <summary>A block of <paramref name="backbone"/> from <paramref name="inputChannels"/> to its channels (every block's); the convolutions draw their initial weights from torch's generator.</summary>
    public ConvBlock(long inputChannels, ConvBackbone backbone) : this(inputChannels, backbone?.Channels ?? 0, backbone!)
    {
    }

    /// <summary>
    /// A block of <paramref name="backbone"/> from <paramref name="inputChannels"/> to <paramref name="channels"/>; the
    /// convolutions draw their initial weights from torch's generator, in plan order.
    /// </summary>
    public ConvBlock(long inputChannels, long channels, ConvBackbone backbone) : base("ConvBlock")
    {
        ArgumentNullException.ThrowIfNull(backbone);
        var (kernel, padding) = (backbone.Kernel, ConvPlan.PaddingOf(backbone));
        if (!backbone.Residual)
        {
            conv = nn.Conv2d(inputChannels, channels, kernel, padding: padding);
            if (backbone.Norm != BlockNorm.None) norm = new ChannelScaleShift(channels);
            RegisterComponents();
            return;
        }
        for (var k = 1; k <= 3; k++)
            AddPart($"conv{k}", $"norm{k}", k == 1 ? inputChannels : channels, channels, kernel, padding, backbone.Norm);
        AddPart("shortcut", "shortcut_norm", inputChannels, channels, 1, 0, backbone.Norm);
    }

    private void AddPart(string convName, string normName, long input, long output, int kernel, int padding, BlockNorm kind)
    {
        var part = nn.Conv2d(input, output, kernel, padding: padding);
        register_module(convName, part);
        _residual.AddRange([part.weight!, part.bias!]);
        if (kind == BlockNorm.None) return;
        var scaleShift = new ChannelScaleShift(output);
        register_module(normName, scaleShift);
        _residual.AddRange([scaleShift.Weight, scaleShift.Bias]);
    }

    /// <summary>The convolution's weight [C′, C, k, k] (<c>conv.weight</c>) of a plain block.</summary>
    /// <exception cref="InvalidOperationException">The block is residual (use <see cref="Weights"/>).</exception>
    public Parameter ConvWeight => (conv ?? throw Residual()).weight!;

    /// <summary>The convolution's bias [C′] (<c>conv.bias</c>) of a plain block.</summary>
    /// <exception cref="InvalidOperationException">The block is residual (use <see cref="Weights"/>).</exception>
    public Parameter ConvBias => (conv ?? throw Residual()).bias!;

    /// <summary>
    /// The block's parameters in plan order: a plain block's convolution weight and bias, then its norm's scale and
    /// shift if it has a norm; a residual block's for conv1, norm1, …, conv3, norm3, shortcut, shortcut_norm.
    /// </summary>
    public Parameter[] Weights => conv is null ? _residual.ToArray() : norm is null ? [ConvWeight, ConvBias] : [ConvWeight, ConvBias, norm.Weight, norm.Bias];

    private static InvalidOperationException Residual() =>
        new("This convolutional block is residual; its parameters are in Weights (conv1, norm1, …, shortcut, shortcut_norm).");

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

using System;
using System.Collections.Generic;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Composable.Meta;

/// <summary>
/// Meta-SGD's learned inner rates of one <see cref="ConvBlock"/> as a module, registered under the block's name so
/// that under <c>inner_lr.block_0</c> the state dict reads like the block's own: per parameter
/// <c>inner_lr.block_0.conv.weight</c>, …, <c>inner_lr.block_0.norm.bias</c> (a <see cref="LayerRates"/> per adapted
/// part, each rate shaped like its parameter), or per layer one scalar per adapted part, <c>inner_lr.block_0.conv</c>
/// and <c>inner_lr.block_0.norm</c>. A residual block's parts are <c>conv1</c>…<c>conv3</c>, <c>norm1</c>…<c>norm3</c>,
/// <c>shortcut</c> and <c>shortcut_norm</c>. Only adapted parameters have rates. Used by <see cref="MetaNetwork"/> and
/// the generated Network of a convolutional Meta-SGD declaration.
/// </summary>
public sealed class ConvBlockRates : nn.Module
{
    private readonly Dictionary<string, Parameter> _scalars = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LayerRates> _tensors = new(StringComparer.Ordinal);

    /// <summary>
    /// Rates initialised to <paramref name="initial"/> for the adapted parameters of a plain block (convolution and
    /// norm), given by their shapes (null: not adapted); one scalar per adapted part when <paramref name="perLayer"/>.
    /// </summary>
    public ConvBlockRates(double initial, bool perLayer, long[]? convWeight, long[]? convBias, long[]? normWeight, long[]? normBias)
        : this(initial, perLayer, [("conv", convWeight, convBias), ("norm", normWeight, normBias)])
    {
    }

    /// <summary>
    /// Rates initialised to <paramref name="initial"/> for the adapted parameters of each of a block's
    /// <paramref name="parts"/>, in order: a part's weight and bias shapes (null: not adapted; a part with neither gets
    /// no rate); one scalar per adapted part when <paramref name="perLayer"/>.
    /// </summary>
    public ConvBlockRates(double initial, bool perLayer, IReadOnlyList<(string Part, long[]? Weight, long[]? Bias)> parts)
        : base("ConvBlockRates")
    {
        ArgumentNullException.ThrowIfNull(parts);
        foreach (var (part, weight, bias) in parts)
        {
            if (weight is null && bias is null) continue;
            if (perLayer)
            {
                var rate = LayerRates.Scalar(initial);
                _scalars.Add(part, rate);
                register_parameter(part, rate);
            }
            else
            {
                var rates = new LayerRates(initial, weight, bias);
                _tensors.Add(part, rates);
                register_module(part, rates);
            }
        }
    }

    /// <summary>Per-parameter rates of the convolution's adapted weight and bias; null per layer or when neither adapts.</summary>
    public LayerRates? Conv => RatesOf("conv");

    /// <summary>Per-parameter rates of the norm's adapted scale and shift; null per layer or when neither adapts.</summary>
    public LayerRates? Norm => RatesOf("norm");

    /// <summary>The convolution's one learned rate (per layer); null per parameter or when the convolution does not adapt.</summary>
    public Parameter? ConvRate => RateOf("conv");

    /// <summary>The norm's one learned rate (per layer); null per parameter or when the norm does not adapt.</summary>
    public Parameter? NormRate => RateOf("norm");

    /// <summary>The one learned rate of part <paramref name="part"/> (per layer); null per parameter or when it does not adapt.</summary>
    public Parameter? RateOf(string part) => _scalars.GetValueOrDefault(part);

    /// <summary>The per-parameter rates of part <paramref name="part"/>; null per layer or when it does not adapt.</summary>
    public LayerRates? RatesOf(string part) => _tensors.GetValueOrDefault(part);

    /// <summary>The adapted parts, in registration order.</summary>
    public IEnumerable<string> Parts => _scalars.Count > 0 ? _scalars.Keys : _tensors.Keys;
}

using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Composable.Meta;

/// <summary>
/// Meta-SGD's learned inner rates of one <see cref="ConvBlock"/> as a module, registered under the block's name so
/// that under <c>inner_lr.block_0</c> the state dict reads like the block's own: per parameter
/// <c>inner_lr.block_0.conv.weight</c>, …, <c>inner_lr.block_0.norm.bias</c> (a <see cref="LayerRates"/> per adapted
/// part, each rate shaped like its parameter), or per layer one scalar per adapted part, <c>inner_lr.block_0.conv</c>
/// and <c>inner_lr.block_0.norm</c>. Only adapted parameters have rates. Used by <see cref="MetaNetwork"/> and the
/// generated Network of a convolutional Meta-SGD declaration.
/// </summary>
public sealed class ConvBlockRates : nn.Module
{
    /// <summary>
    /// Rates initialised to <paramref name="initial"/> for the adapted parameters of a block, given by their shapes
    /// (null: not adapted); one scalar per adapted part when <paramref name="perLayer"/>.
    /// </summary>
    public ConvBlockRates(double initial, bool perLayer, long[]? convWeight, long[]? convBias, long[]? normWeight, long[]? normBias)
        : base("ConvBlockRates")
    {
        if (perLayer)
        {
            ConvRate = convWeight is null && convBias is null ? null : LayerRates.Scalar(initial);
            NormRate = normWeight is null && normBias is null ? null : LayerRates.Scalar(initial);
            if (ConvRate is not null) register_parameter("conv", ConvRate);
            if (NormRate is not null) register_parameter("norm", NormRate);
        }
        else
        {
            Conv = convWeight is null && convBias is null ? null : new LayerRates(initial, convWeight, convBias);
            Norm = normWeight is null && normBias is null ? null : new LayerRates(initial, normWeight, normBias);
            if (Conv is not null) register_module("conv", Conv);
            if (Norm is not null) register_module("norm", Norm);
        }
    }

    /// <summary>Per-parameter rates of the convolution's adapted weight and bias; null per layer or when neither adapts.</summary>
    public LayerRates? Conv { get; }

    /// <summary>Per-parameter rates of the norm's adapted scale and shift; null per layer or when neither adapts.</summary>
    public LayerRates? Norm { get; }

    /// <summary>The convolution's one learned rate (per layer); null per parameter or when the convolution does not adapt.</summary>
    public Parameter? ConvRate { get; }

    /// <summary>The norm's one learned rate (per layer); null per parameter or when the norm does not adapt.</summary>
    public Parameter? NormRate { get; }
}

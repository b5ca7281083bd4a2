using System.Collections.Generic;
using TorchSharp.Modules;
using static TorchSharp.torch;
using TorchSharp;

namespace Composable.Meta;

/// <summary>
/// Meta-SGD's learned per-parameter inner rates of one layer as a module: a tensor shaped like each adapted parameter,
/// registered under the parameter's own name (<c>weight</c>, <c>bias</c>), so that under <c>inner_lr.layer_0</c> the
/// state dict reads <c>inner_lr.layer_0.weight</c>. Used by <see cref="MetaNetwork"/> and the generated Network.
/// </summary>
public sealed class LayerRates : nn.Module
{
    /// <summary>Rates initialised to <paramref name="initial"/> for the adapted weight and bias of a layer (null: not adapted).</summary>
    public LayerRates(double initial, long[]? weight, long[]? bias) : base("LayerRates")
    {
        if (weight is not null)
        {
            Weight = Shaped(weight, initial);
            register_parameter("weight", Weight);
        }
        if (bias is not null)
        {
            Bias = Shaped(bias, initial);
            register_parameter("bias", Bias);
        }
    }

    /// <summary>The weight's rates, when the weight adapts.</summary>
    public Parameter? Weight { get; }

    /// <summary>The bias's rates, when the bias adapts.</summary>
    public Parameter? Bias { get; }

    /// <summary>The rates by short name (<c>weight</c>, <c>bias</c>), in registration order.</summary>
    public IEnumerable<(string Name, Parameter Rate)> Rates
    {
        get
        {
            if (Weight is not null) yield return ("weight", Weight);
            if (Bias is not null) yield return ("bias", Bias);
        }
    }

    /// <summary>One learned rate for a whole layer (Meta-SGD per layer), initialised to <paramref name="initial"/>.</summary>
    public static Parameter Scalar(double initial) => new(tensor((float)initial));

    private static Parameter Shaped(long[] shape, double initial)
    {
        using var value = ((float)initial).ToScalar();
        return new(full(shape, value));
    }
}

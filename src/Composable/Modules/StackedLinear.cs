using Composable.Training;
using System;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Composable.Modules;

/// <summary>
/// <c>Stack</c> linear layers applied at once: inputs [Stack, B, In] → [Stack, B, Out] by one batched product
/// (<c>bmm</c>). Parameters <c>weight</c> [Stack, Out, In] and <c>bias</c> [Stack, Out], each slice initialised
/// like <c>nn.Linear</c>'s (uniform in ±1/√In), so a checkpoint reads like PyTorch's stacked experts.
/// </summary>
public sealed class StackedLinear : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly Parameter bias;

    /// <summary>Creates the stacked weights, drawing them from torch's generator.</summary>
    public StackedLinear(int stack, int inFeatures, int outFeatures) : base(nameof(StackedLinear))
    {
        var bound = 1.0 / Math.Sqrt(inFeatures);
        weight = new Parameter(empty(stack, outFeatures, inFeatures));
        bias = new Parameter(empty(stack, outFeatures));
        using (no_grad())
        {
            nn.init.uniform_(weight, -bound, bound);
            nn.init.uniform_(bias, -bound, bound);
        }
        RegisterComponents();
    }

    /// <summary>Weights [Stack, Out, In].</summary>
    public Parameter Weight => weight;

    /// <summary>Biases [Stack, Out].</summary>
    public Parameter Bias => bias;

    /// <summary>Inputs [Stack, B, In] → outputs [Stack, B, Out].</summary>
    // bmm then add, not baddbmm: TorchSharp 0.107's baddbmm (static and instance) hands libtorch its operands
    // out of order ("expanded size of the tensor must match") for these shapes.
    public override Tensor forward(Tensor input) => bmm(input, weight.transpose(1, 2)).add(bias.unsqueeze(1), Scalars.One);
}

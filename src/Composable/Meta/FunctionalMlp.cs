using System.Collections.Generic;
using Composable.Modules;
using static TorchSharp.torch;

namespace Composable.Meta;

/// <summary>
/// The MLP of a meta-learning declaration as pure functions of an explicit <see cref="ParameterSet"/>: hidden
/// layers <c>layer_0</c>…<c>layer_{n−1}</c> with the activation, then <c>head</c>. <see cref="Forward"/> runs one
/// task; <see cref="ForwardBatched"/> runs T tasks at once, each with its own weights, as batched matrix products.
/// </summary>
public static class FunctionalMlp
{
    /// <summary>Outputs [B, out] of one network with parameters <paramref name="parameters"/> on inputs [B, in].</summary>
    public static Tensor Forward(ParameterSet parameters, Tensor input, int hiddenLayers, Activation activation)
    {
        var h = input;
        for (var i = 0; i < hiddenLayers; i++)
        {
            var name = LayerNames.Hidden(i);
            h = Activations.Apply(activation, nn.functional.linear(h, parameters[name + ".weight"], parameters[name + ".bias"]));
        }
        return nn.functional.linear(h, parameters[LayerNames.SharedHead + ".weight"], parameters[LayerNames.SharedHead + ".bias"]);
    }

    /// <summary>
    /// Outputs [T, B, out] of T networks on inputs [T, B, in]: <paramref name="stacked"/> holds weights [T, out, in]
    /// and biases [T, out]; each layer is one <c>baddbmm(bias, h, Wᵀ)</c> over the task dimension.
    /// </summary>
    public static Tensor ForwardBatched(ParameterSet stacked, Tensor input, int hiddenLayers, Activation activation) =>
        HeadBatched(stacked, BodyBatched(stacked, input, hiddenLayers, activation));

    /// <summary>Features [T, B, width] of the hidden layers (the body) of T networks on inputs [T, B, in].</summary>
    public static Tensor BodyBatched(ParameterSet stacked, Tensor input, int hiddenLayers, Activation activation)
    {
        var h = input;
        for (var i = 0; i < hiddenLayers; i++)
            h = Activations.Apply(activation, Linear(stacked, LayerNames.Hidden(i), h));
        return h;
    }

    /// <summary>Outputs [T, B, out] of the heads of T networks on body features [T, B, width].</summary>
    public static Tensor HeadBatched(ParameterSet stacked, Tensor features) => Linear(stacked, LayerNames.SharedHead, features);

    private static Tensor Linear(ParameterSet stacked, string layer, Tensor h) =>
        Baddbmm(stacked[layer + ".bias"].unsqueeze(1), h, stacked[layer + ".weight"].transpose(1, 2));

    /// <summary>
    /// input + batch1 @ batch2, as PyTorch's <c>torch.baddbmm(input, batch1, batch2)</c>. Measured on TorchSharp
    /// 0.107: both <c>torch.baddbmm(input, b1, b2)</c> and <c>input.baddbmm(b1, b2)</c> compute <c>b2 + input @ b1</c>
    /// (the binding passes its receiver as batch1), so the call is spelled <c>b1.baddbmm(b2, input)</c>; a test pins
    /// this, so an upgrade that fixes the binding fails loudly instead of silently changing results.
    /// </summary>
    public static Tensor Baddbmm(Tensor input, Tensor batch1, Tensor batch2) => batch1.baddbmm(batch2, input);

    /// <summary>The layer names of a network with <paramref name="hiddenLayers"/> hidden layers, in order.</summary>
    public static IEnumerable<string> LayerNamesOf(int hiddenLayers)
    {
        for (var i = 0; i < hiddenLayers; i++) yield return LayerNames.Hidden(i);
        yield return LayerNames.SharedHead;
    }
}

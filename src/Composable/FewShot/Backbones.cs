using System;
using Composable.FewShot.Metric;
using static TorchSharp.torch;

namespace Composable.FewShot;

/// <summary>The run-time modules of declared backbones, and the widths a declaration implies.</summary>
public static class Backbones
{
    /// <summary>A fresh <see cref="MlpEmbedding"/> or <see cref="ConvEmbedding"/> for <paramref name="backbone"/> (weights from torch's generator).</summary>
    public static nn.Module<Tensor, Tensor> Create(Backbone backbone) => backbone switch
    {
        MlpBackbone mlp => new MlpEmbedding(mlp.Input.Width, mlp.Layers, mlp.Activation),
        ConvBackbone conv => new ConvEmbedding(conv),
        _ => throw new ArgumentOutOfRangeException(nameof(backbone), backbone, "Unknown backbone."),
    };

    /// <summary>Features per input row: the MLP's input width, or channels × height × width of the image.</summary>
    public static int InputWidth(Backbone backbone) => FineTuningPlan.InputWidthOf(backbone);

    /// <summary>Embedding width: the MLP's last layer, or the convolutional backbone's (<see cref="ConvPlan.EmbeddingWidthOf"/>).</summary>
    public static int EmbeddingWidth(Backbone backbone) => backbone switch
    {
        MlpBackbone mlp => mlp.Layers[mlp.Layers.Count - 1],
        ConvBackbone conv => ConvPlan.EmbeddingWidthOf(conv),
        _ => throw new ArgumentOutOfRangeException(nameof(backbone), backbone, "Unknown backbone."),
    };

    /// <summary>
    /// Throws unless <paramref name="inputs"/> are rows of <paramref name="backbone"/>'s input width, naming the
    /// tensor's shape and the declaration.
    /// </summary>
    public static void CheckInputs(Backbone backbone, Tensor inputs, string name)
    {
        var width = InputWidth(backbone);
        if (inputs.shape.Length != 2 || inputs.shape[1] != width)
            throw new ArgumentException(
                $"The {name} have shape [{string.Join(", ", inputs.shape)}] but the backbone {backbone} takes rows of {width} features; expected [rows, {width}].",
                name);
    }
}

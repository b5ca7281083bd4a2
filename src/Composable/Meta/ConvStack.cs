using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Composable.Meta;

/// <summary>
/// The network <see cref="FunctionalConv"/> runs: the blocks <c>block_i</c> of a declared <see cref="ConvBackbone"/>
/// (convolution → normalisation → ReLU → pooling, as <see cref="ConvPlan"/> plans them), then a linear <c>head</c>
/// with <paramref name="Outputs"/> outputs on the flattened (or globally averaged) last feature map. Parameter names
/// are the state-dict names of <see cref="FewShot.Metric.ConvEmbedding"/> built from the same backbone
/// (<c>block_0.conv.weight</c>, <c>block_0.conv.bias</c>, <c>block_0.norm.weight</c>, <c>block_0.norm.bias</c>, …) and
/// of <see cref="FunctionalMlp"/>'s head (<c>head.weight</c>, <c>head.bias</c>). Batch norm always normalises with the
/// statistics of the batch it is given, as MAML uses it: no running statistics.
/// </summary>
/// <param name="Backbone">The declared blocks (image shape, channels, kernel, padding, pooling, norm, readout).</param>
/// <param name="Outputs">Outputs of the head (N for N-way classification); positive.</param>
public sealed record ConvStack(ConvBackbone Backbone, int Outputs)
{
    /// <summary>ε added to the variance by every norm, as <c>nn.BatchNorm2d</c>'s and <c>nn.GroupNorm</c>'s default.</summary>
    public const double NormEpsilon = 1e-5;

    /// <summary>The usual few-shot stack: <paramref name="Blocks"/> blocks of <paramref name="Channels"/> channels (3×3 convolutions, batch norm, 2×2 max-pooling) on <paramref name="Input"/>.</summary>
    public ConvStack(Image Input, int Outputs, int Blocks = 4, int Channels = 64)
        : this(new ConvBackbone(Input, Blocks, Channels), Outputs)
    {
    }

    /// <summary>Image shape (channels, height, width).</summary>
    public Image Input => Backbone.Input;

    /// <summary>Number of blocks (the count of the declared widths, or Blocks).</summary>
    public int Blocks => ConvPlan.BlockCount(Backbone);

    /// <summary>Channels of every block (without declared widths).</summary>
    public int Channels => Backbone.Channels;

    /// <summary>The feature map after each block, input side first.</summary>
    public IReadOnlyList<FeatureMapPlan> FeatureMaps => ConvPlan.FeatureMapsOf(Backbone);

    /// <summary>Width of the body's output, the head's input: the flattened last feature map, or Channels under global average pooling.</summary>
    public int Features => ConvPlan.EmbeddingWidthOf(Backbone);

    /// <summary>Elements of one flattened image, C·H·W.</summary>
    public int ImageSize => Input.Channels * Input.Height * Input.Width;

    /// <summary>The zero padding of every convolution.</summary>
    public int Padding => ConvPlan.PaddingOf(Backbone);

    /// <summary>The state-dict name of block <paramref name="index"/>: <c>block_0</c>.</summary>
    public static string Block(int index) => ConvPlan.Block(index);

    /// <summary>Every parameter of one network with its shape, in the order <see cref="FewShot.Metric.ConvEmbedding"/> then <c>nn.Linear</c> register them.</summary>
    public IReadOnlyList<(string Name, long[] Shape)> ParameterShapes =>
        ConvPlan.LayersOf(null, Backbone)
            .Append(new LayerPlan(LayerNames.SharedHead, LayerKind.Linear, Features, Outputs))
            .SelectMany(layer => layer.Parameters)
            .Select(p => (p.Name, p.Shape.Select(d => (long)d).ToArray()))
            .ToArray();

    /// <summary>Parameter names in order (see <see cref="ParameterShapes"/>).</summary>
    public IReadOnlyList<string> ParameterNames => ParameterShapes.Select(p => p.Name).ToArray();

    // Only the declared members: the derived shapes would print as type names.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"Backbone = {Backbone}, Outputs = {Outputs}");
        return true;
    }

    /// <summary>Throws when the backbone breaks a rule of <see cref="ConvRules"/> (the declaration's, the same at run time) or the head has no outputs.</summary>
    /// <exception cref="ArgumentException">The stack cannot be built; the message names the setting.</exception>
    public void ThrowIfInvalid()
    {
        if (Backbone is null) throw new ArgumentException("A convolutional stack needs a backbone.", nameof(Backbone));
        var problems = ConvRules.Problems(Backbone).ToList();
        if (Outputs <= 0) problems.Add($"Outputs is {Outputs}; it must be positive");
        if (problems.Count > 0)
            throw new ArgumentException($"Invalid convolutional stack {this}: {string.Join("; ", problems)}");
    }
}

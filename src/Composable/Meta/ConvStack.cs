using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace Composable.Meta;

/// <summary>
/// The network <see cref="FunctionalConv"/> runs: <paramref name="Blocks"/> blocks <c>block_i</c> of 3×3 convolution
/// (padding 1) → normalisation → 2×2 max-pool → ReLU with <paramref name="Channels"/> channels each, the usual
/// few-shot backbone of <see cref="FewShot.Metric.ConvEmbedding"/>, then a linear <c>head</c> with
/// <paramref name="Outputs"/> outputs on the flattened last feature map. Parameter names are the state-dict names of
/// <see cref="FewShot.Metric.ConvEmbedding"/> (<c>block_0.conv.weight</c>, <c>block_0.conv.bias</c>,
/// <c>block_0.norm.weight</c>, <c>block_0.norm.bias</c>, …) and of <see cref="FunctionalMlp"/>'s head
/// (<c>head.weight</c>, <c>head.bias</c>).
/// </summary>
/// <param name="Input">Image shape (channels, height, width).</param>
/// <param name="Outputs">Outputs of the head (N for N-way classification); positive.</param>
/// <param name="Blocks">Number of blocks; each halves height and width (rounding down), which must stay at least 1.</param>
/// <param name="Channels">Channels of every block; positive.</param>
/// <param name="Normalization">Batch norm with batch statistics (MAML's), or none.</param>
public sealed record ConvStack(ImageShape Input, int Outputs, int Blocks = 4, int Channels = 64,
    ConvNormalization Normalization = ConvNormalization.BatchStatistics)
{
    /// <summary>Side of every convolution's square kernel.</summary>
    public const int KernelSize = 3;

    /// <summary>Zero padding on every side of every convolution (so a convolution keeps height and width).</summary>
    public const int Padding = 1;

    /// <summary>Side and stride of every max-pool's square window.</summary>
    public const int PoolSize = 2;

    /// <summary>ε added to the batch variance, as <c>nn.BatchNorm2d</c>'s default.</summary>
    public const double BatchNormEpsilon = 1e-5;

    /// <summary>The stack of a declared convolutional backbone with a head of <paramref name="outputs"/> outputs.</summary>
    public static ConvStack Of(ConvBackbone backbone, int outputs, ConvNormalization normalization = ConvNormalization.BatchStatistics)
    {
        ArgumentNullException.ThrowIfNull(backbone);
        return new ConvStack(backbone.Input, outputs, backbone.Blocks, backbone.Channels, normalization);
    }

    /// <summary>Height of the last feature map.</summary>
    public int FeatureHeight => Input.Height >> Blocks;

    /// <summary>Width of the last feature map.</summary>
    public int FeatureWidth => Input.Width >> Blocks;

    /// <summary>Width of the flattened last feature map, the head's input.</summary>
    public int Features => Channels * FeatureHeight * FeatureWidth;

    /// <summary>Elements of one flattened image, C·H·W.</summary>
    public int ImageSize => Input.Channels * Input.Height * Input.Width;

    /// <summary>The state-dict name of block <paramref name="index"/>: <c>block_0</c>.</summary>
    public static string Block(int index) => $"block_{index}";

    /// <summary>Every parameter of one network with its shape, in the order <see cref="FewShot.Metric.ConvEmbedding"/> then <c>nn.Linear</c> register them.</summary>
    public IReadOnlyList<(string Name, long[] Shape)> ParameterShapes
    {
        get
        {
            var shapes = new List<(string, long[])>();
            var previous = Input.Channels;
            for (var i = 0; i < Blocks; i++)
            {
                shapes.Add((Block(i) + ".conv.weight", [Channels, previous, KernelSize, KernelSize]));
                shapes.Add((Block(i) + ".conv.bias", [Channels]));
                if (Normalization == ConvNormalization.BatchStatistics)
                {
                    shapes.Add((Block(i) + ".norm.weight", [Channels]));
                    shapes.Add((Block(i) + ".norm.bias", [Channels]));
                }
                previous = Channels;
            }
            shapes.Add((LayerNames.SharedHead + ".weight", [Outputs, Features]));
            shapes.Add((LayerNames.SharedHead + ".bias", [Outputs]));
            return shapes;
        }
    }

    /// <summary>Parameter names in order (see <see cref="ParameterShapes"/>).</summary>
    public IReadOnlyList<string> ParameterNames => ParameterShapes.Select(p => p.Name).ToArray();

    // Only the declared members: the derived shapes would print as type names.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"Input = {Input}, Outputs = {Outputs}, Blocks = {Blocks}, Channels = {Channels}, Normalization = {Normalization}");
        return true;
    }

    /// <summary>Throws when a size is not positive or the blocks do not fit the image.</summary>
    /// <exception cref="ArgumentException">The stack cannot be built; the message names the setting.</exception>
    public void ThrowIfInvalid()
    {
        if (Input is null) throw new ArgumentException("A convolutional stack needs an input image shape.", nameof(Input));
        var problems = new List<string>();
        if (Input.Channels <= 0 || Input.Height <= 0 || Input.Width <= 0)
            problems.Add($"the image shape {Input.Channels}×{Input.Height}×{Input.Width} must be positive");
        else if (Blocks >= 1 && !FewShotRules.ConvFits(Input, Blocks))
            problems.Add($"{Blocks} blocks each halve the image, so a {Input.Height}×{Input.Width} image shrinks below 1×1");
        if (Blocks < 1) problems.Add($"Blocks is {Blocks}; it needs at least 1");
        if (Channels <= 0) problems.Add($"Channels is {Channels}; it must be positive");
        if (Outputs <= 0) problems.Add($"Outputs is {Outputs}; it must be positive");
        if (problems.Count > 0)
            throw new ArgumentException($"Invalid convolutional stack {this}: {string.Join("; ", problems)}.");
    }
}

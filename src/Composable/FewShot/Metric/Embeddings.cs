using System;
using System.Collections.Generic;
using Composable.Modules;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Composable.FewShot.Metric;

/// <summary>
/// An MLP embedding: the declared hidden layers <c>layer_0</c>…<c>layer_{n−1}</c> (each linear, then the activation
/// except after the last), mapping inputs [B, in] to embeddings [B, widths[^1]].
/// </summary>
public sealed class MlpEmbedding : nn.Module<Tensor, Tensor>
{
    private readonly List<Linear> _layers = new();
    private readonly Activation _activation;

    /// <summary>An embedding from <paramref name="inputWidth"/> features through <paramref name="widths"/>.</summary>
    public MlpEmbedding(int inputWidth, IReadOnlyList<int> widths, Activation activation = Activation.Relu) : base("MlpEmbedding")
    {
        if (widths.Count == 0) throw new ArgumentException("At least one layer.", nameof(widths));
        _activation = activation;
        var previous = inputWidth;
        for (var i = 0; i < widths.Count; i++)
        {
            var linear = nn.Linear(previous, widths[i]);
            _layers.Add(linear);
            register_module(LayerNames.Hidden(i), linear);
            previous = widths[i];
        }
        OutputWidth = previous;
    }

    /// <summary>Embedding width.</summary>
    public int OutputWidth { get; }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        var h = input;
        for (var i = 0; i < _layers.Count; i++)
        {
            h = _layers[i].forward(h);
            if (i < _layers.Count - 1) h = Activations.Apply(_activation, h);
        }
        return h;
    }

    /// <summary>Disposes the layers, their native modules included (<see cref="NativeModules"/>).</summary>
    protected override void Dispose(bool disposing) => NativeModules.Dispose(this, disposing, base.Dispose);
}

/// <summary>
/// A declared <see cref="ConvBackbone"/> as a module: blocks <c>block_i</c> of convolution → norm → ReLU → pooling
/// (<see cref="ConvPlan"/>), then the last map flattened or averaged per channel. With the defaults it is the usual
/// few-shot backbone (Vinyals et al. 2016; Snell et al. 2017): four blocks of 3×3 convolution (padding 1) → batch
/// norm → ReLU → 2×2 max-pool with 64 channels, 64-wide embeddings on 28×28 inputs. Flattened rows [B, C·H·W] are
/// viewed as images [B, C, H, W] first. State-dict names: <c>block_0.conv.weight</c>, <c>block_0.norm.weight</c>,
/// <c>block_0.norm.running_mean</c> (batch norm), …. Batch norm keeps running statistics for evaluation, as
/// <c>nn.BatchNorm2d</c> does; group and layer norm normalise each example on its own.
/// </summary>
/// <remarks>
/// A max-pooling block pools before the ReLU (in place): max-pooling commutes with a monotone function, so the values
/// are the same, and so are the gradients (a pooled maximum ≤ 0 passes no gradient either way), while the ReLU runs
/// on a quarter of the elements and allocates nothing. An average-pooling block applies the ReLU first. Each
/// intermediate's handle is released as soon as the next op has used it, so backward frees the activations it no
/// longer needs as it goes, as in PyTorch, instead of holding every one until the step's dispose scope ends.
/// </remarks>
public sealed class ConvEmbedding : nn.Module<Tensor, Tensor>
{
    private readonly List<ConvEmbeddingBlock> _blocks = new();
    private readonly ConvBackbone _backbone;

    /// <summary>The usual few-shot backbone for images of <paramref name="inputChannels"/>×<paramref name="height"/>×<paramref name="width"/>.</summary>
    /// <param name="inputChannels">Input channels (1 for glyphs).</param>
    /// <param name="height">Image height.</param>
    /// <param name="width">Image width.</param>
    /// <param name="channels">Channels of every block.</param>
    /// <param name="blocks">Number of blocks.</param>
    public ConvEmbedding(int inputChannels, int height, int width, int channels = 64, int blocks = 4)
        : this(new ConvBackbone(new Image(inputChannels, height, width), blocks, channels))
    {
    }

    /// <summary>The network of <paramref name="backbone"/>; weights drawn from torch's generator as PyTorch's modules draw them.</summary>
    /// <exception cref="ArgumentException">The backbone breaks a rule of <see cref="ConvRules"/>; the message names the setting.</exception>
    public ConvEmbedding(ConvBackbone backbone) : base("ConvEmbedding")
    {
        ArgumentNullException.ThrowIfNull(backbone);
        var problems = ConvRules.Problems(backbone);
        if (problems.Count > 0)
            throw new ArgumentException($"Invalid convolutional backbone {backbone}: {string.Join("; ", problems)}", nameof(backbone));
        _backbone = backbone;
        var previous = backbone.Input.Channels;
        var widths = ConvPlan.WidthsOf(backbone);
        for (var i = 0; i < widths.Count; i++)
        {
            var block = new ConvEmbeddingBlock(backbone, previous, widths[i]);
            _blocks.Add(block);
            register_module(ConvPlan.Block(i), block);
            previous = widths[i];
        }
        OutputWidth = ConvPlan.EmbeddingWidthOf(backbone);
    }

    /// <summary>Embedding width (channels × last height × last width, or channels under global average pooling).</summary>
    public int OutputWidth { get; }

    /// <summary>The number of blocks.</summary>
    public int BlockCount => _blocks.Count;

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        var h = Images(input);
        foreach (var block in _blocks)
        {
            var next = block.forward(h);
            h.Dispose();
            h = next;
        }
        var embedded = Readout(h);
        h.Dispose();
        return embedded;
    }

    /// <summary>Rows of C·H·W floats (or images) as images [B, C, H, W] of the backbone's input: what block 0 reads.</summary>
    public Tensor Images(Tensor input)
    {
        var image = _backbone.Input;
        return input.reshape(-1, image.Channels, image.Height, image.Width);
    }

    /// <summary>Block <paramref name="index"/> on feature maps [B, C, H, W] (a network run block by block, as cross-stitched columns are); the input is left to the caller.</summary>
    public Tensor Block(int index, Tensor maps) => _blocks[index].forward(maps);

    /// <summary>The embedding of the last block's feature maps: flattened, or global-average-pooled.</summary>
    public Tensor Readout(Tensor maps) =>
        _backbone.Readout == BackboneReadout.GlobalAveragePool ? maps.mean(SpatialDimensions) : maps.flatten(1);

    private static readonly long[] SpatialDimensions = [2, 3];

    /// <summary>Disposes the layers, their native modules included (<see cref="NativeModules"/>).</summary>
    protected override void Dispose(bool disposing) => NativeModules.Dispose(this, disposing, base.Dispose);
}

/// <summary>
/// One block of a <see cref="ConvEmbedding"/>: <c>conv</c> → <c>norm</c> → ReLU → pooling, or a residual block
/// (<c>conv1</c>/<c>norm1</c> … <c>conv3</c>/<c>norm3</c> plus the 1×1 <c>shortcut</c>/<c>shortcut_norm</c> of its
/// input, summed, then ReLU and pooling). Its input is left to the caller to release.
/// </summary>
internal sealed class ConvEmbeddingBlock : nn.Module<Tensor, Tensor>
{
    private readonly List<(Conv2d Conv, nn.Module<Tensor, Tensor>? Norm)> _path = new();
    private readonly (Conv2d Conv, nn.Module<Tensor, Tensor>? Norm)? _shortcut;
    private readonly nn.Module<Tensor, Tensor>? _pool;
    private readonly bool _poolsFirst;
    private readonly Activation _activation;

    public ConvEmbeddingBlock(ConvBackbone backbone, long input, long output) : base("ConvEmbeddingBlock")
    {
        var (kernel, padding) = (backbone.Kernel, ConvPlan.PaddingOf(backbone));
        if (!backbone.Residual)
        {
            _path.Add(Part(backbone, "conv", "norm", input, output, kernel, padding));
        }
        else
        {
            for (var k = 1; k <= 3; k++)
                _path.Add(Part(backbone, $"conv{k}", $"norm{k}", k == 1 ? input : output, output, kernel, padding));
            _shortcut = Part(backbone, "shortcut", "shortcut_norm", input, output, 1, 0);
        }
        _pool = backbone.Pooling switch
        {
            BlockPooling.Max => nn.MaxPool2d(backbone.PoolSize),
            BlockPooling.Average => nn.AvgPool2d(backbone.PoolSize),
            _ => null,
        };
        _poolsFirst = ConvPlan.PoolsBeforeActivation(backbone);
        _activation = backbone.Activation;
    }

    private (Conv2d, nn.Module<Tensor, Tensor>?) Part(ConvBackbone backbone, string convName, string normName, long input, long output, int kernel, int padding)
    {
        var conv = nn.Conv2d(input, output, kernel, padding: padding);
        register_module(convName, conv);
        nn.Module<Tensor, Tensor>? norm = backbone.Norm switch
        {
            BlockNorm.Batch => NormLayers.BatchNorm2d(output),
            BlockNorm.Group or BlockNorm.Layer => NormLayers.GroupNorm(ConvPlan.NormGroupsOf(backbone), output),
            _ => null,
        };
        if (norm is not null) register_module(normName, norm);
        return (conv, norm);
    }

    public override Tensor forward(Tensor input)
    {
        Tensor? x = null;
        for (var k = 0; k < _path.Count; k++)
        {
            var next = Normalised(_path[k], x ?? input);
            x?.Dispose();
            // Inside a residual block the first two convolutions are followed by the activation; the last one's comes after the sum.
            x = k < _path.Count - 1 ? Activate(next) : next;
        }
        if (_shortcut is { } shortcut)
        {
            using var skipped = Normalised(shortcut, input);
            x = Replace(x!, x!.add(skipped, Training.Scalars.One));
        }
        if (_pool is null) return Activate(x!);
        if (_poolsFirst) return Activate(Replace(x!, _pool.forward(x!)));
        var activated = Activate(x!);
        return Replace(activated, _pool.forward(activated));
    }

    // The block's activation; ReLU in place, as the usual block runs it.
    private Tensor Activate(Tensor x) => _activation == Activation.Relu ? x.relu_() : Replace(x, Activations.Apply(_activation, x));

    private static Tensor Normalised((Conv2d Conv, nn.Module<Tensor, Tensor>? Norm) part, Tensor input)
    {
        var convolved = part.Conv.forward(input);
        return part.Norm is null ? convolved : Replace(convolved, part.Norm.forward(convolved));
    }

    // Releases the handle of an intermediate the next op has used.
    private static Tensor Replace(Tensor used, Tensor result)
    {
        used.Dispose();
        return result;
    }

    protected override void Dispose(bool disposing) => NativeModules.Dispose(this, disposing, base.Dispose);
}

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
/// The usual few-shot convolutional backbone (Vinyals et al. 2016; Snell et al. 2017): four
/// blocks of 3×3 convolution (padding 1) → batch norm → ReLU → 2×2 max-pool, 64 channels by default
/// each; flattened rows [B, C·H·W] are viewed as images [B, C, H, W] first. On 28×28 inputs four blocks leave 1×1,
/// so embeddings are 64-wide. State-dict names: <c>block_0.conv.weight</c>, <c>block_0.norm.running_mean</c>, ….
/// </summary>
/// <remarks>
/// The forward pools before the ReLU (in place): max-pooling commutes with a monotone function, so the values are the
/// same, and so are the gradients (a pooled maximum ≤ 0 passes no gradient either way), while the ReLU runs on a
/// quarter of the elements and allocates nothing. Each intermediate's handle is released as soon as the next op has
/// used it, so backward frees the activations it no longer needs as it goes, as in PyTorch, instead of holding every
/// one until the step's dispose scope ends.
/// </remarks>
public sealed class ConvEmbedding : nn.Module<Tensor, Tensor>
{
    // Each block's modules, typed, in forward order (the registered Sequential gives the state-dict names).
    private readonly List<(Conv2d Conv, BatchNorm2d Norm, MaxPool2d Pool)> _blocks = new();
    private readonly int _inputChannels;
    private readonly int _height;
    private readonly int _width;

    /// <summary>A backbone for images of <paramref name="inputChannels"/>×<paramref name="height"/>×<paramref name="width"/>.</summary>
    /// <param name="inputChannels">Input channels (1 for glyphs).</param>
    /// <param name="height">Image height.</param>
    /// <param name="width">Image width.</param>
    /// <param name="channels">Channels of every block.</param>
    /// <param name="blocks">Number of blocks.</param>
    public ConvEmbedding(int inputChannels, int height, int width, int channels = 64, int blocks = 4) : base("ConvEmbedding")
    {
        _inputChannels = inputChannels;
        _height = height;
        _width = width;
        var (h, w, previous) = (height, width, inputChannels);
        for (var i = 0; i < blocks; i++)
        {
            var (conv, norm, pool) = (nn.Conv2d(previous, channels, 3, padding: 1), NormLayers.BatchNorm2d(channels), nn.MaxPool2d(2));
            var block = nn.Sequential(("conv", conv), ("norm", norm), ("relu", nn.ReLU()), ("pool", pool));
            _blocks.Add((conv, norm, pool));
            register_module($"block_{i}", block);
            (h, w, previous) = (h / 2, w / 2, channels);
        }
        if (h < 1 || w < 1)
            throw new ArgumentException($"{blocks} pooling blocks do not fit a {height}×{width} image.", nameof(blocks));
        OutputWidth = channels * h * w;
    }

    /// <summary>Embedding width (channels × remaining height × remaining width).</summary>
    public int OutputWidth { get; }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        var h = input.reshape(-1, _inputChannels, _height, _width);
        foreach (var (conv, norm, pool) in _blocks)
        {
            var convolved = conv.forward(h);
            h.Dispose();
            var normalised = norm.forward(convolved);
            convolved.Dispose();
            h = pool.forward(normalised).relu_();
            normalised.Dispose();
        }
        var flat = h.flatten(1);
        h.Dispose();
        return flat;
    }

    /// <summary>Disposes the layers, their native modules included (<see cref="NativeModules"/>).</summary>
    protected override void Dispose(bool disposing) => NativeModules.Dispose(this, disposing, base.Dispose);
}

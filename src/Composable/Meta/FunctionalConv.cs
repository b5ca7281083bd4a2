using System;
using System.Linq;
using Composable.Modules;
using Composable.Training;
using static TorchSharp.torch;

namespace Composable.Meta;

/// <summary>
/// The convolutional network of a <see cref="ConvStack"/> as pure functions of an explicit <see cref="ParameterSet"/>
/// (fast weights never touch a module's state): <see cref="Forward"/> runs one task; <see cref="ForwardBatched"/>
/// runs T tasks at once, each with its own weights, as one grouped convolution per block. Batch norm uses the
/// statistics of the batch it is given, always (MAML's); group and layer norm normalise each example on its own.
/// </summary>
/// <remarks>
/// <para>
/// Task batching: the images of T tasks, [T, B, C, H, W], are laid side by side as channels, [B, T·C, H, W], and every
/// block's convolution is one <c>conv2d</c> with <c>groups: T</c> over the stacked weights viewed as
/// [T·C′, C, k, k], so task t's output channels see only task t's input channels. Batch norm over [B, T·C′, H, W]
/// normalises each channel with its own mean and biased variance over (B, H, W), which are exactly task t's
/// statistics for its channels; group norm of G groups over T·C′ channels runs as T·G groups, which are exactly each
/// task's G groups (its channels are contiguous), and layer norm as T groups; pooling and ReLU act per channel. The
/// flattened (or averaged) features of each task then go through <see cref="FunctionalMlp.HeadBatched"/>. Tests
/// check batched against per-task forwards, losses and second-order meta-gradients.
/// </para>
/// <para>
/// Max-pooling blocks pool before the ReLU, as <see cref="FewShot.Metric.ConvEmbedding"/> does: max-pooling commutes
/// with a monotone function, so values and gradients are the same while the ReLU runs on a quarter of the elements.
/// Average-pooling blocks apply the ReLU first, as declared (the two do not commute).
/// </para>
/// <para>
/// Cost on the CPU: batching replaces T ops per block by one, but on the CPU that does not pay for convolutions, so
/// measure before choosing. The second-order meta-step of 32 five-way one-shot tasks (15 queries) on the usual
/// backbone (64 channels on 28×28), 2 threads on a quiet 2-core machine (bench <c>--model conv-maml</c>, 2026-12-04):
/// 10–13 s task-batched against 4.9 s for <see cref="MetaTrainer"/>'s per-task loop, and PyTorch's hand-written
/// grouped form was 0.17× its own loop too. The ops that cost most batched are the grouped convolutions' backward
/// (first and second order) and the batch norm over the wide [B, T·64, 28, 28] map.
/// </para>
/// <para>
/// Stacked parameters for a meta-batch: <see cref="ParameterSet.Broadcast"/> of θ (a view, gradients sum back to θ)
/// or <see cref="ParameterSet.Stack"/> of per-task sets; <see cref="ParameterSet.Task"/> slices one task back out.
/// </para>
/// </remarks>
public static class FunctionalConv
{
    /// <summary>Logits [B, out] of one network with <paramref name="parameters"/> on <paramref name="images"/> [B, C, H, W] (or rows [B, C·H·W]).</summary>
    /// <exception cref="ArgumentException">A parameter or the images have the wrong shape or dtype; the message names the tensor and the expected shape.</exception>
    public static Tensor Forward(ConvStack stack, ParameterSet parameters, Tensor images) =>
        nn.functional.linear(Body(stack, parameters, images),
            parameters[LayerNames.SharedHead + ".weight"], parameters[LayerNames.SharedHead + ".bias"]);

    /// <summary>Features [B, <see cref="ConvStack.Features"/>] of the blocks (the body) of one network on images [B, C, H, W] (or rows [B, C·H·W]).</summary>
    /// <exception cref="ArgumentException">A parameter or the images have the wrong shape or dtype.</exception>
    public static Tensor Body(ConvStack stack, ParameterSet parameters, Tensor images)
    {
        ArgumentNullException.ThrowIfNull(stack);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(images);
        stack.ThrowIfInvalid();
        var rows = ConvShapes.Rows(stack, images, tasks: null);
        ConvShapes.ThrowIfParametersDoNotFit(stack, parameters, tasks: null, images);
        var h = images.reshape(rows, stack.Input.Channels, stack.Input.Height, stack.Input.Width);
        for (var i = 0; i < stack.Blocks; i++)
            h = RunBlock(stack.Backbone, parameters, ConvStack.Block(i), h, tasks: 1, stacked: false);
        return stack.Backbone.Readout == BackboneReadout.GlobalAveragePool ? h.mean(SpatialDimensions) : h.flatten(1);
    }

    /// <summary>
    /// Logits [T, B, out] of T networks on images [T, B, C, H, W] (or rows [T, B, C·H·W]): <paramref name="stacked"/>
    /// holds every parameter with a leading task dimension ([T, C′, C, 3, 3], [T, C′], …, [T, out, features]),
    /// e.g. <see cref="ParameterSet.Broadcast"/> of θ or <see cref="ParameterSet.Stack"/> of per-task sets.
    /// </summary>
    /// <exception cref="ArgumentException">A parameter or the images have the wrong shape or dtype, or the task counts differ.</exception>
    public static Tensor ForwardBatched(ConvStack stack, ParameterSet stacked, Tensor images) =>
        FunctionalMlp.HeadBatched(stacked, BodyBatched(stack, stacked, images));

    /// <summary>Features [T, B, <see cref="ConvStack.Features"/>] of the blocks of T networks on images [T, B, C, H, W] (or rows [T, B, C·H·W]).</summary>
    /// <exception cref="ArgumentException">A parameter or the images have the wrong shape or dtype, or the task counts differ.</exception>
    public static Tensor BodyBatched(ConvStack stack, ParameterSet stacked, Tensor images)
    {
        ArgumentNullException.ThrowIfNull(stack);
        ArgumentNullException.ThrowIfNull(stacked);
        ArgumentNullException.ThrowIfNull(images);
        stack.ThrowIfInvalid();
        var tasks = ConvShapes.Tasks(images);
        var rows = ConvShapes.Rows(stack, images, tasks);
        ConvShapes.ThrowIfParametersDoNotFit(stack, stacked, tasks, images);
        var (c, height, width) = (stack.Input.Channels, stack.Input.Height, stack.Input.Width);
        // Tasks side by side as channel groups: [T, B, C, H, W] → [B, T·C, H, W].
        var h = images.reshape(tasks, rows, c, height, width).transpose(0, 1).reshape(rows, tasks * c, height, width);
        for (var i = 0; i < stack.Blocks; i++)
            h = RunBlock(stack.Backbone, stacked, ConvStack.Block(i), h, tasks, stacked: true);
        // [B, T·C′, h, w] → [T, B, C′·h·w]: each task's features flattened channel-major, as Body's flatten(1); or
        // averaged first, [B, T·C′] → [T, B, C′].
        if (stack.Backbone.Readout == BackboneReadout.GlobalAveragePool) h = h.mean(SpatialDimensions);
        return h.reshape(rows, tasks, stack.Features).transpose(0, 1);
    }

    /// <summary>
    /// θ of one network, drawn from <paramref name="generator"/> as PyTorch initialises the modules: each convolution
    /// and the head as <c>nn.Conv2d</c> and <c>nn.Linear</c> (weights Kaiming-uniform with a = √5, biases uniform in
    /// ±1/√fan-in), batch norm's scale 1 and shift 0; drawn in float32 in parameter order, then converted to
    /// <paramref name="dtype"/> and moved to <paramref name="device"/>. From a generator seeded s the values equal
    /// those of a <see cref="FewShot.Metric.ConvEmbedding"/> and an <c>nn.Linear</c> head built after
    /// <c>manual_seed(s)</c>. Every tensor is a fresh leaf requiring gradients.
    /// </summary>
    /// <exception cref="ArgumentException">The stack is invalid.</exception>
    public static ParameterSet InitialParameters(ConvStack stack, Generator generator, ScalarType dtype = ScalarType.Float32, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(stack);
        ArgumentNullException.ThrowIfNull(generator);
        stack.ThrowIfInvalid();
        var shapes = stack.ParameterShapes;
        var norms = ConvPlan.LayersOf(null, stack.Backbone).Where(l => l.Kind is LayerKind.BatchNorm or LayerKind.GroupNorm)
            .SelectMany(l => l.Parameters).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var tensors = new Tensor[shapes.Count];
        var fanIn = 0L;
        for (var i = 0; i < shapes.Count; i++)
        {
            var (name, shape) = shapes[i];
            var isNorm = norms.Contains(name);
            // A layer's weight comes before its bias, whose bound is the weight's fan-in.
            if (!isNorm && name.EndsWith(".weight", StringComparison.Ordinal)) fanIn = shape.Skip(1).Aggregate(1L, (a, b) => a * b);
            using var drawn = Initial(name, shape, fanIn, isNorm, generator);
            tensors[i] = drawn.to(dtype, device ?? CPU).detach().requires_grad_(true);
        }
        return new ParameterSet(shapes.Select(p => p.Name).ToArray(), tensors);
    }

    /// <summary>θ of one network drawn from a CPU generator seeded with <paramref name="seed"/> (see the overload with a generator).</summary>
    /// <exception cref="ArgumentException">The stack is invalid.</exception>
    public static ParameterSet InitialParameters(ConvStack stack, long seed, ScalarType dtype = ScalarType.Float32, Device? device = null)
    {
        using var generator = new Generator(unchecked((ulong)seed));
        return InitialParameters(stack, generator, dtype, device);
    }

    private static Tensor Initial(string name, long[] shape, long fanIn, bool isNorm, Generator generator)
    {
        var tensor = empty(shape, ScalarType.Float32);
        if (isNorm)
            return name.EndsWith(".weight", StringComparison.Ordinal) ? tensor.fill_(Scalars.One) : tensor.zero_();
        // Bounds computed as libtorch's kaiming_uniform_(w, a: √5) and nn.Conv2d/nn.Linear's bias init compute them,
        // so that the same generator state gives the same values to the last bit.
        var bound = name.EndsWith(".bias", StringComparison.Ordinal)
            ? 1 / Math.Sqrt(fanIn)
            : Math.Sqrt(3.0) * (Math.Sqrt(2.0 / (1 + Math.Pow(Math.Sqrt(5), 2))) / Math.Sqrt(fanIn));
        // Tensor.uniform_, not nn.init.uniform_: TorchSharp 0.107's init.uniform_ ignores its generator argument.
        return tensor.uniform_(-bound, bound, generator);
    }

    private static readonly long[] SpatialDimensions = [2, 3];

    /// <summary>
    /// One block on <paramref name="h"/>: its convolution and norm (a residual block: three of them, a ReLU after the
    /// first two, plus the 1×1 shortcut and its norm of the block's input), then the activation and the pooling.
    /// <paramref name="stacked"/>: the parameters have a leading task dimension and the <paramref name="tasks"/> tasks'
    /// channels lie side by side, so every convolution is grouped by task and every norm sees T times its groups.
    /// </summary>
    private static Tensor RunBlock(ConvBackbone backbone, ParameterSet parameters, string block, Tensor h, int tasks, bool stacked)
    {
        var (kernel, padding) = (backbone.Kernel, ConvPlan.PaddingOf(backbone));
        Tensor Part(string conv, string norm, Tensor x, int size, int pad) =>
            Normalize(backbone, parameters, block + "." + norm, Convolve(parameters, block + "." + conv, x, size, pad, tasks, stacked), tasks);
        if (!backbone.Residual) return ActivatePool(backbone, Part("conv", "norm", h, kernel, padding));
        var x = h;
        for (var k = 1; k <= 3; k++)
        {
            x = Part($"conv{k}", $"norm{k}", x, kernel, padding);
            if (k < 3) x = Activations.Apply(backbone.Activation, x);
        }
        return ActivatePool(backbone, x.add(Part("shortcut", "shortcut_norm", h, 1, 0), Scalars.One));
    }

    private static Tensor Convolve(ParameterSet parameters, string layer, Tensor x, int kernel, int padding, int tasks, bool stacked)
    {
        var (weight, bias) = (parameters[layer + ".weight"], parameters[layer + ".bias"]);
        var pad = new long[] { padding, padding };
        return stacked
            ? nn.functional.conv2d(x, weight.reshape(-1, weight.shape[2], kernel, kernel), bias.reshape(-1), padding: pad, groups: tasks)
            : nn.functional.conv2d(x, weight, bias, padding: pad);
    }

    /// <summary>The declared norm of <paramref name="x"/> (none: <paramref name="x"/> itself); per-task scales and shifts flattened to the side-by-side channels.</summary>
    private static Tensor Normalize(ConvBackbone backbone, ParameterSet parameters, string norm, Tensor x, int tasks) => backbone.Norm switch
    {
        BlockNorm.Batch => nn.functional.batch_norm(x, null, null, parameters[norm + ".weight"].reshape(-1), parameters[norm + ".bias"].reshape(-1),
            training: true, eps: ConvStack.NormEpsilon),
        BlockNorm.Group or BlockNorm.Layer => nn.functional.group_norm(x, (long)tasks * ConvPlan.NormGroupsOf(backbone),
            parameters[norm + ".weight"].reshape(-1), parameters[norm + ".bias"].reshape(-1), ConvStack.NormEpsilon),
        _ => x,
    };

    /// <summary>The activation and the pooling, in the order <see cref="ConvPlan.PoolsBeforeActivation"/> gives.</summary>
    private static Tensor ActivatePool(ConvBackbone backbone, Tensor x)
    {
        var window = new long[] { backbone.PoolSize, backbone.PoolSize };
        if (ConvPlan.PoolsBeforeActivation(backbone)) return Activations.Apply(backbone.Activation, nn.functional.max_pool2d(x, window));
        var activated = Activations.Apply(backbone.Activation, x);
        return backbone.Pooling switch
        {
            BlockPooling.Max => nn.functional.max_pool2d(activated, window),
            BlockPooling.Average => nn.functional.avg_pool2d(activated, window),
            _ => activated,
        };
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using Composable.FewShot.Metric;
using Composable.Meta;
using Composable.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Composable.Tests.Meta;

public class FunctionalConvTests : IDisposable
{
    // Raw convolutions back-propagated outside any trainer step, through layers oneDNN would pad: held on the native
    // kernels so that another test class's oneDNN training step cannot switch them meanwhile (CpuKernels.Hold).
    private readonly ConvolutionLease _native = CpuKernels.Hold(ConvolutionKernels.Native);

    /// <summary>Ends the hold on the native kernels.</summary>
    public void Dispose()
    {
        _native.Dispose();
        GC.SuppressFinalize(this);
    }

    private const int Tasks = 3;
    private const int Ways = 5;
    private const double InnerRate = 0.4;

    private static ConvStack Stack(BlockNorm norm = BlockNorm.Batch) =>
        new(new ConvBackbone(new Image(1, 12, 12), Blocks: 2, Channels: 6, Norm: norm), Outputs: Ways);

    /// <summary>Block settings beside the usual ones, by name: every norm, pooling and readout, and a kernel with its own padding.</summary>
    private static ConvStack Variant(string name)
    {
        var usual = new ConvBackbone(new Image(1, 12, 12), Blocks: 2, Channels: 6);
        var backbone = name switch
        {
            "usual" => usual,
            "no norm" => usual with { Norm = BlockNorm.None },
            "group norm" => usual with { Norm = BlockNorm.Group, NormGroups = 3 },
            "layer norm" => usual with { Norm = BlockNorm.Layer },
            "average pooling" => usual with { Pooling = BlockPooling.Average },
            "no pooling, 5x5 kernel, padding 1" => usual with { Pooling = BlockPooling.None, Kernel = 5, Padding = 1 },
            "3x3 pools, global average pool" => usual with { PoolSize = 3, Readout = BackboneReadout.GlobalAveragePool },
            "declared widths" => new ConvBackbone(usual.Input, Widths: [3, 5]),
            "residual, declared widths, group norm" => new ConvBackbone(usual.Input, Widths: [4, 6], Residual: true, Norm: BlockNorm.Group, NormGroups: 2),
            "residual, batch norm, global average pool" => usual with { Residual = true, Readout = BackboneReadout.GlobalAveragePool },
            "leaky relu after max pooling" => usual with { Activation = Activation.LeakyRelu },
            "residual, gelu before max pooling" => usual with { Residual = true, Activation = Activation.Gelu },
            "tanh, average pooling" => usual with { Activation = Activation.Tanh, Pooling = BlockPooling.Average },
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
        };
        return new ConvStack(backbone, Ways);
    }

    public static TheoryData<string> Variants => new()
    {
        "usual", "no norm", "group norm", "layer norm", "average pooling", "no pooling, 5x5 kernel, padding 1", "3x3 pools, global average pool",
        "declared widths", "residual, declared widths, group norm", "residual, batch norm, global average pool",
        "leaky relu after max pooling", "residual, gelu before max pooling", "tanh, average pooling",
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void Batched_forward_equals_per_task_forwards_in_float64(string variant)
    {
        using var scope = NewDisposeScope();
        var stack = Variant(variant);
        var perTask = Enumerable.Range(0, Tasks).Select(t => FunctionalConv.InitialParameters(stack, 10 + t, ScalarType.Float64)).ToArray();
        var images = Images(Tasks, 5, 1, ScalarType.Float64);
        var batched = FunctionalConv.ForwardBatched(stack, ParameterSet.Stack(perTask), images);
        Assert.Equal(new long[] { Tasks, 5, Ways }, batched.shape);
        for (var t = 0; t < Tasks; t++)
            AssertClose(FunctionalConv.Forward(stack, perTask[t], images[t]), batched[t], 1e-10);
    }

    [Fact]
    public void Batched_forward_equals_per_task_forwards_in_float32_and_on_flattened_rows()
    {
        using var scope = NewDisposeScope();
        var stack = Stack();
        var perTask = Enumerable.Range(0, Tasks).Select(t => FunctionalConv.InitialParameters(stack, 20 + t)).ToArray();
        var images = Images(Tasks, 5, 2, ScalarType.Float32);
        var batched = FunctionalConv.ForwardBatched(stack, ParameterSet.Stack(perTask), images);
        AssertClose(batched, FunctionalConv.ForwardBatched(stack, ParameterSet.Stack(perTask), images.reshape(Tasks, 5, 144)), 0);
        for (var t = 0; t < Tasks; t++)
            AssertClose(FunctionalConv.Forward(stack, perTask[t], images[t].reshape(5, 144)), batched[t], 1e-5);
    }

    [Fact]
    public void Batch_norm_without_running_statistics_normalises_with_the_batch_mean_and_biased_variance()
    {
        // The TorchSharp behaviour the batched forward relies on: null running statistics are accepted in training
        // mode, and each channel of [B, T·C, H, W] is normalised over (B, H, W) with the biased variance.
        using var scope = NewDisposeScope();
        manual_seed(3);
        var x = randn(new long[] { 4, 6, 5, 5 }, ScalarType.Float64);
        var (weight, bias) = (randn(new long[] { 6 }, ScalarType.Float64), randn(new long[] { 6 }, ScalarType.Float64));
        var normalised = nn.functional.batch_norm(x, null, null, weight, bias, training: true, eps: ConvStack.NormEpsilon);
        var dims = new long[] { 0, 2, 3 };
        var mean = x.mean(dims, keepdim: true);
        var biased = x.var(dims, unbiased: false, keepdim: true);
        var expected = (x - mean) / (biased + ConvStack.NormEpsilon).sqrt() * weight.reshape(1, 6, 1, 1) + bias.reshape(1, 6, 1, 1);
        AssertClose(expected, normalised, 1e-12);
        var unbiased = (x - mean) / (x.var(dims, unbiased: true, keepdim: true) + ConvStack.NormEpsilon).sqrt() * weight.reshape(1, 6, 1, 1) + bias.reshape(1, 6, 1, 1);
        Assert.False(unbiased.allclose(normalised, 1e-6, 1e-6));
    }

    [Theory]
    [InlineData(true, "usual")]
    [InlineData(false, "usual")]
    [InlineData(true, "group norm")]
    [InlineData(true, "layer norm")]
    [InlineData(true, "no norm")]
    [InlineData(true, "average pooling")]
    [InlineData(true, "no pooling, 5x5 kernel, padding 1")]
    [InlineData(true, "3x3 pools, global average pool")]
    [InlineData(true, "declared widths")]
    [InlineData(true, "residual, declared widths, group norm")]
    [InlineData(false, "residual, batch norm, global average pool")]
    public void Batched_maml_step_equals_the_per_task_loop_in_losses_and_second_order_meta_gradients(bool adaptNorm, string variant)
    {
        using var scope = NewDisposeScope();
        var stack = Variant(variant);
        var theta = FunctionalConv.InitialParameters(stack, 5, ScalarType.Float64);
        var adapted = theta.Names.Where(name => adaptNorm || !name.Contains(".norm.", StringComparison.Ordinal)).ToArray();
        var episodes = Episodes(ScalarType.Float64, seed: 6);

        var (loopLosses, loopGradients) = MetaGradients(theta, Loop(stack, theta, adapted, episodes, innerSteps: 2, secondOrder: true));
        var (batchedLosses, batchedGradients) = MetaGradients(theta, Batched(stack, theta, adapted, episodes, innerSteps: 2, secondOrder: true));

        AssertClose(loopLosses, batchedLosses, 1e-10);
        for (var i = 0; i < theta.Count; i++)
            AssertClose(loopGradients[i], batchedGradients[i], 1e-9, theta.Names[i]);
    }

    [Fact]
    public void Second_order_meta_gradients_differ_from_first_order_ones_batched_and_in_the_loop()
    {
        using var scope = NewDisposeScope();
        var stack = Stack();
        var theta = FunctionalConv.InitialParameters(stack, 7, ScalarType.Float64);
        var episodes = Episodes(ScalarType.Float64, seed: 8);
        var (_, second) = MetaGradients(theta, Batched(stack, theta, theta.Names, episodes, innerSteps: 1, secondOrder: true));
        var (_, first) = MetaGradients(theta, Batched(stack, theta, theta.Names, episodes, innerSteps: 1, secondOrder: false));
        var (_, firstInLoop) = MetaGradients(theta, Loop(stack, theta, theta.Names, episodes, innerSteps: 1, secondOrder: false));
        var secondNorm = Math.Sqrt(second.Sum(g => g.square().sum().item<double>()));
        var difference = Math.Sqrt(second.Zip(first, (a, b) => (a - b).square().sum().item<double>()).Sum());
        // The Hessian-vector term is a visible share of the meta-gradient, not rounding.
        Assert.True(difference > 1e-3 * secondNorm, $"second-order minus first-order: {difference}, second-order norm {secondNorm}");
        for (var i = 0; i < theta.Count; i++)
            AssertClose(firstInLoop[i], first[i], 1e-9, theta.Names[i]);
    }

    [Fact]
    public void Inner_loops_leave_the_initial_parameters_and_their_gradients_untouched()
    {
        using var scope = NewDisposeScope();
        var stack = Stack();
        var theta = FunctionalConv.InitialParameters(stack, 9, ScalarType.Float64);
        var before = theta.Tensors.Select(t => t.detach().clone()).ToArray();
        var episodes = Episodes(ScalarType.Float64, seed: 10);
        Loop(stack, theta, theta.Names, episodes, innerSteps: 2, secondOrder: true);
        Batched(stack, theta, theta.Names, episodes, innerSteps: 2, secondOrder: true);
        for (var i = 0; i < theta.Count; i++)
        {
            Assert.True(theta.Tensors[i].allclose(before[i], 0, 0), theta.Names[i]);
            Assert.True(theta.Tensors[i].grad is null, theta.Names[i]);
        }
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void Initial_parameters_equal_a_conv_embedding_and_a_linear_head_built_after_the_same_seed(string variant)
    {
        using var scope = NewDisposeScope();
        var stack = Variant(variant);
        var (embedding, head) = TrainerRandom.Build(11, () =>
        {
            var backbone = new ConvEmbedding(stack.Backbone);
            return (backbone, nn.Linear(backbone.OutputWidth, Ways));
        });
        var expected = ParameterSet.Of(embedding).Concat(ParameterSet.Of(head).Select(p => KeyValuePair.Create("head." + p.Key, p.Value))).ToArray();
        var theta = FunctionalConv.InitialParameters(stack, 11);
        Assert.Equal(expected.Select(p => p.Key), theta.Names);
        Assert.Equal(stack.ParameterNames, theta.Names);
        foreach (var (name, tensor) in expected)
            Assert.True(theta[name].allclose(tensor, 0, 0), $"{name}: {(theta[name] - tensor).abs().max().item<float>()}");
        Assert.All(theta.Tensors, t => Assert.True(t.requires_grad && t.is_leaf));
        embedding.Dispose();
        head.Dispose();
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void The_functional_body_equals_the_conv_embedding_module_in_training_mode(string variant)
    {
        // The module the multi-task and few-shot families build and the functional forward MAML runs compute the same
        // network from the same declaration (batch norm in training mode normalises with the batch's statistics in both).
        using var scope = NewDisposeScope();
        var stack = Variant(variant);
        var embedding = TrainerRandom.Build(16, () => new ConvEmbedding(stack.Backbone));
        embedding.to(ScalarType.Float64).train();
        var head = new[] { zeros(new long[] { Ways, stack.Features }, ScalarType.Float64), zeros(Ways, ScalarType.Float64) };
        var parameters = new ParameterSet(stack.ParameterNames, ParameterSet.Of(embedding).Select(p => p.Value).Concat(head).ToArray());
        var images = Images(1, 6, 17, ScalarType.Float64)[0];
        var expected = embedding.forward(images);
        Assert.Equal(new long[] { 6, stack.Features }, expected.shape);
        AssertClose(expected, FunctionalConv.Body(stack, parameters, images), 1e-12);
        embedding.Dispose();
    }

    [Theory]
    [InlineData(Activation.Gelu)]
    [InlineData(Activation.LeakyRelu)]
    [InlineData(Activation.Relu)]
    public void A_block_computes_the_textbook_conv_norm_activation_max_pool(Activation activation)
    {
        // Max-pooling runs before ReLU and leaky ReLU (they commute with it) but after GELU, which is not monotone:
        // pooling GELU's input first would give other values, so this fails if the order is wrong.
        using var scope = NewDisposeScope();
        var backbone = new ConvBackbone(new Image(1, 12, 12), Blocks: 1, Channels: 4, Activation: activation);
        var embedding = TrainerRandom.Build(3, () => new ConvEmbedding(backbone));
        embedding.to(ScalarType.Float64).train();
        var images = randn(5, 144, ScalarType.Float64);
        var layers = embedding.children().Single().named_children().ToDictionary(c => c.name, c => (nn.Module<Tensor, Tensor>)c.module);
        var normalised = layers["norm"].forward(layers["conv"].forward(images.reshape(-1, 1, 12, 12)));
        var expected = nn.functional.max_pool2d(Composable.Modules.Activations.Apply(activation, normalised), new long[] { 2, 2 }).flatten(1);
        AssertClose(expected, embedding.forward(images), 1e-12);
        embedding.Dispose();
    }

    [Fact]
    public void Drawing_initial_parameters_leaves_the_global_generator_alone_and_repeats_for_a_seed()
    {
        using var scope = NewDisposeScope();
        manual_seed(14);
        var expected = rand(3);
        manual_seed(14);
        var first = FunctionalConv.InitialParameters(Stack(), 15, ScalarType.Float64);
        Assert.True(rand(3).allclose(expected, 0, 0));
        var again = FunctionalConv.InitialParameters(Stack(), 15, ScalarType.Float64);
        Assert.All(first.Names, name => Assert.True(first[name].allclose(again[name], 0, 0), name));
        Assert.Equal(ScalarType.Float64, first["head.weight"].dtype);
    }

    [Fact]
    public void A_declared_conv_backbone_gives_the_stack_of_the_same_blocks_and_channels()
    {
        var stack = new ConvStack(new ConvBackbone(new Image(1, 28, 28)), Outputs: 5);
        Assert.Equal(new ConvStack(new Image(1, 28, 28), 5, Blocks: 4, Channels: 64), stack);
        Assert.Equal(64, stack.Features);
        Assert.Equal(new long[] { 5, 64 }, stack.ParameterShapes[^2].Shape);
        Assert.StartsWith("ConvStack { Backbone = ConvBackbone { Input = Image { Channels = 1, Height = 28, Width = 28 }, Blocks = 4, Channels = 64, Kernel = 3,",
            stack.ToString());
        Assert.EndsWith(", Outputs = 5 }", stack.ToString());
    }

    [Fact]
    public void Parameter_names_and_shapes_read_like_the_conv_embedding_state_dict()
    {
        var text = string.Join("\n", Stack().ParameterShapes.Select(p => $"{p.Name} [{string.Join(", ", p.Shape)}]"));
        Assert.Equal("""
            block_0.conv.weight [6, 1, 3, 3]
            block_0.conv.bias [6]
            block_0.norm.weight [6]
            block_0.norm.bias [6]
            block_1.conv.weight [6, 6, 3, 3]
            block_1.conv.bias [6]
            block_1.norm.weight [6]
            block_1.norm.bias [6]
            head.weight [5, 54]
            head.bias [5]
            """.ReplaceLineEndings("\n"), text);
        Assert.DoesNotContain(Stack(BlockNorm.None).ParameterNames, name => name.Contains(".norm.", StringComparison.Ordinal));
    }

    [Fact]
    public void Images_of_the_wrong_shape_fail_with_the_expected_shape_named()
    {
        using var scope = NewDisposeScope();
        var stack = Stack();
        var theta = FunctionalConv.InitialParameters(stack, 12);
        var single = Assert.Throws<ArgumentException>(() => FunctionalConv.Forward(stack, theta, zeros(new long[] { 5, 1, 10, 10 })));
        Assert.Contains("images have shape [5, 1, 10, 10]; expected [B, 1, 12, 12] (or rows [B, 144])", single.Message);
        var batched = Assert.Throws<ArgumentException>(() => FunctionalConv.ForwardBatched(stack, theta.Broadcast(Tasks), zeros(new long[] { Tasks, 5, 3, 12, 12 })));
        Assert.Contains("expected [3, B, 1, 12, 12] (or rows [3, B, 144])", batched.Message);
        var dtype = Assert.Throws<ArgumentException>(() => FunctionalConv.Forward(stack, theta, zeros(new long[] { 5, 1, 12, 12 }, ScalarType.Float64)));
        Assert.Contains("'block_0.conv.weight' is float32 but the images are float64", dtype.Message);
    }

    [Fact]
    public void Parameters_of_the_wrong_shape_or_task_count_fail_naming_the_parameter_and_its_expected_shape()
    {
        using var scope = NewDisposeScope();
        var stack = Stack();
        var theta = FunctionalConv.InitialParameters(stack, 13);
        var tasks = Assert.Throws<ArgumentException>(() => FunctionalConv.ForwardBatched(stack, theta.Broadcast(Tasks), zeros(new long[] { 4, 5, 1, 12, 12 })));
        Assert.Contains("Parameter 'block_0.conv.weight' has shape [3, 6, 1, 3, 3]; expected [4, 6, 1, 3, 3]", tasks.Message);
        var wider = FunctionalConv.InitialParameters(stack with { Backbone = stack.Backbone with { Channels = 8 } }, 13);
        var shape = Assert.Throws<ArgumentException>(() => FunctionalConv.Forward(stack, wider, zeros(new long[] { 5, 1, 12, 12 })));
        Assert.Contains("Parameter 'block_0.conv.weight' has shape [8, 1, 3, 3]; expected [6, 1, 3, 3]", shape.Message);
        var withoutNorm = FunctionalConv.InitialParameters(Stack(BlockNorm.None), 13);
        var missing = Assert.Throws<ArgumentException>(() => FunctionalConv.Forward(stack, withoutNorm, zeros(new long[] { 5, 1, 12, 12 })));
        Assert.Contains("no 'block_0.norm.weight' (expected shape [6])", missing.Message);
        var invalid = Assert.Throws<ArgumentException>(() => FunctionalConv.InitialParameters(stack with { Backbone = stack.Backbone with { Blocks = 5 } }, 1));
        Assert.Contains("Backbone.Blocks: block_3 gets a 1×1 map (12×12 image); its 3×3 convolution (padding 1) and 2×2 pooling would leave 0×0, below 1×1; use at most 3 blocks", invalid.Message);
    }

    private sealed record EpisodeTensors(Tensor SupportImages, Tensor SupportLabels, Tensor QueryImages, Tensor QueryLabels);

    /// <summary>5-way 1-shot support sets and 5 queries per task, [T, B, 1, 12, 12] and labels [T, B].</summary>
    private static EpisodeTensors Episodes(ScalarType dtype, int seed)
    {
        using var generator = new Generator((ulong)seed);
        var labels = arange(Ways).unsqueeze(0).expand(Tasks, Ways).contiguous();
        var queryLabels = stack(Enumerable.Range(0, Tasks).Select(_ => randperm(Ways, generator: generator)).ToArray());
        return new EpisodeTensors(Images(Tasks, Ways, generator, dtype), labels, Images(Tasks, Ways, generator, dtype), queryLabels);
    }

    private static Tensor Images(int tasks, int rows, int seed, ScalarType dtype)
    {
        using var generator = new Generator((ulong)seed);
        return Images(tasks, rows, generator, dtype);
    }

    private static Tensor Images(int tasks, int rows, Generator generator, ScalarType dtype) =>
        randn(new long[] { tasks, rows, 1, 12, 12 }, generator: generator).to(dtype);

    /// <summary>MAML over a per-task loop: query loss of each task [T] after its own inner steps.</summary>
    private static Tensor Loop(ConvStack stack, ParameterSet theta, IReadOnlyList<string> adapted, EpisodeTensors e, int innerSteps, bool secondOrder) =>
        torch_stack(Enumerable.Range(0, Tasks).Select(t =>
        {
            var fast = theta;
            for (var s = 0; s < innerSteps; s++)
            {
                var loss = nn.functional.cross_entropy(FunctionalConv.Forward(stack, fast, e.SupportImages[t]), e.SupportLabels[t]);
                fast = GradientStep(fast, adapted, loss, secondOrder);
            }
            return nn.functional.cross_entropy(FunctionalConv.Forward(stack, fast, e.QueryImages[t]), e.QueryLabels[t]);
        }).ToArray());

    /// <summary>MAML task-batched: θ broadcast to [T, …], one forward and one gradient per inner step for all tasks.</summary>
    private static Tensor Batched(ConvStack stack, ParameterSet theta, IReadOnlyList<string> adapted, EpisodeTensors e, int innerSteps, bool secondOrder)
    {
        var fast = theta.Broadcast(Tasks);
        for (var s = 0; s < innerSteps; s++)
        {
            // Summed over tasks, so the gradient in task t's slice is task t's own.
            var loss = EpisodeLosses.Classification(FunctionalConv.ForwardBatched(stack, fast, e.SupportImages), e.SupportLabels).sum();
            fast = GradientStep(fast, adapted, loss, secondOrder);
        }
        return EpisodeLosses.Classification(FunctionalConv.ForwardBatched(stack, fast, e.QueryImages), e.QueryLabels);
    }

    private static ParameterSet GradientStep(ParameterSet fast, IReadOnlyList<string> adapted, Tensor loss, bool secondOrder)
    {
        var gradients = autograd.grad(new[] { loss }, adapted.Select(name => fast[name]).ToArray(), retain_graph: true, create_graph: secondOrder);
        return fast.Select((name, t) =>
        {
            var i = adapted.ToList().IndexOf(name);
            return i < 0 ? t : t - InnerRate * (secondOrder ? gradients[i] : gradients[i].detach());
        });
    }

    private static (Tensor Losses, IList<Tensor> Gradients) MetaGradients(ParameterSet theta, Tensor losses) =>
        (losses.detach(), autograd.grad(new[] { losses.mean() }, theta.Tensors.ToArray()));

    private static Tensor torch_stack(Tensor[] tensors) => stack(tensors);

    private static void AssertClose(Tensor expected, Tensor actual, double tolerance, string? what = null)
    {
        Assert.Equal(expected.shape, actual.shape);
        var difference = (expected - actual).abs().max().to_type(ScalarType.Float64).item<double>();
        var scale = Math.Max(1.0, expected.abs().max().to_type(ScalarType.Float64).item<double>());
        Assert.True(difference <= tolerance * scale, $"{what} differs by {difference} (scale {scale}, tolerance {tolerance})");
    }
}

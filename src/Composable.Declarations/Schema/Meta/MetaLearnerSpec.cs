namespace Composable
{
    /// <summary>
    /// A gradient-based meta-learning declaration: a network, the episodes it learns from, the meta-learner and the
    /// outer optimiser. The network is an MLP (hidden layers <c>layer_0</c>, <c>layer_1</c>, … and an output layer
    /// <c>head</c>, named like a PyTorch state dict), or, with a <see cref="ConvBackbone"/>, the usual few-shot
    /// convolutional stack (blocks <c>block_0</c>, <c>block_1</c>, … of 3×3 convolution <c>block_i.conv</c>, batch
    /// norm <c>block_i.norm</c>, 2×2 max-pool and ReLU) whose flattened last feature map a linear <c>head</c> maps to
    /// <paramref name="Outputs"/>.
    /// </summary>
    /// <remarks>
    /// With a convolutional backbone the blocks are the whole body: <paramref name="Layers"/> must be empty (a hidden
    /// MLP between the pooled features and the head is not supported, so every declaration has one body and one
    /// head), <paramref name="Activation"/> is unused (blocks use ReLU), and examples arrive as flattened rows, so
    /// <c>Input.Width</c> must equal C·H·W of the backbone's image. Batch norm always normalises with the statistics
    /// of the batch it is given, in the inner and the outer loop and at test time, as MAML does. Meta-SGD's learned
    /// rates per layer are one per adapted part (<c>inner_lr.block_0.conv</c>, <c>inner_lr.block_0.norm</c>).
    /// </remarks>
    /// <param name="Input">Input features of every example (with a convolutional backbone: C·H·W of its image).</param>
    /// <param name="Layers">Hidden widths, input side first; may be empty (then the head is the whole network); empty with a convolutional backbone.</param>
    /// <param name="Outputs">Width of the head: regressed values, or the number of ways for classification.</param>
    /// <param name="Episodes">How tasks present themselves: support and query sizes, ways for classification.</param>
    /// <param name="Learner">The meta-learner: MAML, Reptile, Meta-SGD or ANIL.</param>
    /// <param name="Outer">The outer (meta) optimiser; Adam with learning rate 1e-3 by default.</param>
    /// <param name="Activation">Hidden-layer nonlinearity of the MLP.</param>
    /// <param name="Adapt">
    /// Which parameters the inner loop adapts: layer names (<c>layer_1</c>, <c>head</c>; with a convolutional backbone
    /// blocks <c>block_0</c> or their parts <c>block_0.conv</c>, <c>block_0.norm</c>) or parameter names
    /// (<c>head.bias</c>). By default every layer (every block and the head), or only <c>head</c> for <see cref="Anil"/>.
    /// </param>
    /// <param name="Backbone">
    /// A <see cref="ConvBackbone"/> for images, or null (the default) for the MLP of <paramref name="Input"/> and
    /// <paramref name="Layers"/>.
    /// </param>
    /// <param name="TasksPerPass">
    /// How many tasks of a meta-batch run together in one task-batched pass: null (the default) runs the whole
    /// meta-batch at once (θ broadcast to [T, …], a convolution grouped by task), a number from 1 to the meta-batch runs
    /// it in passes of at most that many tasks, each pass back-propagated (its share of the mean query loss) and freed
    /// before the next. The meta-gradient is the same up to rounding; peak memory falls with the pass, and on a CPU a
    /// pass of 1 runs plain convolutions, which are several times faster than grouped ones (bench/README.md).
    /// </param>
    public sealed record MetaLearnerSpec(
        InputShape Input,
        ValueList<int> Layers,
        int Outputs,
        Episodes Episodes,
        MetaLearner Learner,
        Optimizer? Outer = null,
        Activation Activation = Activation.Relu,
        ValueList<string>? Adapt = null,
        Backbone? Backbone = null,
        int? TasksPerPass = null)
    {
        /// <summary>The outer optimiser; <see cref="Adam"/> when none was declared.</summary>
        public Optimizer Outer { get; init; } = Outer ?? new Adam();

        /// <summary>The adapted selection; every layer or block (ANIL: <c>head</c>) when none was declared.</summary>
        public ValueList<string> Adapt { get; init; } = Adapt ?? MetaPlan.DefaultAdapt(Layers, Learner, Backbone);
    }
}

namespace Composable
{
    /// <summary>
    /// A metric-based or black-box meta-learning declaration: a backbone that embeds every example, the episodes it
    /// learns from, the learner that turns a support set and query embeddings into query predictions, and the outer
    /// optimiser. Nothing adapts at test time by gradient descent: the learner reads the support set.
    /// </summary>
    /// <param name="Backbone">The embedding network: <see cref="MlpBackbone"/> for vectors, <see cref="ConvBackbone"/> for images.</param>
    /// <param name="Episodes">N-way K-shot episodes (<see cref="FewShotClassification"/>); every learner here classifies.</param>
    /// <param name="Learner">Prototypical, matching or relation network, or an LSTM or attention reader.</param>
    /// <param name="Outer">The optimiser of every parameter; Adam with learning rate 1e-3 by default.</param>
    /// <param name="MetaBatch">Episodes per optimiser step (their losses are averaged); 1 by default, as in the papers.</param>
    public sealed record FewShotLearnerSpec(
        Backbone Backbone,
        Episodes Episodes,
        FewShotLearner Learner,
        Optimizer? Outer = null,
        int MetaBatch = 1)
    {
        /// <summary>The outer optimiser; <see cref="Adam"/> when none was declared.</summary>
        public Optimizer Outer { get; init; } = Outer ?? new Adam();
    }

    /// <summary>
    /// The embedding network of a few-shot learner (or, a <see cref="ConvBackbone"/>, of a multi-task declaration's
    /// images): examples in, one embedding row per example out.
    /// </summary>
    public abstract record Backbone
    {
        private protected Backbone()
        {
        }
    }

    /// <summary>
    /// An MLP backbone: linear layers <c>layer_0</c>…<c>layer_{n−1}</c> of the declared widths, the activation between
    /// them (not after the last); embeddings are <c>Layers[^1]</c> wide.
    /// </summary>
    /// <param name="Input">Input features per example.</param>
    /// <param name="Layers">Layer widths, input side first; at least one, each positive.</param>
    /// <param name="Activation">Nonlinearity between layers.</param>
    public sealed record MlpBackbone(Features Input, ValueList<int> Layers, Activation Activation = Activation.Relu) : Backbone;

    /// <summary>
    /// The usual few-shot convolutional backbone (Vinyals et al. 2016; Snell et al. 2017): <paramref name="Blocks"/>
    /// blocks <c>block_i</c> of 3×3 convolution (padding 1) → batch norm → ReLU → 2×2 max-pool, each with
    /// <paramref name="Channels"/> channels; embeddings are the flattened last feature map (64 wide on 28×28 with the
    /// defaults). Examples arrive as flattened rows [B, C·H·W].
    /// </summary>
    /// <param name="Input">Image shape.</param>
    /// <param name="Blocks">Number of blocks; each halves height and width, which must stay at least 1.</param>
    /// <param name="Channels">Channels of every block; positive.</param>
    public sealed record ConvBackbone(ImageShape Input, int Blocks = 4, int Channels = 64) : Backbone;

    /// <summary>An image input: <paramref name="Channels"/> planes of <paramref name="Height"/>×<paramref name="Width"/> pixels, flattened channel-major.</summary>
    /// <param name="Channels">Colour planes; positive (1 for glyphs).</param>
    /// <param name="Height">Rows; positive.</param>
    /// <param name="Width">Columns; positive.</param>
    public sealed record ImageShape(int Channels, int Height, int Width);
}

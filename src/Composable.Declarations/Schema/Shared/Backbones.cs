namespace Composable
{
    /// <summary>
    /// The network that reads every example before the rest of a declaration: one schema for every family. A
    /// <see cref="ConvBackbone"/> is a multi-task declaration's image trunk (one per task under independent towers), a
    /// meta-learner's body (adapted with fast weights) and a few-shot learner's embedding; an <see cref="MlpBackbone"/>
    /// is a few-shot learner's embedding of vectors.
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
    /// A convolutional backbone of <paramref name="Blocks"/> blocks <c>block_i</c>, each a convolution
    /// (<c>block_i.conv</c>, stride 1) → normalisation (<c>block_i.norm</c>) → activation (ReLU) → pooling, with
    /// <paramref name="Channels"/> channels; then the last feature map is flattened or averaged per channel. The
    /// defaults are the usual few-shot backbone (Vinyals et al. 2016; Snell et al. 2017; Finn et al. 2017): 3×3
    /// convolutions with padding 1, batch norm, 2×2 max-pooling, flattened — 64-wide embeddings on 28×28 glyphs.
    /// Examples arrive as flattened rows [B, C·H·W], channel-major.
    /// </summary>
    /// <param name="Input">Image shape.</param>
    /// <param name="Blocks">Number of blocks; at least 1, and each block's feature map must stay at least 1×1.</param>
    /// <param name="Channels">Channels of every block; positive.</param>
    /// <param name="Kernel">Side of every convolution's square kernel; positive (3 by default).</param>
    /// <param name="Padding">Zeros added on every side before each convolution; null (the default) pads <c>Kernel / 2</c>, which keeps height and width for an odd kernel.</param>
    /// <param name="Pooling">The pooling at the end of each block: max (the default), average, or none.</param>
    /// <param name="PoolSize">Side and stride of every pooling window (2 by default, which halves the map, rounding down); positive.</param>
    /// <param name="Norm">
    /// The normalisation after each convolution: batch norm (the default; running statistics in a multi-task or
    /// few-shot module, the batch's own statistics in a meta-learner, as MAML uses it), group norm of
    /// <paramref name="NormGroups"/> groups, layer norm (every example's C×H×W map normalised together, a learned
    /// scale and shift per channel: group norm with one group), or none (no <c>block_i.norm</c>).
    /// </param>
    /// <param name="NormGroups">Groups of <see cref="BlockNorm.Group"/>; must divide <paramref name="Channels"/> (8 by default). Ignored by the other norms.</param>
    /// <param name="Readout">
    /// What the embedding is: the flattened last feature map (Channels·H·W, the default), or its global average per
    /// channel (Channels wide, whatever the image size).
    /// </param>
    /// <param name="Widths">
    /// The channels of each block, input side first (e.g. ResNet-12's <c>[64, 160, 320, 640]</c>); when given, their
    /// count is the number of blocks and <paramref name="Blocks"/> and <paramref name="Channels"/> are not used (a
    /// value other than their default that disagrees is reported).
    /// </param>
    /// <param name="Residual">
    /// Residual blocks, as ResNet-12 in few-shot work (Oreshkin et al. 2018; Lee et al. 2019): per block three
    /// convolutions (<c>block_i.conv1</c>…<c>conv3</c>, each followed by its norm <c>norm1</c>…<c>norm3</c>, the activation after
    /// the first two), plus a 1×1 convolution of the block's input (<c>block_i.shortcut</c>, then
    /// <c>shortcut_norm</c>); their sum goes through the activation and the pooling. The convolutions must keep the size: an
    /// odd kernel with the default padding.
    /// </param>
    /// <param name="Activation">
    /// The nonlinearity of every block (ReLU by default; <see cref="Activation.LeakyRelu"/> for ResNet-12 as
    /// MetaOptNet writes it). With max-pooling, ReLU and leaky ReLU run after the pooling, which they commute with;
    /// every other activation runs before it.
    /// </param>
    /// <remarks>
    /// ResNet-12 is <c>new ConvBackbone(image, Widths: [64, 160, 320, 640], Residual: true, Activation:
    /// Activation.LeakyRelu)</c>, with <c>Readout: BackboneReadout.GlobalAveragePool</c> for a 640-wide embedding; its
    /// convolutions carry biases (MetaOptNet's do not), and it has no DropBlock.
    /// </remarks>
    public sealed record ConvBackbone(
        Image Input,
        int Blocks = 4,
        int Channels = 64,
        int Kernel = 3,
        int? Padding = null,
        BlockPooling Pooling = BlockPooling.Max,
        int PoolSize = 2,
        BlockNorm Norm = BlockNorm.Batch,
        int NormGroups = 8,
        BackboneReadout Readout = BackboneReadout.Flatten,
        ValueList<int>? Widths = null,
        bool Residual = false,
        Activation Activation = Activation.Relu) : Backbone;

    /// <summary>The pooling at the end of each convolutional block.</summary>
    public enum BlockPooling
    {
        /// <summary>Max over each PoolSize×PoolSize window, stride PoolSize.</summary>
        Max,

        /// <summary>Mean over each PoolSize×PoolSize window, stride PoolSize.</summary>
        Average,

        /// <summary>No pooling: the block keeps its convolution's height and width.</summary>
        None,
    }

    /// <summary>The normalisation after each block's convolution.</summary>
    public enum BlockNorm
    {
        /// <summary>Batch normalisation per channel over (batch, height, width), with a learned scale and shift per channel.</summary>
        Batch,

        /// <summary>Group normalisation (Wu &amp; He 2018): each example's channels in NormGroups groups, each group over (its channels, height, width); a learned scale and shift per channel.</summary>
        Group,

        /// <summary>Each example's whole C×H×W map normalised together, with a learned scale and shift per channel (group norm with one group).</summary>
        Layer,

        /// <summary>No normalisation and no norm parameters.</summary>
        None,
    }

    /// <summary>How a convolutional backbone turns its last feature map into an embedding row.</summary>
    public enum BackboneReadout
    {
        /// <summary>The map flattened channel-major: Channels·H·W features.</summary>
        Flatten,

        /// <summary>The mean of each channel over height and width: Channels features.</summary>
        GlobalAveragePool,
    }
}

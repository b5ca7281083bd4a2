using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Composable
{
    /// <summary>
    /// The one plan of a <see cref="ConvBackbone"/> that every family uses: each block's layers (state-dict names and
    /// shapes), the feature map each block hands on, and the embedding width. A multi-task model, a meta-learner and a
    /// few-shot learner built from the same backbone hold the same parameters under the same names (below their
    /// prefix).
    /// </summary>
    public static class ConvPlan
    {
        /// <summary>The most blocks a backbone may declare; more is reported, never planned.</summary>
        public const int MaxBlocks = 64;

        /// <summary>The state-dict name of block <paramref name="index"/>: <c>block_0</c>.</summary>
        public static string Block(int index) => "block_" + index.ToString(CultureInfo.InvariantCulture);

        /// <summary>The number of blocks: the count of the declared Widths, or Blocks.</summary>
        public static int BlockCount(ConvBackbone conv) => conv.Widths?.Count ?? conv.Blocks;

        /// <summary>The channels of block <paramref name="index"/>: its declared width, or Channels.</summary>
        public static int ChannelsOf(ConvBackbone conv, int index) => conv.Widths is { } widths ? widths[index] : conv.Channels;

        /// <summary>The channels of every block (at most <see cref="MaxBlocks"/>), input side first.</summary>
        public static IReadOnlyList<int> WidthsOf(ConvBackbone conv)
        {
            var widths = new List<int>();
            for (var i = 0; i < System.Math.Min(BlockCount(conv), MaxBlocks); i++) widths.Add(ChannelsOf(conv, i));
            return widths;
        }

        /// <summary>The zero padding of every convolution: the declared one, or <c>Kernel / 2</c>.</summary>
        public static int PaddingOf(ConvBackbone conv) => conv.Padding ?? conv.Kernel / 2;

        /// <summary>Groups of the blocks' group norm: NormGroups for <see cref="BlockNorm.Group"/>, 1 for <see cref="BlockNorm.Layer"/> (0 for the others).</summary>
        public static int NormGroupsOf(ConvBackbone conv) => conv.Norm switch
        {
            BlockNorm.Group => conv.NormGroups,
            BlockNorm.Layer => 1,
            _ => 0,
        };

        /// <summary>
        /// Height or width after one block, from <paramref name="side"/>: the convolution's <c>side + 2·padding − kernel + 1</c>
        /// (three times in a residual block), then the pooling's integer division by PoolSize; 0 or less when the block
        /// does not fit.
        /// </summary>
        public static long SideAfterBlock(ConvBackbone conv, long side)
        {
            var convolved = side;
            for (var i = 0; i < (conv.Residual ? 3 : 1) && convolved >= 1; i++)
                convolved = convolved + 2L * PaddingOf(conv) - conv.Kernel + 1;
            if (convolved < 1) return convolved;
            return conv.Pooling == BlockPooling.None ? convolved : conv.PoolSize <= 0 ? 0 : convolved / conv.PoolSize;
        }

        /// <summary>
        /// The feature map after each block, input side first, as far as the blocks fit the image (a map of at least
        /// 1×1) and at most <see cref="MaxBlocks"/>: all of them for a valid declaration.
        /// </summary>
        public static ValueList<FeatureMapPlan> FeatureMapsOf(ConvBackbone conv)
        {
            var maps = new List<FeatureMapPlan>();
            if (conv.Input is null || conv.Kernel < 1 || PaddingOf(conv) < 0) return ValueList.From(maps);
            long height = conv.Input.Height, width = conv.Input.Width;
            var widths = WidthsOf(conv);
            for (var i = 0; i < widths.Count; i++)
            {
                (height, width) = (SideAfterBlock(conv, height), SideAfterBlock(conv, width));
                if (height < 1 || width < 1) break;
                maps.Add(new FeatureMapPlan(Block(i), widths[i], (int)height, (int)width));
            }
            return ValueList.From(maps);
        }

        /// <summary>How many of the declared blocks fit the image (see <see cref="FeatureMapsOf"/>).</summary>
        public static int FittingBlocks(ConvBackbone conv) => FeatureMapsOf(conv).Count;

        /// <summary>
        /// The embedding width: the last feature map's Channels·H·W when flattened, Channels under global average
        /// pooling (0 when no block fits).
        /// </summary>
        public static int EmbeddingWidthOf(ConvBackbone conv)
        {
            var maps = FeatureMapsOf(conv);
            if (maps.Count == 0) return 0;
            var last = maps[maps.Count - 1];
            if (conv.Readout == BackboneReadout.GlobalAveragePool) return last.Channels;
            var width = (long)last.Channels * last.Height * last.Width;
            return width > int.MaxValue ? 0 : (int)width;
        }

        /// <summary>
        /// The parameterised layers of the blocks that fit, under <paramref name="prefix"/> (<c>backbone</c> →
        /// <c>backbone.block_0.conv</c>; none → <c>block_0.conv</c>): each block's convolution, then its norm unless
        /// <see cref="BlockNorm.None"/>.
        /// </summary>
        public static IReadOnlyList<LayerPlan> LayersOf(string? prefix, ConvBackbone conv)
        {
            var layers = new List<LayerPlan>();
            var channels = conv.Input?.Channels ?? 0;
            var padding = PaddingOf(conv);
            foreach (var map in FeatureMapsOf(conv))
            {
                var name = prefix is null ? map.Block : prefix + "." + map.Block;
                if (!conv.Residual)
                {
                    AddConvAndNorm(layers, conv, name + ".conv", name + ".norm", channels, map.Channels, conv.Kernel, padding);
                }
                else
                {
                    for (var k = 1; k <= 3; k++)
                        AddConvAndNorm(layers, conv, $"{name}.conv{k}", $"{name}.norm{k}", k == 1 ? channels : map.Channels, map.Channels, conv.Kernel, padding);
                    AddConvAndNorm(layers, conv, name + ".shortcut", name + ".shortcut_norm", channels, map.Channels, 1, 0);
                }
                channels = map.Channels;
            }
            return layers;
        }

        private static void AddConvAndNorm(List<LayerPlan> layers, ConvBackbone conv, string convName, string normName, int input, int output, int kernel, int padding)
        {
            layers.Add(new LayerPlan(convName, LayerKind.Conv2d, input, output, Kernel: kernel, Padding: padding));
            switch (conv.Norm)
            {
                case BlockNorm.Batch:
                    layers.Add(new LayerPlan(normName, LayerKind.BatchNorm, output, output));
                    break;
                case BlockNorm.Group:
                case BlockNorm.Layer:
                    layers.Add(new LayerPlan(normName, LayerKind.GroupNorm, output, output, Groups: NormGroupsOf(conv)));
                    break;
            }
        }

        /// <summary>
        /// The channel block oneDNN's blocked layouts use at most (8 for its AVX2 kernels, 16 for its AVX-512 ones): a
        /// channel count that is a multiple of it is never padded.
        /// </summary>
        public const int OneDnnChannelBlock = 16;

        /// <summary>
        /// Whether every convolution of the backbone can run on oneDNN without its padded-channel backward-data path, the
        /// one that gave NaN input gradients (see <c>Composable.Training.CpuKernels</c>): each convolution's output
        /// channels are a multiple of <see cref="OneDnnChannelBlock"/>, and so are its input channels, except for the
        /// convolutions that read the image itself (the first block's), whose input gradient a trainer never computes.
        /// False when no block fits the image.
        /// </summary>
        public static bool FitsOneDnnBlocks(ConvBackbone conv)
        {
            var maps = FeatureMapsOf(conv);
            if (maps.Count == 0) return false;
            for (var i = 0; i < maps.Count; i++)
            {
                if (maps[i].Channels % OneDnnChannelBlock != 0) return false;
                if (i > 0 && maps[i - 1].Channels % OneDnnChannelBlock != 0) return false;
            }
            return true;
        }

        /// <summary>
        /// Whether a block max-pools before its activation: max-pooling commutes with ReLU and leaky ReLU (monotone and
        /// cheaper on the pooled map), so they run after it; every other activation, and every other pooling, runs the
        /// textbook order, activation then pooling.
        /// </summary>
        public static bool PoolsBeforeActivation(ConvBackbone conv) =>
            conv.Pooling == BlockPooling.Max && conv.Activation is Activation.Relu or Activation.LeakyRelu;

        /// <summary>The activation as the graph text writes it: <c>relu</c>, <c>leaky relu (0.1)</c>, <c>gelu</c>.</summary>
        public static string ActivationName(Activation activation) => activation switch
        {
            Activation.LeakyRelu => "leaky relu (0.1)",
            _ => activation.ToString().ToLowerInvariant(),
        };

        /// <summary>
        /// <c>4 conv blocks of 64 channels on 1x28x28 images</c>, then whatever differs from the usual backbone:
        /// <c>, 5x5 kernels (padding 2), average 2x2 pooling, group norm (8 groups), global average pool</c>.
        /// </summary>
        public static string Describe(ConvBackbone conv)
        {
            var image = conv.Input;
            var sb = new StringBuilder().Append(BlockCount(conv)).Append(conv.Residual ? " residual blocks of " : " conv blocks of ")
                .Append(conv.Widths is { } widths ? widths + " channels on " : conv.Channels + " channels on ")
                .Append(image?.Channels).Append('x').Append(image?.Height).Append('x').Append(image?.Width).Append(" images");
            if (conv.Kernel != 3 || PaddingOf(conv) != 1)
                sb.Append(", ").Append(conv.Kernel).Append('x').Append(conv.Kernel).Append(" kernels (padding ").Append(PaddingOf(conv)).Append(')');
            if (conv.Pooling == BlockPooling.None) sb.Append(", no pooling");
            else if (conv.Pooling != BlockPooling.Max || conv.PoolSize != 2)
                sb.Append(", ").Append(conv.Pooling == BlockPooling.Max ? "max" : "average").Append(' ')
                  .Append(conv.PoolSize).Append('x').Append(conv.PoolSize).Append(" pooling");
            sb.Append(conv.Norm switch
            {
                BlockNorm.Group => ", group norm (" + conv.NormGroups.ToString(CultureInfo.InvariantCulture) + " groups)",
                BlockNorm.Layer => ", layer norm",
                BlockNorm.None => ", no norm",
                _ => "",
            });
            if (conv.Activation != Activation.Relu) sb.Append(", ").Append(ActivationName(conv.Activation));
            if (conv.Readout == BackboneReadout.GlobalAveragePool) sb.Append(", global average pool");
            return sb.ToString();
        }
    }

    /// <summary>The feature map a convolutional block hands on: <paramref name="Channels"/> planes of <paramref name="Height"/>×<paramref name="Width"/>.</summary>
    /// <param name="Block">The block's name, <c>block_0</c>.</param>
    /// <param name="Channels">Channels of the map.</param>
    /// <param name="Height">Rows after the block's pooling.</param>
    /// <param name="Width">Columns after the block's pooling.</param>
    public sealed record FeatureMapPlan(string Block, int Channels, int Height, int Width)
    {
        /// <summary><c>8x14x14</c>.</summary>
        public override string ToString() => $"{Channels}x{Height}x{Width}";
    }
}

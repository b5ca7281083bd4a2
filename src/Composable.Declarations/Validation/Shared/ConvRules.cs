using System;
using System.Collections.Generic;
using System.Globalization;

namespace Composable
{
    /// <summary>
    /// The rules of a <see cref="ConvBackbone"/>, the same in every family (the few-shot, meta-learning and multi-task
    /// rules call them, at <c>Backbone.…</c>) and at run time (<see cref="Problems"/>, which the run-time networks
    /// throw with): positive sizes, a kernel, padding and pooling in range, group-norm groups that divide the
    /// channels, and blocks whose feature maps stay at least 1×1.
    /// </summary>
    public static class ConvRules
    {
        /// <summary>Adds every error of <paramref name="conv"/> to <paramref name="errors"/>, with paths under <c>Backbone.</c>.</summary>
        public static void Validate(ConvBackbone conv, List<DeclarationError> errors)
        {
            var image = conv.Input;
            if (image is null)
            {
                errors.Add(new DeclarationError(DeclarationErrorIds.NonPositiveWidth,
                    "A convolutional backbone needs the image shape it reads: Input: new Image(Channels, Height, Width).", "Backbone.Input"));
                return;
            }
            InputRules.ValidateImage(image, "Backbone.Input", errors);
            // Whether the blocks fit depends on the sides only.
            var imageValid = image.Height > 0 && image.Width > 0;
            // Reported in declaration order: the blocks (their count, or how they fit), the channels, then each block setting.
            var operations = new List<DeclarationError>();
            var operationsValid = ValidateOperations(conv, operations);
            if (ValidateBlockCount(conv, errors) && imageValid && operationsValid)
                ValidateFit(conv, errors);
            if (conv.Widths is null && conv.Channels <= 0)
                errors.Add(Positive("block channels", conv.Channels, "Backbone.Channels"));
            errors.AddRange(operations);
            ValidateWidths(conv, errors);
        }

        /// <summary>The messages of <paramref name="conv"/>'s errors, for a run-time exception; empty when it is valid.</summary>
        public static IReadOnlyList<string> Problems(ConvBackbone conv)
        {
            var errors = new List<DeclarationError>();
            Validate(conv, errors);
            return errors.ConvertAll(e => $"{e.Path}: {e.Message}");
        }

        private static bool ValidateBlockCount(ConvBackbone conv, List<DeclarationError> errors)
        {
            var count = ConvPlan.BlockCount(conv);
            if (count >= 1 && count <= ConvPlan.MaxBlocks) return true;
            errors.Add(new DeclarationError(DeclarationErrorIds.BackboneDoesNotFitImage,
                count < 1
                    ? $"A convolutional backbone has {count} blocks; it needs at least 1 (4 is usual for 28×28 glyphs)."
                    : $"A convolutional backbone has {count} blocks; at most {ConvPlan.MaxBlocks} are supported.",
                conv.Widths is null ? "Backbone.Blocks" : "Backbone.Widths"));
            return false;
        }

        /// <summary>Declared widths: each positive, and Blocks or Channels set beside them only if they agree.</summary>
        private static void ValidateWidths(ConvBackbone conv, List<DeclarationError> errors)
        {
            if (conv.Widths is not { } widths) return;
            for (var i = 0; i < widths.Count; i++)
                if (widths[i] <= 0) errors.Add(Positive($"channel count of block_{i}", widths[i], $"Backbone.Widths[{i}]"));
            if (conv.Blocks != 4 && conv.Blocks != widths.Count)
                errors.Add(Block($"Blocks is {conv.Blocks} but Widths lists {widths.Count} blocks; the widths set the blocks, so leave Blocks out.", "Backbone.Blocks"));
            if (conv.Channels != 64 && widths.Count > 0 && conv.Channels != widths[0])
                errors.Add(Block($"Channels is {conv.Channels} but Widths gives each block its own; leave Channels out.", "Backbone.Channels"));
        }

        private static bool ValidateOperations(ConvBackbone conv, List<DeclarationError> errors)
        {
            var before = errors.Count;
            if (conv.Kernel < 1)
                errors.Add(Block($"The convolution kernel is {conv.Kernel}×{conv.Kernel}; its side must be positive (3 is usual).", "Backbone.Kernel"));
            else if (conv.Residual && (conv.Kernel % 2 == 0 || ConvPlan.PaddingOf(conv) != conv.Kernel / 2))
                errors.Add(Block(
                    $"A residual block adds its input (through a 1×1 convolution) to three {conv.Kernel}×{conv.Kernel} convolutions with padding {ConvPlan.PaddingOf(conv)}, " +
                    "which must keep height and width: use an odd Kernel and leave Padding out.", conv.Kernel % 2 == 0 ? "Backbone.Kernel" : "Backbone.Padding"));
            else if (conv.Padding is { } padding && (padding < 0 || padding >= conv.Kernel))
                errors.Add(Block(
                    $"Padding is {padding}; with a {conv.Kernel}×{conv.Kernel} kernel it must be between 0 and {conv.Kernel - 1} (more only adds rows of zeros), " +
                    $"or omit it for {conv.Kernel / 2}, which keeps the size for an odd kernel.", "Backbone.Padding"));
            if (!Enum.IsDefined(typeof(Activation), conv.Activation))
                errors.Add(Block($"Activation is {(int)conv.Activation}, which is not an Activation; use Relu, LeakyRelu, Tanh, Gelu, Silu or Elu.", "Backbone.Activation"));
            if (!Enum.IsDefined(typeof(BlockPooling), conv.Pooling))
                errors.Add(Block($"Pooling is {(int)conv.Pooling}, which is not a BlockPooling; use Max, Average or None.", "Backbone.Pooling"));
            else if (conv.Pooling != BlockPooling.None && conv.PoolSize < 1)
                errors.Add(Block($"PoolSize is {conv.PoolSize}; a pooling window's side must be positive (2 halves the map), or declare Pooling: BlockPooling.None.", "Backbone.PoolSize"));
            if (!Enum.IsDefined(typeof(BlockNorm), conv.Norm))
                errors.Add(Block($"Norm is {(int)conv.Norm}, which is not a BlockNorm; use Batch, Group, Layer or None.", "Backbone.Norm"));
            else if (conv.Norm == BlockNorm.Group && NotDivided(conv) is { } channels)
                errors.Add(new DeclarationError(DeclarationErrorIds.NormGroupsDoNotDivide,
                    conv.NormGroups < 1
                        ? $"Group norm has {conv.NormGroups} groups; it needs at least 1 (1 is layer norm)."
                        : $"Group norm splits {channels} channels into {conv.NormGroups} groups, but {conv.NormGroups} does not divide {channels}; use a divisor such as {LargestDivisorUpTo(channels, conv.NormGroups)}.",
                    "Backbone.NormGroups"));
            if (!Enum.IsDefined(typeof(BackboneReadout), conv.Readout))
                errors.Add(Block($"Readout is {(int)conv.Readout}, which is not a BackboneReadout; use Flatten or GlobalAveragePool.", "Backbone.Readout"));
            return errors.Count == before;
        }

        /// <summary>The first positive block width that NormGroups does not divide (any width when NormGroups &lt; 1); null when all divide.</summary>
        private static int? NotDivided(ConvBackbone conv)
        {
            foreach (var width in ConvPlan.WidthsOf(conv))
                if (width > 0 && (conv.NormGroups < 1 || width % conv.NormGroups != 0)) return width;
            return null;
        }

        private static void ValidateFit(ConvBackbone conv, List<DeclarationError> errors)
        {
            var maps = ConvPlan.FeatureMapsOf(conv);
            if (maps.Count >= ConvPlan.BlockCount(conv)) return;
            var (height, width) = maps.Count == 0 ? (conv.Input.Height, conv.Input.Width) : (maps[maps.Count - 1].Height, maps[maps.Count - 1].Width);
            var padding = ConvPlan.PaddingOf(conv);
            var pooling = conv.Pooling == BlockPooling.None ? "" : $" and {conv.PoolSize}×{conv.PoolSize} pooling";
            var convolutions = conv.Residual ? $"three {conv.Kernel}×{conv.Kernel} convolutions" : $"{conv.Kernel}×{conv.Kernel} convolution";
            var remedy = maps.Count > 0
                ? $"use at most {maps.Count} block{(maps.Count == 1 ? "" : "s")}, a smaller kernel or pool, or a larger image."
                : "use a smaller kernel or pool, or a larger image.";
            errors.Add(new DeclarationError(DeclarationErrorIds.BackboneDoesNotFitImage,
                $"{ConvPlan.Block(maps.Count)} gets a {height}×{width} map ({conv.Input.Height}×{conv.Input.Width} image); its {convolutions} (padding {padding}){pooling} " +
                $"would leave {Format(ConvPlan.SideAfterBlock(conv, height))}×{Format(ConvPlan.SideAfterBlock(conv, width))}, below 1×1; {remedy}",
                conv.Widths is null ? "Backbone.Blocks" : "Backbone.Widths"));
        }

        private static string Format(long side) => Math.Max(0, side).ToString(CultureInfo.InvariantCulture);

        private static DeclarationError Block(string message, string path) => new(DeclarationErrorIds.InvalidConvBlock, message, path);

        private static DeclarationError Positive(string what, int value, string path) =>
            new(DeclarationErrorIds.NonPositiveWidth, $"The {what} is {value}; it must be positive.", path);

        private static int LargestDivisorUpTo(int width, int limit)
        {
            for (var d = Math.Min(width, limit); d > 1; d--)
                if (width % d == 0) return d;
            return 1;
        }
    }
}

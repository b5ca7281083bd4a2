using System.Collections.Generic;
using System.Globalization;

namespace Composable
{
    /// <summary>
    /// The rules of a declaration's <see cref="InputShape"/>, the same in the multi-task and meta-learning families:
    /// positive sizes, and, with a <see cref="ConvBackbone"/>, an <see cref="Image"/> input that is the image the
    /// backbone reads (CMP0091).
    /// </summary>
    public static class InputRules
    {
        /// <summary>Adds the errors of <paramref name="input"/> (declared at <paramref name="path"/>) to <paramref name="errors"/>.</summary>
        internal static void Validate(InputShape? input, string path, List<DeclarationError> errors)
        {
            switch (input)
            {
                case null:
                    errors.Add(new DeclarationError(DeclarationErrorIds.NonPositiveWidth,
                        "The declaration needs its input: new Features(Width) for vectors or new Image(Channels, Height, Width) for images.", path));
                    break;
                case Features features when features.Width <= 0:
                    errors.Add(MultiTaskRules.Width(features.Width, "input", path + ".Width"));
                    break;
                case Image image:
                    ValidateImage(image, path, errors);
                    break;
            }
        }

        /// <summary>Each side of <paramref name="image"/> positive (CMP0006 at <c>{path}.Channels</c>, <c>.Height</c>, <c>.Width</c>).</summary>
        internal static void ValidateImage(Image image, string path, List<DeclarationError> errors)
        {
            foreach (var (what, value, side) in new[] { ("image channels", image.Channels, "Channels"), ("image height", image.Height, "Height"), ("image width", image.Width, "Width") })
                if (value <= 0)
                    errors.Add(new DeclarationError(DeclarationErrorIds.NonPositiveWidth, $"The {what} is {value}; it must be positive.", path + "." + side));
        }

        /// <summary>
        /// A convolutional backbone reads images: the declaration's input must be <see cref="Image"/>, the one the
        /// backbone declares (CMP0091 at <c>Input</c> for a <see cref="Features"/> input, at <c>Backbone.Input</c> for
        /// another image). Sides that are not positive are reported by their own rules, not here.
        /// </summary>
        internal static void ValidateBackboneReads(InputShape? input, Image image, List<DeclarationError> errors)
        {
            if (input is null || image is null || !IsValid(image))
                return;
            switch (input)
            {
                case Features features:
                    var size = (long)image.Channels * image.Height * image.Width;
                    var rows = features.Width == size ? "" : $" (rows of {size.ToString(CultureInfo.InvariantCulture)} floats, not {features.Width.ToString(CultureInfo.InvariantCulture)})";
                    errors.Add(new DeclarationError(DeclarationErrorIds.ImageDoesNotFitInput,
                        $"Input is new Features({features.Width.ToString(CultureInfo.InvariantCulture)}), flat vectors, but the convolutional backbone reads {Describe(image)} images{rows}; " +
                        $"declare Input: new Image({image.Channels}, {image.Height}, {image.Width}).",
                        "Input"));
                    break;
                case Image declared when IsValid(declared) && declared != image:
                    errors.Add(new DeclarationError(DeclarationErrorIds.ImageDoesNotFitInput,
                        $"The backbone reads {Describe(image)} images but Input is {Describe(declared)}; declare the data's image on both (Input and Backbone.Input).",
                        "Backbone.Input"));
                    break;
            }
        }

        /// <summary><c>C×H×W</c>.</summary>
        public static string Describe(Image image) => $"{image.Channels}×{image.Height}×{image.Width}";

        private static bool IsValid(Image image) => image.Channels > 0 && image.Height > 0 && image.Width > 0;
    }
}

using System;
using System.Linq;
using Composable.Data;
using static TorchSharp.torch;

namespace Composable.Meta;

/// <summary>
/// The shape checks of <see cref="FunctionalConv"/>: a wrong tensor fails with an <see cref="ArgumentException"/> that
/// names it and the shape expected, before libtorch sees it.
/// </summary>
internal static class ConvShapes
{
    /// <summary>The task count T of images [T, B, …] (checked against the parameters later).</summary>
    public static int Tasks(Tensor images)
    {
        if (images.dim() < 1 || images.shape[0] < 1)
            throw new ArgumentException($"images have shape {TargetLayout.Format(images.shape)}; expected [T, B, C, H, W] with T ≥ 1 tasks.", nameof(images));
        return checked((int)images.shape[0]);
    }

    /// <summary>
    /// The batch size B of images [B, C, H, W] or rows [B, C·H·W], with a leading task dimension when
    /// <paramref name="tasks"/> is given.
    /// </summary>
    public static long Rows(ConvStack stack, Tensor images, int? tasks)
    {
        var shape = images.shape;
        var lead = tasks is null ? 0 : 1;
        var (c, h, w) = (stack.Input.Channels, stack.Input.Height, stack.Input.Width);
        var asImages = shape.Length == lead + 4 && shape[lead + 1] == c && shape[lead + 2] == h && shape[lead + 3] == w;
        var asRows = shape.Length == lead + 2 && shape[lead + 1] == (long)stack.ImageSize;
        if (!(asImages || asRows) || shape[lead] < 1)
        {
            var prefix = tasks is null ? "" : $"{tasks}, ";
            throw new ArgumentException(
                $"images have shape {TargetLayout.Format(shape)}; expected [{prefix}B, {c}, {h}, {w}] (or rows [{prefix}B, {stack.ImageSize}]) " +
                $"for {c}×{h}×{w} images, B ≥ 1.", nameof(images));
        }
        // Every block's map is at least 2×2 (the stack fits the image), so batch norm always has more than one value per channel.
        return shape[lead];
    }

    /// <summary>
    /// Throws unless <paramref name="parameters"/> has every parameter of <paramref name="stack"/> with its shape
    /// (with a leading task dimension when <paramref name="tasks"/> is given) and the dtype of <paramref name="images"/>.
    /// </summary>
    public static void ThrowIfParametersDoNotFit(ConvStack stack, ParameterSet parameters, int? tasks, Tensor images)
    {
        var setName = tasks is null ? "parameters" : "stacked parameters";
        foreach (var (name, perTask) in stack.ParameterShapes)
        {
            var expected = tasks is null ? perTask : [tasks.Value, .. perTask];
            if (!parameters.Contains(name))
                throw new ArgumentException(
                    $"The {setName} have no '{name}' (expected shape {TargetLayout.Format(expected)}); they have {string.Join(", ", parameters.Names)}.",
                    nameof(parameters));
            var tensor = parameters[name];
            if (!tensor.shape.SequenceEqual(expected))
                throw new ArgumentException(
                    $"Parameter '{name}' has shape {TargetLayout.Format(tensor.shape)}; expected {TargetLayout.Format(expected)}" +
                    (tasks is null ? "." : $" (a leading dimension of {tasks} tasks, as the images have)."),
                    nameof(parameters));
            if (tensor.dtype != images.dtype)
                throw new ArgumentException(
                    $"Parameter '{name}' is {TargetLayout.Format(tensor.dtype)} but the images are {TargetLayout.Format(images.dtype)}; convert one of them.",
                    nameof(images));
        }
    }
}

namespace Composable.Generators.Emit.Shared;

/// <summary>
/// The first line of a training step of a convolutional declaration: the step's hold on the CPU convolution kernels
/// (<c>Composable.Training.CpuKernels.ForTrainingStep</c>: oneDNN when the backbone fits its channel blocks, native
/// kernels otherwise; native for a step that differentiates convolutions' backward passes), released when the step
/// ends. Nothing for a declaration without a conv backbone.
/// </summary>
internal static class StepKernels
{
    /// <param name="w">The writer.</param>
    /// <param name="backbone">The declaration's backbone.</param>
    /// <param name="backboneExpression">The expression of that backbone in the generated code.</param>
    /// <param name="differentiatesConvolutionBackward">
    /// Whether the step's gradient differentiates convolutions' backward passes (a second-order meta-gradient through
    /// adapted conv layers, <c>MetaPlan.DifferentiatesConvolutionBackward</c>): such a step holds the native kernels.
    /// </param>
    public static void Emit(SourceWriter w, Backbone? backbone, string backboneExpression, bool differentiatesConvolutionBackward = false)
    {
        if (backbone is not ConvBackbone) return;
        w.Line(differentiatesConvolutionBackward
            ? $"using var kernels = CpuKernels.ForTrainingStep({backboneExpression}, differentiatesConvolutionBackward: true);"
            : $"using var kernels = CpuKernels.ForTrainingStep({backboneExpression});");
    }
}

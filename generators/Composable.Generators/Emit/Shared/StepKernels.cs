namespace Composable.Generators.Emit.Shared;

/// <summary>
/// The first line of a training step of a convolutional declaration: the step's hold on the CPU convolution kernels
/// (<c>Composable.Training.CpuKernels.ForTrainingStep</c>: oneDNN when the backbone fits its channel blocks, native
/// kernels otherwise), released when the step ends. Nothing for a declaration without a conv backbone.
/// </summary>
internal static class StepKernels
{
    /// <param name="w">The writer.</param>
    /// <param name="backbone">The declaration's backbone.</param>
    /// <param name="backboneExpression">The expression of that backbone in the generated code.</param>
    public static void Emit(SourceWriter w, Backbone? backbone, string backboneExpression)
    {
        if (backbone is ConvBackbone)
            w.Line($"using var kernels = CpuKernels.ForTrainingStep({backboneExpression});");
    }
}

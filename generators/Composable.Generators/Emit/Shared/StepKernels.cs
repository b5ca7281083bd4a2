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
    /// <param name="declaration">The expression of the declaration in the generated code.</param>
    /// <param name="mayUseOneDnn">False for the gradient-based meta-learners, which hold the native kernels.</param>
    public static void Emit(SourceWriter w, Backbone? backbone, string declaration, bool mayUseOneDnn = true)
    {
        if (backbone is ConvBackbone)
            w.Line($"using var kernels = CpuKernels.ForTrainingStep({declaration}.Backbone{(mayUseOneDnn ? "" : ", mayUseOneDnn: false")});");
    }
}

using System.Collections.Generic;
using System.Globalization;

namespace Composable.Generators.Emit.Shared;

/// <summary>Small C# expressions shared by the emitters; each matches the run time's operation exactly.</summary>
internal static class Expressions
{
    /// <summary>The declared activation applied to <paramref name="x"/> (as <c>Composable.Modules.Activations.Apply</c>).</summary>
    public static string Activation(Composable.Activation activation, string x) => activation switch
    {
        Composable.Activation.Tanh => $"nn.functional.tanh({x})",
        Composable.Activation.Gelu => $"nn.functional.gelu({x})",
        Composable.Activation.Silu => $"nn.functional.silu({x})",
        Composable.Activation.Elu => $"{x}.elu({One}, {One}, {One})",
        Composable.Activation.LeakyRelu => $"{x}.leaky_relu({HeldScalar(0.1)})",
        _ => $"nn.functional.relu({x})",
    };

    /// <summary>Whether <paramref name="conv"/>'s blocks are the usual ones (3×3 convolutions with padding 1, batch norm, 2×2 max-pooling, flattened), which the short constructors build.</summary>
    public static bool HasUsualBlocks(ConvBackbone conv) =>
        conv.Kernel == 3 && ConvPlan.PaddingOf(conv) == 1 && conv.Pooling == BlockPooling.Max && conv.PoolSize == 2
        && conv.Norm == BlockNorm.Batch && conv.Readout == BackboneReadout.Flatten && conv.Widths is null && !conv.Residual
        && conv.Activation == Composable.Activation.Relu;

    /// <summary><c>new global::Composable.ConvBackbone(new global::Composable.Image(1, 28, 28), Blocks: 4, Channels: 64, Kernel: 5, …)</c>, the settings that differ from their defaults named.</summary>
    public static string ConvBackbone(ConvBackbone conv)
    {
        var image = conv.Input;
        var arguments = new List<string> { $"new global::Composable.Image({image.Channels}, {image.Height}, {image.Width})", $"Blocks: {conv.Blocks}", $"Channels: {conv.Channels}" };
        if (conv.Kernel != 3) arguments.Add($"Kernel: {conv.Kernel}");
        if (conv.Padding is { } padding) arguments.Add($"Padding: {padding}");
        if (conv.Pooling != BlockPooling.Max) arguments.Add($"Pooling: global::Composable.BlockPooling.{conv.Pooling}");
        if (conv.PoolSize != 2) arguments.Add($"PoolSize: {conv.PoolSize}");
        if (conv.Norm != BlockNorm.Batch) arguments.Add($"Norm: global::Composable.BlockNorm.{conv.Norm}");
        if (conv.NormGroups != 8) arguments.Add($"NormGroups: {conv.NormGroups}");
        if (conv.Readout != BackboneReadout.Flatten) arguments.Add($"Readout: global::Composable.BackboneReadout.{conv.Readout}");
        if (conv.Widths is { } widths) arguments.Add($"Widths: global::Composable.ValueList.Of({string.Join(", ", widths)})");
        if (conv.Residual) arguments.Add("Residual: true");
        if (conv.Activation != Composable.Activation.Relu) arguments.Add($"Activation: global::Composable.Activation.{conv.Activation}");
        return $"new global::Composable.ConvBackbone({string.Join(", ", arguments)})";
    }

    /// <summary>The construction of a linear layer, its bias argument written only when there is none.</summary>
    public static string Linear(LayerPlan layer) =>
        layer.Bias ? $"nn.Linear({layer.In}, {layer.Out})" : $"nn.Linear({layer.In}, {layer.Out}, hasBias: false)";

    /// <summary>A double literal that round-trips.</summary>
    public static string Number(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return text.IndexOf('.') >= 0 || text.IndexOf('E') >= 0 ? text : text + ".0";
    }

    /// <summary>
    /// A number multiplied into a tensor, as a TorchSharp scalar held for the process (<c>Scalars.Of</c>): a bare number
    /// becomes a temporary scalar that TorchSharp lets the collector free while libtorch still reads it.
    /// </summary>
    public static string HeldScalar(double value) => $"global::Composable.Training.Scalars.Of({Number(value)})";

    /// <summary>
    /// The Scalar 1 held for the process, for the alpha of <c>Tensor.add</c>: generated code writes <c>a.add(b, One)</c>,
    /// never <c>a + b</c>, whose TorchSharp operator passes a temporary alpha the collector may free mid-call.
    /// </summary>
    public const string One = "global::Composable.Training.Scalars.One";

    /// <summary>XML-doc-safe text.</summary>
    public static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    /// <summary><c>Adam (lr 0.001, weight decay 0.0)</c>: an optimiser for documentation comments.</summary>
    public static string OptimizerText(Optimizer optimizer) => optimizer switch
    {
        Sgd sgd => $"SGD (lr {Number(sgd.LearningRate)}, momentum {Number(sgd.Momentum)}{(sgd.Nesterov ? ", Nesterov" : "")}, weight decay {Number(sgd.WeightDecay)})",
        AdamW adamW => $"AdamW (lr {Number(adamW.LearningRate)}, weight decay {Number(adamW.WeightDecay)})",
        Adam adam => $"Adam (lr {Number(adam.LearningRate)}, weight decay {Number(adam.WeightDecay)})",
        _ => optimizer.GetType().Name,
    };

    /// <summary>The declaration record of <paramref name="optimizer"/> as a C# expression with every argument written out.</summary>
    public static string OptimizerRecord(Optimizer optimizer) => optimizer switch
    {
        Sgd sgd => $"new global::Composable.Sgd(LearningRate: {Number(sgd.LearningRate)}, Momentum: {Number(sgd.Momentum)}, WeightDecay: {Number(sgd.WeightDecay)}, Nesterov: {(sgd.Nesterov ? "true" : "false")})",
        AdamW adamW => $"new global::Composable.AdamW(LearningRate: {Number(adamW.LearningRate)}, WeightDecay: {Number(adamW.WeightDecay)}, Beta1: {Number(adamW.Beta1)}, Beta2: {Number(adamW.Beta2)})",
        Adam adam => $"new global::Composable.Adam(LearningRate: {Number(adam.LearningRate)}, WeightDecay: {Number(adam.WeightDecay)}, Beta1: {Number(adam.Beta1)}, Beta2: {Number(adam.Beta2)})",
        _ => $"new global::Composable.Adam()",
    };
}

using Composable.Generators.Emit.Shared;
using Composable.Generators.Model;

namespace Composable.Generators.Emit.Meta;

/// <summary>
/// The <c>Functional</c> forwards of a [MetaLearner] declaration over explicit parameter sets: one task, or T tasks
/// stacked. An MLP's layers are emitted inline; a convolutional backbone's blocks are calls into the run time's
/// <c>FunctionalConv</c> (the grouped convolution of T tasks, batch norm with batch statistics) with the declared
/// stack, so both compute the same numbers.
/// </summary>
internal static class FunctionalEmitter
{
    public static void Emit(DeclarationModel<MetaLearnerSpec> model, MetaPlan plan, SourceWriter w)
    {
        if (plan.Conv is { } conv)
        {
            EmitConv(model, plan, conv, w);
            return;
        }
        var hidden = model.Spec.Layers.Count;
        w.Line("/// <summary>Functional forwards over explicit parameter sets; module state is never read or written.</summary>");
        w.Open("public static class Functional");
        w.Line($"/// <summary>Outputs [B, {model.Spec.Outputs}] for inputs [B, {model.Spec.Input.Size}] under parameters <paramref name=\"p\"/>.</summary>");
        w.Open("public static Tensor Forward(Parameters p, Tensor input)");
        var h = "input";
        for (var i = 0; i < hidden; i++)
        {
            var layer = MetaNames.Property(LayerNames.Hidden(i));
            w.Line($"{(i == 0 ? "var h" : "h")} = {Expressions.Activation(model.Spec.Activation, $"nn.functional.linear({h}, p.{layer}Weight, p.{layer}Bias)")};");
            h = "h";
        }
        w.Line($"return nn.functional.linear({h}, p.HeadWeight, p.HeadBias);");
        w.Close();
        w.Line();
        w.Line($"/// <summary>Outputs [T, B, {model.Spec.Outputs}] of T tasks at once, for inputs [T, B, {model.Spec.Input.Size}] under parameter sets stacked as [T, …].</summary>");
        w.Line("public static Tensor ForwardBatched(Parameters stacked, Tensor input) => HeadBatched(stacked, BodyBatched(stacked, input));");
        w.Line();
        w.Line($"/// <summary>Features [T, B, {plan.HeadInput}] of the hidden layers (the body) of T tasks, for inputs [T, B, {model.Spec.Input.Size}].</summary>");
        w.Open("public static Tensor BodyBatched(Parameters stacked, Tensor input)");
        h = "input";
        for (var i = 0; i < hidden; i++)
        {
            var layer = MetaNames.Property(LayerNames.Hidden(i));
            w.Line($"{(i == 0 ? "var h" : "h")} = {Expressions.Activation(model.Spec.Activation, $"FunctionalMlp.Baddbmm(stacked.{layer}Bias.unsqueeze(1), {h}, stacked.{layer}Weight.transpose(1, 2))")};");
            h = "h";
        }
        w.Line($"return {h};");
        w.Close();
        w.Line();
        EmitHeadBatched(model, plan, w);
        w.Close();
    }

    private static void EmitConv(DeclarationModel<MetaLearnerSpec> model, MetaPlan plan, ConvBackbone conv, SourceWriter w)
    {
        var image = conv.Input;
        var rows = $"[B, {model.Spec.Input.Size}] (or images [B, {image.Channels}, {image.Height}, {image.Width}])";
        var taskRows = $"[T, B, {model.Spec.Input.Size}] (or images [T, B, {image.Channels}, {image.Height}, {image.Width}])";
        w.Line("/// <summary>Functional forwards over explicit parameter sets; module state is never read or written.</summary>");
        w.Open("public static class Functional");
        w.Line($"/// <summary>The convolutional stack the forwards run: {Expressions.Escape(FewShotGraphText.Describe(conv))}, then the head {plan.HeadInput} → {model.Spec.Outputs}.</summary>");
        w.Line(Expressions.HasUsualBlocks(conv)
            ? $"public static ConvStack Stack {{ get; }} = new(new global::Composable.Image({image.Channels}, {image.Height}, {image.Width}), Outputs: {model.Spec.Outputs}, Blocks: {conv.Blocks}, Channels: {conv.Channels});"
            : $"public static ConvStack Stack {{ get; }} = new({Expressions.ConvBackbone(conv)}, Outputs: {model.Spec.Outputs});");
        w.Line();
        w.Line($"/// <summary>Outputs [B, {model.Spec.Outputs}] for rows {rows} under parameters <paramref name=\"p\"/>{(conv.Norm == BlockNorm.Batch ? "; batch norm uses the batch's statistics" : "")}.</summary>");
        w.Line("public static Tensor Forward(Parameters p, Tensor input) => FunctionalConv.Forward(Stack, p.ToSet(), input);");
        w.Line();
        w.Line($"/// <summary>Outputs [T, B, {model.Spec.Outputs}] of T tasks at once, for rows {taskRows} under parameter sets stacked as [T, …].</summary>");
        w.Line("public static Tensor ForwardBatched(Parameters stacked, Tensor input) => HeadBatched(stacked, BodyBatched(stacked, input));");
        w.Line();
        w.Line($"/// <summary>{(conv.Readout == BackboneReadout.GlobalAveragePool ? "Averaged" : "Flattened")} features [T, B, {plan.HeadInput}] of the blocks (the body) of T tasks, for rows {taskRows}: one grouped convolution per block for all tasks.</summary>");
        w.Line("public static Tensor BodyBatched(Parameters stacked, Tensor input) => FunctionalConv.BodyBatched(Stack, stacked.ToSet(), input);");
        w.Line();
        EmitHeadBatched(model, plan, w);
        w.Close();
    }

    private static void EmitHeadBatched(DeclarationModel<MetaLearnerSpec> model, MetaPlan plan, SourceWriter w)
    {
        w.Line($"/// <summary>Outputs [T, B, {model.Spec.Outputs}] of the heads of T tasks on body features [T, B, {plan.HeadInput}].</summary>");
        w.Line("public static Tensor HeadBatched(Parameters stacked, Tensor features) => FunctionalMlp.Baddbmm(stacked.HeadBias.unsqueeze(1), features, stacked.HeadWeight.transpose(1, 2));");
    }
}

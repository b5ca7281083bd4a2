using Composable.Generators.Emit.Shared;
using Composable.Generators.Model;

namespace Composable.Generators.Emit.Meta;

/// <summary>The <c>Functional</c> forwards of a [MetaLearner] declaration over explicit parameter sets: one task, or T tasks stacked.</summary>
internal static class FunctionalEmitter
{
    public static void Emit(DeclarationModel<MetaLearnerSpec> model, MetaPlan plan, SourceWriter w)
    {
        var hidden = model.Spec.Layers.Count;
        w.Line("/// <summary>Functional forwards over explicit parameter sets; module state is never read or written.</summary>");
        w.Open("public static class Functional");
        w.Line($"/// <summary>Outputs [B, {model.Spec.Outputs}] for inputs [B, {model.Spec.Input.Width}] under parameters <paramref name=\"p\"/>.</summary>");
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
        w.Line($"/// <summary>Outputs [T, B, {model.Spec.Outputs}] of T tasks at once, for inputs [T, B, {model.Spec.Input.Width}] under parameter sets stacked as [T, …].</summary>");
        w.Line("public static Tensor ForwardBatched(Parameters stacked, Tensor input) => HeadBatched(stacked, BodyBatched(stacked, input));");
        w.Line();
        w.Line($"/// <summary>Features [T, B, {plan.Layers[plan.Layers.Count - 1].In}] of the hidden layers (the body) of T tasks, for inputs [T, B, {model.Spec.Input.Width}].</summary>");
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
        w.Line($"/// <summary>Outputs [T, B, {model.Spec.Outputs}] of the heads of T tasks on body features [T, B, {plan.Layers[plan.Layers.Count - 1].In}].</summary>");
        w.Line("public static Tensor HeadBatched(Parameters stacked, Tensor features) => FunctionalMlp.Baddbmm(stacked.HeadBias.unsqueeze(1), features, stacked.HeadWeight.transpose(1, 2));");
        w.Close();
    }
}

using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Composable.Generators.Model;

namespace Composable.Generators.Emitting;

/// <summary>
/// Emit stage of a [MetaLearner] declaration: a typed parameter set (one named tensor per parameter, in
/// <see cref="MetaPlan"/> order), a functional forward over it (fast weights never touch module state), a
/// task-batched forward over stacked parameter sets (tasks as the leading dimension, one batched matmul per layer),
/// the <c>Network</c> module holding θ, and the <c>Graph</c> text. The operations are those of the run time's
/// <c>FunctionalMlp</c>, in the same order, so both compute identical numbers.
/// </summary>
internal static class MetaEmitter
{
    private static readonly string[] Usings =
    {
        "System", "System.Collections.Generic", "Composable.Meta", "TorchSharp", "TorchSharp.Modules",
    };

    public static EquatableArray<GeneratedFile> Emit(DeclarationModel<MetaLearnerSpec> model)
    {
        var plan = MetaPlan.For(model.Spec);
        return new EquatableArray<GeneratedFile>(new[]
        {
            DeclarationFile.Write(model, "Parameters", "[MetaLearner]", Usings, w => EmitParameters(model, plan, w)),
            DeclarationFile.Write(model, "Network", "[MetaLearner]", Usings, w => EmitNetwork(model, plan, w)),
            DeclarationFile.Write(model, "Graph", "[MetaLearner]", Usings, w => EmitGraph(model, plan, w)),
        });
    }

    private static void EmitParameters(DeclarationModel<MetaLearnerSpec> model, MetaPlan plan, SourceWriter w)
    {
        var parameters = plan.Parameters.ToArray();
        w.Line("/// <summary>");
        w.Line($"/// The parameters of <see cref=\"Network\"/> as one typed set: θ, fast weights φ = θ − α∇L, or parameter sets of");
        w.Line("/// several tasks stacked along a leading dimension [T, …] for <see cref=\"Functional.ForwardBatched\"/>.");
        w.Line("/// </summary>");
        foreach (var p in parameters)
            w.Line($"/// <param name=\"{Property(p.Name)}\"><c>{p.Name}</c> [{string.Join(", ", p.Shape)}]{(plan.Adapted.Contains(p.Name) ? ", adapted in the inner loop" : "")}.</param>");
        w.Open($"public sealed record Parameters({string.Join(", ", parameters.Select(p => $"Tensor {Property(p.Name)}"))})");
        w.Line("/// <summary>State-dict names, in order.</summary>");
        w.Line($"public static IReadOnlyList<string> Names {{ get; }} = new[] {{ {string.Join(", ", parameters.Select(p => Quote(p.Name)))} }};");
        w.Line();
        w.Line("/// <summary>Names of the parameters the inner loop adapts (the declaration's <c>Adapt</c>).</summary>");
        w.Line($"public static IReadOnlyList<string> Adapted {{ get; }} = new[] {{ {string.Join(", ", plan.Adapted.Select(Quote))} }};");
        w.Line();
        w.Line("/// <summary>The untyped set the run-time meta-learners work on.</summary>");
        w.Line($"public ParameterSet ToSet() => new(Names, new[] {{ {string.Join(", ", parameters.Select(p => Property(p.Name)))} }});");
        w.Line();
        w.Line("/// <summary>The typed view of an untyped set holding (at least) these parameters.</summary>");
        w.Line($"public static Parameters From(ParameterSet set) => new({string.Join(", ", parameters.Select(p => $"set[{Quote(p.Name)}]"))});");
        w.Line();
        w.Line("/// <summary>Applies <paramref name=\"map\"/> to every parameter, by name (e.g. a gradient step, <c>detach</c>, a task's slice).</summary>");
        w.Line($"public Parameters Select(Func<string, Tensor, Tensor> map) => new({string.Join(", ", parameters.Select(p => $"map({Quote(p.Name)}, {Property(p.Name)})"))});");
        w.Close();
        w.Line();

        var hidden = model.Spec.Layers.Count;
        w.Line("/// <summary>Functional forwards over explicit parameter sets; module state is never read or written.</summary>");
        w.Open("public static class Functional");
        w.Line($"/// <summary>Outputs [B, {model.Spec.Outputs}] for inputs [B, {model.Spec.Input.Width}] under parameters <paramref name=\"p\"/>.</summary>");
        w.Open("public static Tensor Forward(Parameters p, Tensor input)");
        var h = "input";
        for (var i = 0; i < hidden; i++)
        {
            var layer = Property(LayerNames.Hidden(i));
            w.Line($"{(i == 0 ? "var h" : "h")} = {Expressions.Activation(model.Spec.Activation, $"nn.functional.linear({h}, p.{layer}Weight, p.{layer}Bias)")};");
            h = "h";
        }
        w.Line($"return nn.functional.linear({h}, p.HeadWeight, p.HeadBias);");
        w.Close();
        w.Line();
        w.Line($"/// <summary>Outputs [T, B, {model.Spec.Outputs}] of T tasks at once, for inputs [T, B, {model.Spec.Input.Width}] under parameter sets stacked as [T, …].</summary>");
        w.Open("public static Tensor ForwardBatched(Parameters stacked, Tensor input)");
        h = "input";
        for (var i = 0; i < hidden; i++)
        {
            var layer = Property(LayerNames.Hidden(i));
            w.Line($"{(i == 0 ? "var h" : "h")} = {Expressions.Activation(model.Spec.Activation, $"FunctionalMlp.Baddbmm(stacked.{layer}Bias.unsqueeze(1), {h}, stacked.{layer}Weight.transpose(1, 2))")};");
            h = "h";
        }
        w.Line($"return FunctionalMlp.Baddbmm(stacked.HeadBias.unsqueeze(1), {h}, stacked.HeadWeight.transpose(1, 2));");
        w.Close();
        w.Close();
    }

    private static void EmitNetwork(DeclarationModel<MetaLearnerSpec> model, MetaPlan plan, SourceWriter w)
    {
        w.Line($"/// <summary>The network θ declared by <see cref=\"{model.FieldName}\"/>: {plan.ParameterCount.ToString("N0", CultureInfo.InvariantCulture)} parameters, forward through <see cref=\"Functional.Forward\"/>.</summary>");
        w.Open("public sealed class Network : nn.Module<Tensor, Tensor>");
        foreach (var layer in plan.Layers)
            w.Line($"private readonly Linear {layer.Name};");
        w.Line();
        w.Line("/// <summary>Creates the layers in declaration order from torch's generator (seed it first for reproducible weights).</summary>");
        w.Open($"public Network() : base(\"{model.TypeName}\")");
        foreach (var layer in plan.Layers)
            w.Line($"{layer.Name} = nn.Linear({layer.In}, {layer.Out}, hasBias: true);");
        w.Line("RegisterComponents();");
        w.Close();
        w.Line();
        w.Line("/// <summary>The declaration this network was generated from.</summary>");
        w.Line($"public global::Composable.MetaLearnerSpec Spec => {model.TypeName}.{model.FieldName};");
        w.Line();
        w.Line("/// <summary>θ as a typed parameter set (the module's own tensors, not copies).</summary>");
        w.Line($"public Parameters Weights => new({string.Join(", ", plan.Layers.SelectMany(l => new[] { $"{l.Name}.weight!", $"{l.Name}.bias!" }))});");
        w.Line();
        w.Line("/// <summary>The network under θ.</summary>");
        w.Line("public override Tensor forward(Tensor input) => Functional.Forward(Weights, input);");
        w.Close();
    }

    private static void EmitGraph(DeclarationModel<MetaLearnerSpec> model, MetaPlan plan, SourceWriter w)
    {
        DeclarationFile.WriteGraph(w, "The compiled meta-learner as text: learner, episodes, module tree, parameter names, shapes, counts and which adapt.",
            MetaGraphText.Render($"{model.TypeName}.Network", plan));
    }

    /// <summary><c>layer_0.weight</c> → <c>Layer0Weight</c>, <c>head</c> → <c>Head</c>.</summary>
    private static string Property(string name)
    {
        var sb = new StringBuilder(name.Length);
        var upper = true;
        foreach (var c in name)
        {
            if (c == '_' || c == '.')
            {
                upper = true;
                continue;
            }
            sb.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }
        return sb.ToString();
    }

    private static string Quote(string text) => "\"" + text + "\"";
}

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
/// the <c>Network</c> module holding θ (and, for Meta-SGD, the learned inner rates under <c>inner_lr</c>, as the run
/// time's <c>MetaNetwork</c> holds them), the episodic <c>Trainer</c> (<see cref="MetaTrainerEmitter"/>) and the
/// <c>Graph</c> text. The operations are those of the run time's <c>FunctionalMlp</c>, in the same order, so both
/// compute identical numbers.
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
            DeclarationFile.Write(model, "Trainer", "[MetaLearner]", MetaTrainerEmitter.Usings, w => MetaTrainerEmitter.Emit(model, plan, w)),
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
        w.Line("public static Tensor ForwardBatched(Parameters stacked, Tensor input) => HeadBatched(stacked, BodyBatched(stacked, input));");
        w.Line();
        w.Line($"/// <summary>Features [T, B, {plan.Layers[plan.Layers.Count - 1].In}] of the hidden layers (the body) of T tasks, for inputs [T, B, {model.Spec.Input.Width}].</summary>");
        w.Open("public static Tensor BodyBatched(Parameters stacked, Tensor input)");
        h = "input";
        for (var i = 0; i < hidden; i++)
        {
            var layer = Property(LayerNames.Hidden(i));
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

    private static void EmitNetwork(DeclarationModel<MetaLearnerSpec> model, MetaPlan plan, SourceWriter w)
    {
        w.Line($"/// <summary>The network θ declared by <see cref=\"{model.FieldName}\"/>: {plan.ParameterCount.ToString("N0", CultureInfo.InvariantCulture)} parameters, forward through <see cref=\"Functional.Forward\"/>.</summary>");
        w.Open("public sealed class Network : nn.Module<Tensor, Tensor>");
        foreach (var layer in plan.Layers)
            w.Line($"private readonly Linear {layer.Name};");
        var metaSgd = model.Spec.Learner as MetaSgd;
        if (metaSgd is not null) w.Line($"private readonly {InnerRateModule} {InnerRatesField};");
        w.Line();
        w.Line("/// <summary>Creates the layers in declaration order from torch's generator (seed it first for reproducible weights).</summary>");
        w.Open($"public Network() : base(\"{model.TypeName}\")");
        foreach (var layer in plan.Layers)
            w.Line($"{layer.Name} = nn.Linear({layer.In}, {layer.Out}, hasBias: true);");
        if (metaSgd is not null) w.Line($"{InnerRatesField} = new {InnerRateModule}();");
        w.Line("RegisterComponents();");
        w.Close();
        w.Line();
        w.Line("/// <summary>The declaration this network was generated from.</summary>");
        w.Line($"public global::Composable.MetaLearnerSpec Spec => {model.QualifiedName}.{model.FieldName};");
        w.Line();
        w.Line("/// <summary>θ as a typed parameter set (the module's own tensors, not copies).</summary>");
        w.Line($"public Parameters Weights => new({string.Join(", ", plan.Layers.SelectMany(l => new[] { $"{l.Name}.weight!", $"{l.Name}.bias!" }))});");
        w.Line();
        if (metaSgd is not null)
        {
            w.Line("/// <summary>Meta-SGD's learned inner rates as a typed set (the module's own tensors, not copies).</summary>");
            w.Line($"public InnerRates LearnedRates => {InnerRatesField}.Rates;");
            w.Line();
        }
        w.Line("/// <summary>The network under θ.</summary>");
        w.Line("public override Tensor forward(Tensor input) => Functional.Forward(Weights, input);");
        w.Close();
        if (metaSgd is not null) EmitInnerRates(plan, metaSgd, w);
    }

    /// <summary>The field (and state-dict prefix) of Meta-SGD's rates, as the run time's <c>MetaNetwork</c> names it.</summary>
    private const string InnerRatesField = "inner_lr";

    private const string InnerRateModule = "InnerRateModule";

    /// <summary>
    /// Meta-SGD's learned rates: the typed <c>InnerRates</c> record and the module registered as <c>inner_lr</c>,
    /// shaped like the run time's (<c>inner_lr.layer_0.weight</c> per parameter, <c>inner_lr.layer_0</c> per layer).
    /// </summary>
    private static void EmitInnerRates(MetaPlan plan, MetaSgd metaSgd, SourceWriter w)
    {
        var rates = RateNames(plan, metaSgd);
        var alpha = Expressions.Number(metaSgd.InnerLearningRate);
        var perLayer = metaSgd.Rate == LearnedRate.PerLayer;
        w.Line();
        w.Line("/// <summary>");
        w.Line(perLayer
            ? "/// Meta-SGD's learned inner step sizes, one scalar per adapted layer (shared by its adapted weight and bias); the"
            : "/// Meta-SGD's learned inner step sizes, one tensor shaped like each adapted parameter; the");
        w.Line($"/// inner loop steps φ = φ − rate ⊙ ∇L. <see cref=\"Network.LearnedRates\"/> holds them, initialised to {alpha}.");
        w.Line("/// </summary>");
        foreach (var rate in rates)
            w.Line($"/// <param name=\"{Property(rate.Name)}\"><c>{InnerRatesField}.{rate.Name}</c> {(rate.Shape.Count == 0 ? "(a scalar)" : $"[{string.Join(", ", rate.Shape)}]")}.</param>");
        w.Open($"public sealed record InnerRates({string.Join(", ", rates.Select(r => $"Tensor {Property(r.Name)}"))})");
        w.Line("/// <summary>State-dict names, in order.</summary>");
        w.Line($"public static IReadOnlyList<string> Names {{ get; }} = new[] {{ {string.Join(", ", rates.Select(r => Quote(InnerRatesField + "." + r.Name)))} }};");
        w.Line();
        w.Line("/// <summary>The rates detached from the graph, for adaptation that does not train them.</summary>");
        w.Line($"public InnerRates Detach() => new({string.Join(", ", rates.Select(r => Property(r.Name) + ".detach()"))});");
        w.Close();
        w.Line();
        w.Line($"/// <summary>Meta-SGD's learned rates as the module <c>{InnerRatesField}</c> of <see cref=\"Network\"/>.</summary>");
        w.Open($"public sealed class {InnerRateModule} : nn.Module");
        foreach (var layer in rates.Select(r => MetaPlan.LayerOf(r.Name)).Distinct())
            w.Line($"private readonly {(perLayer ? "Parameter" : "global::Composable.Meta.LayerRates")} {layer};");
        w.Line();
        w.Line($"/// <summary>Creates every rate at the declared initial inner learning rate {alpha}.</summary>");
        w.Open($"public {InnerRateModule}() : base(\"InnerRates\")");
        foreach (var layer in plan.Layers)
        {
            var adapted = layer.Parameters.Where(p => plan.Adapted.Contains(p.Name)).ToArray();
            if (adapted.Length == 0) continue;
            string ShapeOf(string name) => adapted.FirstOrDefault(p => p.Name == layer.Name + "." + name) is { } p
                ? $"new long[] {{ {string.Join(", ", p.Shape)} }}"
                : "null";
            w.Line(perLayer
                ? $"{layer.Name} = global::Composable.Meta.LayerRates.Scalar({alpha});"
                : $"{layer.Name} = new global::Composable.Meta.LayerRates({alpha}, weight: {ShapeOf("weight")}, bias: {ShapeOf("bias")});");
        }
        w.Line("RegisterComponents();");
        w.Close();
        w.Line();
        w.Line("/// <summary>The rates as a typed set.</summary>");
        w.Line($"public InnerRates Rates => new({string.Join(", ", rates.Select(r => perLayer ? r.Name : $"{MetaPlan.LayerOf(r.Name)}.{Capitalised(r.Name.Substring(r.Name.LastIndexOf('.') + 1))}!"))});");
        w.Close();
    }

    /// <summary>Meta-SGD's rates under <c>inner_lr</c>: per adapted parameter (its shape), or per adapted layer (a scalar).</summary>
    internal static IReadOnlyList<ParameterPlan> RateNames(MetaPlan plan, MetaSgd metaSgd) => metaSgd.Rate == LearnedRate.PerLayer
        ? plan.Adapted.Select(MetaPlan.LayerOf).Distinct().Select(l => new ParameterPlan(l, ValueList<int>.Empty)).ToArray()
        : plan.Parameters.Where(p => plan.Adapted.Contains(p.Name)).ToArray();

    private static string Capitalised(string name) => char.ToUpperInvariant(name[0]) + name.Substring(1);

    private static void EmitGraph(DeclarationModel<MetaLearnerSpec> model, MetaPlan plan, SourceWriter w)
    {
        DeclarationFile.WriteGraph(w, "The compiled meta-learner as text: learner, episodes, module tree, parameter names, shapes, counts and which adapt.",
            MetaGraphText.Render($"{model.TypeName}.Network", plan));
    }

    /// <summary><c>layer_0.weight</c> → <c>Layer0Weight</c>, <c>head</c> → <c>Head</c>.</summary>
    internal static string Property(string name)
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

    internal static string Quote(string text) => "\"" + text + "\"";
}

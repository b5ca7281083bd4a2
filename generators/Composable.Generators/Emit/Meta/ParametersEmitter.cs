using System;
using System.Collections.Generic;
using System.Linq;
using Composable.Generators.Emit.Shared;
using Composable.Generators.Model;

namespace Composable.Generators.Emit.Meta;

/// <summary>The typed <c>Parameters</c> record of a [MetaLearner] declaration: one named tensor per parameter, in plan order.</summary>
internal static class ParametersEmitter
{
    public static void Emit(DeclarationModel<MetaLearnerSpec> model, MetaPlan plan, SourceWriter w)
    {
        var parameters = plan.Parameters.ToArray();
        w.Line("/// <summary>");
        w.Line($"/// The parameters of <see cref=\"Network\"/> as one typed set: θ, fast weights φ = θ − α∇L, or parameter sets of");
        w.Line("/// several tasks stacked along a leading dimension [T, …] for <see cref=\"Functional.ForwardBatched\"/>.");
        w.Line("/// </summary>");
        foreach (var p in parameters)
            w.Line($"/// <param name=\"{MetaNames.Property(p.Name)}\"><c>{p.Name}</c> [{string.Join(", ", p.Shape)}]{(plan.Adapted.Contains(p.Name) ? ", adapted in the inner loop" : "")}.</param>");
        w.Open($"public sealed record Parameters({string.Join(", ", parameters.Select(p => $"Tensor {MetaNames.Property(p.Name)}"))})");
        w.Line("/// <summary>State-dict names, in order.</summary>");
        w.Line($"public static IReadOnlyList<string> Names {{ get; }} = new[] {{ {string.Join(", ", parameters.Select(p => MetaNames.Quote(p.Name)))} }};");
        w.Line();
        w.Line("/// <summary>Names of the parameters the inner loop adapts (the declaration's <c>Adapt</c>).</summary>");
        w.Line($"public static IReadOnlyList<string> Adapted {{ get; }} = new[] {{ {string.Join(", ", plan.Adapted.Select(MetaNames.Quote))} }};");
        w.Line();
        w.Line("/// <summary>The untyped set the run-time meta-learners work on.</summary>");
        w.Line($"public ParameterSet ToSet() => new(Names, new[] {{ {string.Join(", ", parameters.Select(p => MetaNames.Property(p.Name)))} }});");
        w.Line();
        w.Line("/// <summary>The typed view of an untyped set holding (at least) these parameters.</summary>");
        w.Line($"public static Parameters From(ParameterSet set) => new({string.Join(", ", parameters.Select(p => $"set[{MetaNames.Quote(p.Name)}]"))});");
        w.Line();
        w.Line("/// <summary>Applies <paramref name=\"map\"/> to every parameter, by name (e.g. a gradient step, <c>detach</c>, a task's slice).</summary>");
        w.Line($"public Parameters Select(Func<string, Tensor, Tensor> map) => new({string.Join(", ", parameters.Select(p => $"map({MetaNames.Quote(p.Name)}, {MetaNames.Property(p.Name)})"))});");
        w.Close();
        w.Line();
        FunctionalEmitter.Emit(model, plan, w);
    }
}

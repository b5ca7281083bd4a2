using System;
using Composable.Generators.Emit.MultiTask;
using Composable.Generators.Emit.Shared;
using Composable.Generators.Model;

namespace Composable.Generators.Emit.Transfer;

/// <summary>
/// Emit stage of a [FineTuning] declaration: the typed <c>Batch</c>, <c>Outputs</c> and <c>Losses</c> of the target
/// tasks, the <c>Model</c> (for a trunk source the source's hard-sharing network with the target tasks, emitted as a
/// [MultiTaskModel] would be; for a backbone source the backbone and one head per task), the <c>Trainer</c> (the run
/// time's <c>BlockTraining</c> for frozen blocks, rates, schedule and thawing; the typed weighted sum of the target
/// losses) and the <c>Graph</c>. Each operation is the one <c>FineTuningTrainer</c> performs, so both compute identical numbers.
/// </summary>
internal static class FineTuningEmitter
{
    internal const string Attribute = "[FineTuning]";

    /// <summary>The target as a multi-task declaration, held by the generated <c>Model</c>.</summary>
    internal const string TargetField = "Target";

    public static EquatableArray<GeneratedFile> Emit(DeclarationModel<FineTuningSpec> model)
    {
        var plan = FineTuningPlan.For(model.Spec);
        var target = new DeclarationModel<MultiTaskSpec>(model.Namespace, model.ContainingTypes, model.TypeKeyword, model.TypeName, model.FieldName, plan.Target, model.Arguments);
        var context = new EmitContext(target, TargetField);
        return new EquatableArray<GeneratedFile>(new[]
        {
            File(model, "Types", Usings, w => TypesEmitter.Emit(context, w)),
            File(model, "Model", ModelUsings, w => ModelEmitter.Emit(model, plan, context, w)),
            File(model, "Trainer", TrainerUsings, w => TrainerEmitter.Emit(model, context, w)),
            File(model, "Graph", Usings, w => DeclarationFile.WriteGraph(w,
                "The compiled fine-tuning as text: source, target tasks, blocks with their rates and thaw epochs, module tree, parameter names, shapes and counts.",
                FineTuningGraphText.Render($"{model.TypeName}.Model", plan))),
        });
    }

    private static readonly string[] Usings =
    {
        "System", "System.Collections.Generic", "Composable.Data", "Composable.Evaluation", "Composable.Modules",
        "Composable.Training", "TorchSharp", "TorchSharp.Modules",
    };

    private static readonly string[] ModelUsings = { "System", "System.Collections.Generic", "Composable", "Composable.Modules", "Composable.Training", "TorchSharp", "TorchSharp.Modules" };

    private static readonly string[] TrainerUsings =
    {
        "System", "System.Collections.Generic", "Composable", "Composable.Data", "Composable.Evaluation", "Composable.Training", "Composable.Transfer",
        "TorchSharp", "TorchSharp.Modules",
    };

    private static GeneratedFile File(DeclarationModel<FineTuningSpec> model, string part, string[] usings, Action<SourceWriter> body) =>
        DeclarationFile.Write(model, part, Attribute, usings, body);
}

using System;
using Composable.Generators.Emit.Shared;
using Composable.Generators.Model;

namespace Composable.Generators.Emit.MultiTask;

/// <summary>
/// Emit stage of a [MultiTaskModel] declaration: the typed source files (Types, Model, Trainer, Graph). The model's layers
/// come from <see cref="ModelPlan"/>, the same plan the run-time interpreter builds from, and the forward code
/// performs the interpreter's operations in the same order, so both compute identical numbers.
/// </summary>
internal static class MultiTaskEmitter
{
    public static EquatableArray<GeneratedFile> Emit(DeclarationModel<MultiTaskSpec> model)
    {
        var context = new EmitContext(model);
        return new EquatableArray<GeneratedFile>(new[]
        {
            File(context, "Types", TypesEmitter.Emit),
            File(context, "Model", ModelEmitter.Emit, ModelUsings),
            File(context, "Trainer", TrainerEmitter.Emit, context.Spec.Objective is WeightedSum ? TrainerUsings : AdaptiveTrainerUsings),
            File(context, "Graph", GraphEmitter.Emit),
        });
    }

    private static readonly string[] Usings =
    {
        "System", "System.Collections.Generic", "Composable.Data", "Composable.Evaluation", "Composable.Modules",
        "Composable.Training", "TorchSharp", "TorchSharp.Modules",
    };

    /// <summary>A trainer also names the checkpoint contract of its parts.</summary>
    private static readonly string[] TrainerUsings =
    {
        "System", "System.Collections.Generic", "Composable.Checkpoints", "Composable.Data", "Composable.Evaluation", "Composable.Modules",
        "Composable.Training", "TorchSharp", "TorchSharp.Modules",
    };

    /// <summary>A trainer of an adaptive objective names the declared method (schema) and its run-time step.</summary>
    private static readonly string[] AdaptiveTrainerUsings =
    {
        "System", "System.Collections.Generic", "Composable", "Composable.Checkpoints", "Composable.Data", "Composable.Evaluation", "Composable.Modules",
        "Composable.Objectives", "Composable.Training", "TorchSharp", "TorchSharp.Modules",
    };

    /// <summary>The Model file names its declaration's type, <c>MultiTaskSpec</c>, from the schema namespace.</summary>
    private static readonly string[] ModelUsings = { "System", "System.Collections.Generic", "Composable", "Composable.Modules", "Composable.Training", "TorchSharp", "TorchSharp.Modules" };

    private static GeneratedFile File(EmitContext context, string part, Action<EmitContext, SourceWriter> body, string[]? usings = null) =>
        DeclarationFile.Write(context.Model, part, "[MultiTaskModel]", usings ?? Usings, writer => body(context, writer));
}

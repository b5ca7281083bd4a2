using Composable.Generators.Emit.Shared;
using Composable.Generators.Model;

namespace Composable.Generators.Emit.Meta;

/// <summary>
/// Emit stage of a [MetaLearner] declaration: a typed parameter set (one named tensor per parameter, in
/// <see cref="MetaPlan"/> order), a functional forward over it (fast weights never touch module state), a
/// task-batched forward over stacked parameter sets (tasks as the leading dimension, one batched matmul per layer),
/// the <c>Network</c> module holding θ (and, for Meta-SGD, the learned inner rates under <c>inner_lr</c>, as the run
/// time's <c>MetaNetwork</c> holds them), the episodic <c>Trainer</c> (<see cref="TrainerEmitter"/>) and the
/// <c>Graph</c> text. The operations are those of the run time's <c>FunctionalMlp</c>, in the same order, so both
/// compute identical numbers; with a convolutional backbone the network holds <c>ConvBlock</c>s and the head, and the
/// forwards call the run time's <c>FunctionalConv</c> (one grouped convolution per block for all tasks).
/// </summary>
internal static class MetaEmitter
{
    private static readonly string[] Usings =
    {
        "System", "System.Collections.Generic", "Composable.Meta", "TorchSharp", "TorchSharp.Modules",
    };

    /// <summary>The Network file names its declaration's type, <c>MetaLearnerSpec</c>, from the schema namespace.</summary>
    private static readonly string[] NetworkUsings =
    {
        "System", "System.Collections.Generic", "Composable", "Composable.Meta", "TorchSharp", "TorchSharp.Modules",
    };

    public static EquatableArray<GeneratedFile> Emit(DeclarationModel<MetaLearnerSpec> model)
    {
        var plan = MetaPlan.For(model.Spec);
        return new EquatableArray<GeneratedFile>(new[]
        {
            DeclarationFile.Write(model, "Parameters", "[MetaLearner]", Usings, w => ParametersEmitter.Emit(model, plan, w)),
            DeclarationFile.Write(model, "Network", "[MetaLearner]", NetworkUsings, w => NetworkEmitter.Emit(model, plan, w)),
            DeclarationFile.Write(model, "Trainer", "[MetaLearner]", TrainerEmitter.Usings, w => TrainerEmitter.Emit(model, plan, w)),
            DeclarationFile.Write(model, "Graph", "[MetaLearner]", Usings, w => GraphEmitter.Emit(model, plan, w)),
        });
    }
}

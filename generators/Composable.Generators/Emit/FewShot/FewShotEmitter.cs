using Composable.Generators.Emit.Shared;
using Composable.Generators.Model;

namespace Composable.Generators.Emit.FewShot;

/// <summary>
/// Emit stage of a [FewShotLearner] declaration: the <c>Network</c> (the backbone and the learner's module as named
/// fields, built in <see cref="FewShotPlan"/> order, and the scoring of exactly the declared learner over an episode),
/// the <c>Trainer</c> (declared outer optimiser and meta-batch; step, evaluation and fit as the run time's <c>EpisodicTrainer</c>), and
/// the <c>Graph</c> text. The operations are the run time's building blocks, called in the order the interpreted
/// <c>FewShotNetwork</c> calls them, so both compute identical numbers.
/// </summary>
internal static class FewShotEmitter
{
    private const string Attribute = "[FewShotLearner]";

    public static EquatableArray<GeneratedFile> Emit(DeclarationModel<FewShotLearnerSpec> model)
    {
        var plan = FewShotPlan.For(model.Spec);
        var usings = new[] { "System", "System.Collections.Generic", "TorchSharp" };
        return new EquatableArray<GeneratedFile>(new[]
        {
            DeclarationFile.Write(model, "Network", Attribute, new[] { "System", "Composable", "TorchSharp" }, w => NetworkEmitter.Emit(model, plan, w)),
            DeclarationFile.Write(model, "Trainer", Attribute, TrainerEmitter.Usings, w => TrainerEmitter.Emit(model, w)),
            DeclarationFile.Write(model, "Graph", Attribute, usings, w => GraphEmitter.Emit(model, plan, w)),
        });
    }
}

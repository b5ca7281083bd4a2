using System;
using Composable.Generators.Emit.MultiTask;
using Composable.Generators.Emit.Shared;
using Composable.Generators.Model;
using static Composable.Generators.Emit.Shared.Expressions;

namespace Composable.Generators.Emit.Transfer;

/// <summary>
/// The <c>Trainer</c> of a [FineTuning] declaration: the run time's <c>BlockTraining</c> (frozen blocks, one optimiser
/// group per training block at its rate, the schedule, thawing at epoch ends) over the generated <c>Model</c>, the
/// source's weights loaded by name, and each step the typed weighted sum of the target losses.
/// </summary>
internal static class TrainerEmitter
{
    /// <summary>Members of the generated Trainer: a declaring class so named is spelled in full there.</summary>
    private static readonly string[] TrainerMembers =
    {
        "Model", "Device", "Steps", "Create", "Step", "ComputeLosses", "Evaluate", "Fit", "Dispose", "EndEpoch", "Plan", "Blocks", "LoadSource", "ResumeAt",
    };

    public static void Emit(DeclarationModel<FineTuningSpec> model, EmitContext c, SourceWriter w)
    {
        var spec = model.Spec;
        var declaringType = Array.IndexOf(TrainerMembers, model.TypeName) >= 0 ? model.QualifiedName : model.TypeName;
        var declaration = $"{declaringType}.{model.FieldName}";
        w.Line("/// <summary>");
        w.Line($"/// Fine-tunes <see cref=\"Model\"/> on {Escape(c.ObjectiveText)} with {Escape(OptimizerText(spec.Optimizer))}: {Escape(FineTuningGraphText.DescribeTraining(spec))}.");
        w.Line("/// Load the source's weights with <see cref=\"LoadSource(string, Func{string, string}?)\"/> first. Computes what");
        w.Line("/// <c>Composable.Transfer.FineTuningTrainer</c> computes for the same declaration and seed.");
        w.Line("/// </summary>");
        w.Open("public sealed class Trainer : IFineTuningTrainer");
        w.Line("private readonly BlockTraining _blocks;");
        w.Line("private readonly torch.Generator _random;");
        w.Line();
        w.Open("private Trainer(Model model, torch.Device device, int seed)");
        w.Line("Device = device;");
        w.Line("Model = model.to(device);");
        w.Line("_blocks = new BlockTraining(Plan, Model);");
        w.Line("_random = TrainerRandom.ForTraining(seed, device);");
        w.Line("TrainerRandom.Attach(Model, _random);");
        w.Close();
        w.Line();
        w.Line("/// <summary>The declaration's plan: blocks bottom first, each with its rate and the epoch it thaws.</summary>");
        w.Line($"public static FineTuningPlan Plan {{ get; }} = FineTuningPlan.For({declaration});");
        w.Line();
        w.Line("/// <summary>");
        w.Line("/// Builds the model on the CPU with initial weights drawn for <paramref name=\"seed\"/> (<see cref=\"TrainerRandom.Build{T}\"/>, in any thread;");
        w.Line("/// fresh weights: load the source's with <see cref=\"LoadSource(string, Func{string, string}?)\"/>) and moves it to <paramref name=\"device\"/> (the CPU when null).");
        w.Line("/// </summary>");
        w.Line("/// <exception cref=\"ArgumentException\"><paramref name=\"device\"/> cannot be used here.</exception>");
        w.Open("public static Trainer Create(int seed, torch.Device? device = null)");
        w.Line("var resolved = TrainingDevice.Resolve(device);");
        w.Line("return new Trainer(TrainerRandom.Build(seed, () => new Model()), resolved, seed);");
        w.Close();
        w.Line();
        MultiTask.TrainerEmitter.EmitModelDeviceAndSteps(w, "fine-tuned");
        w.Line("/// <summary>The blocks: which train now, the epoch, the schedule's factor.</summary>");
        w.Line("public BlockTraining Blocks => _blocks;");
        w.Line();
        w.Line("FineTuningPlan IFineTuningTrainer.Plan => Plan;");
        w.Line();
        w.Line("IMultiTaskModule IMultiTaskTrainer.Network => Model;");
        w.Line();
        w.Line("nn.Module ITrainer.Module => Model;");
        w.Line();
        w.Line("torch.optim.Optimizer IResumableTrainer.Optimizer => _blocks.Optimizer;");
        w.Line();
        w.Line("torch.Generator IResumableTrainer.TrainingGenerator => _random;");
        w.Line();
        w.Line($"string IResumableTrainer.Declaration => {declaration}.ToString();");
        w.Line();
        w.Line("void IResumableTrainer.ResumeAt(long steps) => Steps = steps;");
        w.Line();
        w.Line("global::Composable.Checkpoints.IResumable IResumableTrainer.ObjectiveState => _blocks;");
        w.Line();
        w.Line("/// <summary>Loads the source's blocks (and kept heads) from a checkpoint file (safetensors or PyTorch); nothing changes when it does not fit.</summary>");
        w.Line("public void LoadSource(string path, Func<string, string>? rename = null) => SourceWeights.Load(Plan, Model, path, rename);");
        w.Line();
        w.Line("/// <summary>Loads the source's blocks (and kept heads) from a trained network in memory, by state-dict name.</summary>");
        w.Line("public void LoadSource(nn.Module source, Func<string, string>? rename = null) =>");
        w.Line("    SourceWeights.Load(Plan, Model, global::Composable.Checkpoints.StateDict.Of(source), rename, $\"the {source.GetType().Name} given\");");
        w.Line();
        w.Line("/// <summary>");
        w.Line("/// One step inside its own dispose scope: the batch checked against <see cref=\"Target\"/> (<c>BatchChecks</c>), train mode (frozen blocks' normalisation in eval), each group's rate at its");
        w.Line("/// base × the schedule's factor, zero_grad, the weighted sum of the batch's task losses, backward, step.");
        w.Line("/// </summary>");
        w.Open("public StepResult Step(Batch batch)");
        StepKernels.Emit(w, FineTuningPlan.BackboneOf(spec.Source), "Plan.SourceBackbone");
        w.Line("using var scope = torch.NewDisposeScope();");
        w.Line("var untyped = batch.ToUntyped().To(Device);");
        w.Line("BatchChecks.ThrowIfInvalid(Target, untyped);");
        w.Line("batch = Batch.From(untyped);");
        w.Line("Model.train();");
        w.Line("_blocks.BeginStep(Steps);");
        w.Line("_blocks.Optimizer.zero_grad();");
        w.Line("var losses = ComputeLosses(batch);");
        w.Line($"Divergence.ThrowIfNotFinite(Steps + 1, losses.Total, Target, {MultiTask.TrainerEmitter.LossList(c.Tasks)});");
        w.Line("losses.Total.backward();");
        w.Line("_blocks.Optimizer.step();");
        w.Line($"return StepResults.Read(++Steps, losses.Total, {MultiTask.TrainerEmitter.LossList(c.Tasks)});");
        w.Close();
        w.Line();
        w.Line("/// <summary>One optimisation step on an untyped batch (tasks in declaration order).</summary>");
        w.Line("public StepResult Step(MultiTaskBatch batch) => Step(Batch.From(batch));");
        w.Line();
        MultiTask.TrainerEmitter.EmitComputeLosses(c, w);
        w.Line("/// <summary>Ends an epoch: blocks due to thaw get their gradients back and join the optimiser. <c>Fit</c> calls it.</summary>");
        w.Line("public void EndEpoch() => _blocks.EndEpoch();");
        w.Line();
        w.Line("/// <summary>Metrics and losses of every target task on <paramref name=\"data\"/>, in eval mode without gradients.</summary>");
        w.Line("public EvaluationReport Evaluate(MultiTaskDataset data) => Evaluator.Evaluate(Model, data);");
        w.Line();
        w.Line("/// <summary>Trains on <paramref name=\"train\"/> for the budget in <paramref name=\"options\"/>; blocks thaw as epochs end.</summary>");
        w.Line("public FitResult Fit(MultiTaskDataset train, FitOptions options, MultiTaskDataset? validation = null) => TrainingLoop.Fit(this, train, options, validation);");
        w.Line();
        w.Line("/// <summary>Releases the optimiser and the model.</summary>");
        w.Open("public void Dispose()");
        w.Line("_blocks.Dispose();");
        w.Line("_random.Dispose();");
        w.Line("Model.Dispose();");
        w.Close();
        w.Close();
    }
}

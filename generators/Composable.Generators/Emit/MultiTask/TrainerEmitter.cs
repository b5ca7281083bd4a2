using System;
using System.Linq;
using Composable.Generators.Emit.Shared;
using static Composable.Generators.Emit.Shared.Expressions;

namespace Composable.Generators.Emit.MultiTask;

/// <summary>The <c>Trainer</c> of a [MultiTaskModel] declaration: the declared optimiser and objective over the typed batch.</summary>
internal static class TrainerEmitter
{
    // Members of the generated Trainer: a declaring class of one of these names must be spelled in full there. Types
    // are written torch.Device, torch.optim.Optimizer, as a declaring class may also be called like them.
    private static readonly string[] TrainerMembers = { "Model", "Device", "Steps", "Create", "Step", "ComputeLosses", "Evaluate", "Fit", "Dispose", "Weighting", "Combination", "UpperBound", "EndEpoch", "Optimizer", "ObjectiveState", "ResumeAt" };

    public static void Emit(EmitContext c, SourceWriter w)
    {
        var tasks = c.Tasks;
        var optimizer = Escape(OptimizerText(c.Spec.Optimizer));
        var declaringType = Array.IndexOf(TrainerMembers, c.TypeName) >= 0 ? c.Model.QualifiedName : c.TypeName;
        w.Line("/// <summary>");
        w.Line($"/// Trains <see cref=\"Model\"/> for exactly the declared objective, {Escape(c.ObjectiveText)}, with {optimizer}.");
        w.Line("/// A trainer from <see cref=\"Create\"/> owns its model and disposes it with the optimiser; one given a model keeps");
        w.Line("/// the caller's ownership of it and disposes only the optimiser.");
        w.Line("/// </summary>");
        w.Open("public sealed class Trainer : IMultiTaskTrainer");
        w.Line("private readonly torch.optim.Optimizer _optimizer;");
        w.Line("private readonly bool _ownsModel;");
        w.Line("private readonly torch.Generator _random;");
        w.Line();
        w.Line("/// <summary>");
        w.Line($"/// A trainer for <paramref name=\"model\"/>, moved to <paramref name=\"device\"/> (the CPU when null), with the declared {optimizer}.");
        w.Line("/// The caller keeps ownership of <paramref name=\"model\"/>.");
        w.Line("/// </summary>");
        w.Line("/// <param name=\"model\">The network; the caller keeps it.</param>");
        w.Line("/// <param name=\"device\">Where to train; the CPU when null.</param>");
        w.Line("/// <param name=\"seed\">Seeds the trainer's own random draws: dropout masks (its generator is handed to the model) and the objective's");
        w.Line("/// (random loss weights, PCGrad's and GradVac's task orders).</param>");
        w.Line("/// <exception cref=\"ArgumentException\"><paramref name=\"device\"/> cannot be used here.</exception>");
        w.Line("public Trainer(Model model, torch.Device? device = null, int seed = 0)");
        w.Line("    : this(model, TrainingDevice.Resolve(device), ownsModel: false, seed)");
        w.Line("{");
        w.Line("}");
        w.Line();
        var spec = $"{declaringType}.{c.Field}";
        var objective = AdaptiveObjective.Of(c, spec);
        w.Open("private Trainer(Model model, torch.Device device, bool ownsModel, int seed)");
        w.Line("Device = device;");
        w.Line("Model = model.to(device);");
        w.Line("_ownsModel = ownsModel;");
        w.Line("_random = TrainerRandom.ForTraining(seed, device);");
        w.Line("TrainerRandom.Attach(Model, _random);");
        if (objective is null)
        {
            w.Line($"_optimizer = Optimizers.CreateForTrainer({spec}.Optimizer, Model.parameters());");
        }
        else
        {
            w.Line($"{objective.Member} = {objective.Construction};");
            var parameters = objective.Member == "Weighting" ? "System.Linq.Enumerable.Concat(Model.parameters(), Weighting.Parameters)" : "Model.parameters()";
            w.Line($"_optimizer = Optimizers.CreateForTrainer({spec}.Optimizer, {parameters});");
        }
        w.Close();
        w.Line();
        w.Line("/// <summary>");
        w.Line("/// Builds the model on the CPU with initial weights drawn for <paramref name=\"seed\"/> (<see cref=\"TrainerRandom.Build{T}\"/>, in any thread)");
        w.Line("/// and moves it to <paramref name=\"device\"/> (the CPU when null): the same seed gives the same initial weights on every device.");
        w.Line("/// The trainer owns the model.");
        w.Line("/// </summary>");
        w.Line("/// <exception cref=\"ArgumentException\"><paramref name=\"device\"/> cannot be used here.</exception>");
        w.Open("public static Trainer Create(int seed, torch.Device? device = null)");
        w.Line("var resolved = TrainingDevice.Resolve(device);");
        w.Line("return new Trainer(TrainerRandom.Build(seed, () => new Model()), resolved, ownsModel: true, seed);");
        w.Close();
        w.Line();
        EmitModelDeviceAndSteps(w, "trained");
        if (objective is not null)
        {
            w.Line($"/// <summary>{objective.Summary}</summary>");
            w.Line($"public {objective.Type} {objective.Member} {{ get; }}");
            w.Line();
        }
        w.Line("IMultiTaskModule IMultiTaskTrainer.Network => Model;");
        w.Line();
        w.Line("nn.Module ITrainer.Module => Model;");
        w.Line();
        w.Line("torch.optim.Optimizer IResumableTrainer.Optimizer => _optimizer;");
        w.Line();
        w.Line("torch.Generator IResumableTrainer.TrainingGenerator => _random;");
        w.Line();
        if (objective is not null && c.Spec.Objective is not GeometricLoss)
        {
            w.Line($"IResumable? IResumableTrainer.ObjectiveState => {objective.Member};");
            w.Line();
        }
        w.Line("void IResumableTrainer.ResumeAt(long steps) => Steps = steps;");
        w.Line();
        if (objective is null)
        {
            w.Line("/// <summary>One optimisation step inside its own dispose scope, on <see cref=\"Device\"/>: zero_grad, forward, losses, backward, step.</summary>");
            w.Line("/// <exception cref=\"ArgumentException\">The batch does not fit the declaration (a NaN, a label out of range, a wrong dtype or shape, an empty task: the message names task, row and value); nothing changes.</exception>");
            w.Open("public StepResult Step(Batch batch)");
            StepPrologue(w, c, spec);
            w.Line("var losses = ComputeLosses(batch);");
            w.Line($"Divergence.ThrowIfNotFinite(Steps + 1, losses.Total, {spec}, {LossList(tasks)});");
            w.Line("losses.Total.backward();");
            w.Line("_optimizer.step();");
            w.Line($"return StepResults.Read(++Steps, losses.Total, {LossList(tasks)});");
            w.Close();
        }
        else
        {
            AdaptiveObjective.EmitStep(c, w, objective, spec);
        }
        w.Line();
        w.Line("/// <summary>One optimisation step on an untyped batch (tasks in declaration order).</summary>");
        w.Line("public StepResult Step(MultiTaskBatch batch) => Step(Batch.From(batch));");
        w.Line();
        EmitComputeLosses(c, w);
        w.Line("/// <summary>Metrics and losses of every task on <paramref name=\"data\"/>, in eval mode without gradients.</summary>");
        w.Line("public EvaluationReport Evaluate(MultiTaskDataset data) => Evaluator.Evaluate(Model, data);");
        w.Line();
        w.Line("/// <summary>Metrics and losses of every task on <paramref name=\"data\"/>, <paramref name=\"batchSize\"/> rows per forward pass.</summary>");
        w.Line("public EvaluationReport Evaluate(MultiTaskDataset data, int batchSize) => Evaluator.Evaluate(Model, data, batchSize);");
        w.Line();
        w.Line("/// <summary>Trains on <paramref name=\"train\"/> for the budget in <paramref name=\"options\"/>, sampling tasks as declared.</summary>");
        w.Line("public FitResult Fit(MultiTaskDataset train, FitOptions options, MultiTaskDataset? validation = null) => TrainingLoop.Fit(this, train, options, validation);");
        w.Line();
        w.Line("/// <summary>Releases the optimiser state and, when the trainer created the model (<see cref=\"Create\"/>), the model.</summary>");
        w.Open("public void Dispose()");
        w.Line("_optimizer.Dispose();");
        if (objective?.Member == "Weighting") w.Line("Weighting.Dispose();");
        w.Line("_random.Dispose();");
        w.Line("if (_ownsModel) Model.Dispose();");
        w.Close();
        w.Close();
    }

    /// <summary>The typed <c>ComputeLosses</c>: each task's loss, their weighted sum (plus the soft-sharing penalty).</summary>
    internal static void EmitComputeLosses(EmitContext c, SourceWriter w)
    {
        var tasks = c.Tasks;
        w.Line($"/// <summary>The task losses and the objective on <paramref name=\"batch\"/>; shared layers run once when all tasks share the inputs.</summary>");
        w.Open("public Losses ComputeLosses(Batch batch)");
        foreach (var t in tasks) w.Line($"Tensor? {t.Local} = null;");
        w.Open("if (batch.SharedInputs is { } inputs)");
        w.Line("var outputs = Model.forward(inputs);");
        foreach (var t in tasks) w.Line($"{t.Local} = {LossExpression(c.Plan.Tasks[t.Index], $"outputs.{t.Name}", $"batch.{t.Name}!.Targets")};");
        w.Close();
        w.Open("else");
        foreach (var t in tasks)
        {
            w.Line($"if (batch.{t.Name} is {{ }} {t.BatchLocal})");
            w.Line($"    {t.Local} = {LossExpression(c.Plan.Tasks[t.Index], $"Model.Forward{t.Name}({t.BatchLocal}.Inputs)", $"{t.BatchLocal}.Targets")};");
        }
        w.Close();
        w.Line("Tensor? total = null;");
        foreach (var t in tasks)
        {
            var weight = c.Plan.Tasks[t.Index].Weight;
            var weighted = weight == 1.0 ? t.Local : $"{t.Local} * {HeldScalar(weight)}";
            w.Line($"if ({t.Local} is not null) total = total is null ? {weighted} : total.add({weighted}, {One});");
        }
        if (c.Spec.Sharing is SoftSharing soft)
        {
            w.Line($"if (total is null) throw new ArgumentException(\"The batch holds no task of {c.TypeName}.\", nameof(batch));");
            w.Line($"var penalty = Model.SharingPenalty() * {HeldScalar(soft.Strength)};");
            w.Line($"return new Losses({string.Join(", ", tasks.Select(t => t.Local))}, penalty, total.add(penalty, {One}));");
        }
        else
        {
            w.Line($"return new Losses({string.Join(", ", tasks.Select(t => t.Local))}, total ?? throw new ArgumentException(\"The batch holds no task of {c.TypeName}.\", nameof(batch)));");
        }
        w.Close();
        w.Line();
    }

    /// <summary>The <c>Model</c>, <c>Device</c> and <c>Steps</c> properties every multi-task trainer has.</summary>
    internal static void EmitModelDeviceAndSteps(SourceWriter w, string trained)
    {
        w.Line($"/// <summary>The network being {trained}.</summary>");
        w.Line("public Model Model { get; }");
        w.Line();
        w.Line("/// <summary>The device of the model; batches elsewhere are moved to it.</summary>");
        w.Line("public torch.Device Device { get; }");
        w.Line();
        w.Line("/// <summary>Optimisation steps taken so far.</summary>");
        w.Line("public long Steps { get; private set; }");
        w.Line();
    }

    /// <summary>The start of every step: its dispose scope, the batch checked against the declaration (<c>BatchChecks</c>) before anything changes and moved to the device, train mode, zero_grad.</summary>
    internal static void StepPrologue(SourceWriter w, EmitContext c, string spec)
    {
        StepKernels.Emit(w, c.Spec.Backbone, $"{spec}.Backbone");
        w.Line("using var scope = torch.NewDisposeScope();");
        w.Line($"BatchChecks.ThrowIfInvalid({spec}, batch.ToUntyped());");
        w.Line("batch = Batch.From(batch.ToUntyped().To(Device));");
        w.Line("if (!Model.training) Model.train();");
        w.Line("_optimizer.zero_grad();");
    }

    internal static string LossList(System.Collections.Generic.IEnumerable<TaskInfo> tasks) => string.Join(", ", tasks.Select(t => "losses." + t.Name));

    /// <summary>The run-time method of the task's planned loss, named like the <see cref="Loss"/> member.</summary>
    internal static string LossExpression(TaskPlan task, string outputs, string targets) =>
        $"LossFunctions.{task.Loss}({outputs}, {targets})";
}

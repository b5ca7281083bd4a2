using System;
using System.Linq;
using Composable.Generators.Emit.Shared;
using static Composable.Generators.Emit.Shared.Expressions;

namespace Composable.Generators.Emit.MultiTask;

/// <summary>The <c>Trainer</c> of a [MultiTaskModel] declaration: the declared optimiser and objective over the typed batch.</summary>
internal static class TrainerEmitter
{
    public static void Emit(EmitContext c, SourceWriter w)
    {
        var tasks = c.Tasks;
        w.Line($"/// <summary>Trains <see cref=\"Model\"/> for exactly the declared objective, {Escape(c.ObjectiveText)}, with {Escape(Expressions.OptimizerText(c.Spec.Optimizer))}.</summary>");
        w.Open("public sealed class Trainer : IMultiTaskTrainer, IDisposable");
        w.Line("private readonly torch.optim.Optimizer _optimizer;");
        w.Line("private long _steps;");
        w.Line();
        w.Line("/// <summary>A trainer for <paramref name=\"model\"/> with the declared optimiser.</summary>");
        w.Open("public Trainer(Model model)");
        w.Line("Model = model;");
        w.Line($"_optimizer = {OptimizerExpression(c.Spec.Optimizer, "model.parameters()")};");
        w.Close();
        w.Line();
        w.Line("/// <summary>Seeds torch's generator with <paramref name=\"seed\"/>, then builds the model: the same seed gives the same initial weights.</summary>");
        w.Open("public static Trainer Create(int seed)");
        w.Line("torch.manual_seed(seed);");
        w.Line("return new Trainer(new Model());");
        w.Close();
        w.Line();
        w.Line("/// <summary>The network being trained.</summary>");
        w.Line("public Model Model { get; }");
        w.Line();
        w.Line("/// <summary>Number of optimisation steps taken.</summary>");
        w.Line("public long Steps => _steps;");
        w.Line();
        w.Line("IMultiTaskModule IMultiTaskTrainer.Network => Model;");
        w.Line();
        w.Line("/// <summary>One optimisation step inside its own dispose scope: zero_grad, forward, losses, backward, step.</summary>");
        w.Open("public StepResult Step(Batch batch)");
        w.Line("using var scope = torch.NewDisposeScope();");
        w.Line("if (!Model.training) Model.train();");
        w.Line("_optimizer.zero_grad();");
        w.Line("var losses = ComputeLosses(batch);");
        w.Line("losses.Total.backward();");
        w.Line("_optimizer.step();");
        w.Line($"return StepResults.Read(++_steps, losses.Total, {string.Join(", ", tasks.Select(t => "losses." + t.Name))});");
        w.Close();
        w.Line();
        w.Line("/// <summary>One optimisation step on an untyped batch (tasks in declaration order).</summary>");
        w.Line("public StepResult Step(MultiTaskBatch batch) => Step(Batch.From(batch));");
        w.Line();
        w.Line($"/// <summary>The task losses and the objective on <paramref name=\"batch\"/>; shared layers run once when all tasks share the inputs.</summary>");
        w.Open("public Losses ComputeLosses(Batch batch)");
        foreach (var t in tasks) w.Line($"Tensor? {t.Local} = null;");
        w.Open("if (batch.SharedInputs is { } inputs)");
        w.Line("var outputs = Model.forward(inputs);");
        foreach (var t in tasks) w.Line($"{t.Local} = {LossExpression(t.Spec, $"outputs.{t.Name}", $"batch.{t.Name}!.Targets")};");
        w.Close();
        w.Open("else");
        foreach (var t in tasks)
        {
            w.Line($"if (batch.{t.Name} is {{ }} {t.BatchLocal})");
            w.Line($"    {t.Local} = {LossExpression(t.Spec, $"Model.Forward{t.Name}({t.BatchLocal}.Inputs)", $"{t.BatchLocal}.Targets")};");
        }
        w.Close();
        w.Line("Tensor? total = null;");
        foreach (var t in tasks)
        {
            var weighted = t.Spec.Weight == 1.0 ? t.Local : $"{t.Local} * {Number(t.Spec.Weight)}";
            w.Line($"if ({t.Local} is not null) total = total is null ? {weighted} : total + {weighted};");
        }
        if (c.Spec.Sharing is SoftSharing soft)
        {
            w.Line($"if (total is null) throw new ArgumentException(\"The batch holds no task of {c.TypeName}.\", nameof(batch));");
            w.Line($"var penalty = Model.SharingPenalty() * {Number(soft.Strength)};");
            w.Line($"return new Losses({string.Join(", ", tasks.Select(t => t.Local))}, penalty, total + penalty);");
        }
        else
        {
            w.Line($"return new Losses({string.Join(", ", tasks.Select(t => t.Local))}, total ?? throw new ArgumentException(\"The batch holds no task of {c.TypeName}.\", nameof(batch)));");
        }
        w.Close();
        w.Line();
        w.Line("/// <summary>Metrics and losses of every task on <paramref name=\"data\"/>, in eval mode without gradients.</summary>");
        w.Line("public EvaluationReport Evaluate(MultiTaskDataset data, int batchSize = 1024) => Evaluator.Evaluate(Model, data, batchSize);");
        w.Line();
        w.Line("/// <summary>Trains on <paramref name=\"train\"/> for the budget in <paramref name=\"options\"/>, sampling tasks as declared.</summary>");
        w.Line("public FitResult Fit(MultiTaskDataset train, FitOptions options, MultiTaskDataset? validation = null) => TrainingLoop.Fit(this, train, options, validation);");
        w.Line();
        w.Line("/// <summary>Releases the optimiser state.</summary>");
        w.Line("public void Dispose() => _optimizer.Dispose();");
        w.Close();
    }

    private static string LossExpression(TaskSpec task, string outputs, string targets) => task.EffectiveLoss switch
    {
        Loss.MeanAbsoluteError => $"nn.functional.l1_loss({outputs}, {targets})",
        Loss.Huber => $"nn.functional.huber_loss({outputs}, {targets}, 1.0)",
        Loss.BinaryCrossEntropy => $"nn.functional.binary_cross_entropy_with_logits({outputs}, {targets})",
        Loss.CrossEntropy => $"nn.functional.cross_entropy({outputs}, {targets})",
        _ => $"nn.functional.mse_loss({outputs}, {targets})",
    };

    private static string OptimizerExpression(Optimizer optimizer, string parameters) => optimizer switch
    {
        Sgd sgd => $"torch.optim.SGD({parameters}, {Number(sgd.LearningRate)}, momentum: {Number(sgd.Momentum)}, weight_decay: {Number(sgd.WeightDecay)}, nesterov: {(sgd.Nesterov ? "true" : "false")})",
        // FlatAdam, not torch.optim.Adam: the same updates over one buffer of all parameters, a few native calls
        // per step instead of a few per parameter tensor (Optimizers.CreateForTrainer gives the interpreter the same).
        AdamW adamW => $"new FlatAdam({parameters}, lr: {Number(adamW.LearningRate)}, beta1: {Number(adamW.Beta1)}, beta2: {Number(adamW.Beta2)}, weight_decay: {Number(adamW.WeightDecay)}, decoupled: true)",
        Adam adam => $"new FlatAdam({parameters}, lr: {Number(adam.LearningRate)}, beta1: {Number(adam.Beta1)}, beta2: {Number(adam.Beta2)}, weight_decay: {Number(adam.WeightDecay)})",
        _ => throw new ArgumentOutOfRangeException(nameof(optimizer)),
    };
}

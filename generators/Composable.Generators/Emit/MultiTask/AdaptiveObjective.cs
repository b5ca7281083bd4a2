using System.Linq;
using Composable.Generators.Emit.Shared;

namespace Composable.Generators.Emit.MultiTask;

/// <summary>
/// The trainer member and step of an adaptive objective: a loss weighting's weighter (<c>Weighting</c>), a gradient
/// combination's step (<c>Combination</c>) or MGDA-UB's (<c>UpperBound</c>). Each step does only its method's work: one
/// backward pass for a loss weighting and for MGDA-UB (after one cheap pass per task to the representation), one pass per
/// task on the shared parameters for a gradient combination.
/// </summary>
internal sealed class AdaptiveObjective
{
    private AdaptiveObjective(string member, string type, string construction, string summary)
    {
        Member = member;
        Type = type;
        Construction = construction;
        Summary = summary;
    }

    public string Member { get; }

    public string Type { get; }

    public string Construction { get; }

    public string Summary { get; }

    /// <summary>The member of <paramref name="c"/>'s objective, null for a fixed weighted sum; <paramref name="spec"/> is the declaration's expression.</summary>
    public static AdaptiveObjective? Of(EmitContext c, string spec)
    {
        var tasks = c.Tasks.Count;
        var objective = c.Spec.Objective;
        var declared = $"({objective.GetType().Name}){spec}.Objective";
        var shared = $"new SharedParameters(Model, ModelPlan.For({spec}).ObjectivePlan)";
        var name = objective.ShortName;
        switch (objective)
        {
            case UncertaintyWeighting:
                var regression = string.Join(", ", c.Plan.Tasks.Select(t => ObjectivePlan.IsRegression(t.Loss) ? "true" : "false"));
                return Weighting("UncertaintyWeighter", $"new UncertaintyWeighter({declared}, new[] {{ {regression} }})",
                    $"{name}: the learned log-variances s_t (in the optimiser with the model).");
            case DynamicWeightAverage:
                return Weighting("DynamicWeightAverager", $"new DynamicWeightAverager({declared}, {tasks})", $"{name}: the loss history and the epoch's weights.");
            case RandomLossWeighting:
                return Weighting("RandomLossWeighter", $"new RandomLossWeighter({tasks}, seed)", $"{name}: the weights' generator, seeded with the trainer's seed.");
            case GradNorm:
                return Weighting("GradNormWeighter", $"new GradNormWeighter({declared}, {shared})",
                    $"{name}: the learned task weights (in the optimiser), balancing gradient norms on {string.Join(", ", c.Plan.ObjectivePlan.LastSharedLayer)}.");
            case ImtlLoss:
                return Weighting("ImtlLossWeighter", $"new ImtlLossWeighter({tasks})", $"{name}: the learned loss scales s_t (in the optimiser with the model).");
            case GeometricLoss:
                return Weighting("GeometricLossWeighter", "new GeometricLossWeighter()", $"{name}: the geometric mean of the task losses.");
            case Mgda { UpperBound: true }:
                return new AdaptiveObjective("UpperBound", "UpperBoundStep", $"new UpperBoundStep({declared}, {tasks}, seed)",
                    $"{name}: min-norm coefficients from the task gradients at the trunk's output.");
            case GradientCombination:
                var sharedCount = c.Plan.ObjectivePlan.Shared.Count;
                return new AdaptiveObjective("Combination", "GradientCombinationStep", $"new GradientCombinationStep({declared}, {shared}, seed)",
                    $"{name}: one gradient per task on the {sharedCount} shared parameter tensors, combined into one update.");
            default:
                return null;
        }
    }

    private static AdaptiveObjective Weighting(string type, string construction, string summary) => new("Weighting", type, construction, summary);

    /// <summary>The <c>Step</c> (and <c>EndEpoch</c>) of <paramref name="objective"/>.</summary>
    public static void EmitStep(EmitContext c, SourceWriter w, AdaptiveObjective objective, string spec)
    {
        var tasks = c.Tasks;
        var name = c.Spec.Objective.ShortName;
        var scaled = $"ObjectiveLosses.Scaled({spec}, new Tensor?[] {{ {TrainerEmitter.LossList(tasks)} }})";
        switch (objective.Member)
        {
            case "Weighting":
                w.Line($"/// <summary>One optimisation step inside its own dispose scope, on <see cref=\"Device\"/>: zero_grad, forward, losses, {name}'s objective, one backward, step.</summary>");
                w.Line("/// <exception cref=\"ArgumentException\">The batch lacks a task (every task is weighed every step); or it does not fit the declaration (a NaN, a label out of range, a wrong dtype or shape: the message names task, row and value).</exception>");
                w.Open("public StepResult Step(Batch batch)");
                TrainerEmitter.StepPrologue(w, c, spec);
                w.Line("var losses = ComputeLosses(batch);");
                w.Line($"var (objective, weights) = Weighting.Combine({scaled});");
                if (c.Spec.Sharing is SoftSharing) w.Line($"objective = objective.add(losses.Penalty, {Expressions.One});");
                w.Line($"Divergence.ThrowIfNotFinite(Steps + 1, objective, {spec}, {TrainerEmitter.LossList(tasks)});");
                w.Line("objective.backward();");
                w.Line("_optimizer.step();");
                if (c.Spec.Objective is GradNorm) w.Line("Weighting.AfterStep();");
                w.Line($"return StepResults.Read(++Steps, objective, weights, {TrainerEmitter.LossList(tasks)});");
                w.Close();
                if (c.Spec.Objective is DynamicWeightAverage)
                {
                    w.Line();
                    w.Line("/// <summary>Ends a training epoch: the epoch's mean losses set the next epoch's weights; <see cref=\"Fit\"/> calls it after every epoch.</summary>");
                    w.Line("public void EndEpoch() => Weighting.EndEpoch();");
                }
                break;
            case "Combination":
                w.Line($"/// <summary>One optimisation step inside its own dispose scope, on <see cref=\"Device\"/>: zero_grad, forward, losses, one gradient per task on the shared parameters, {name}'s combination, step.</summary>");
                w.Line("/// <exception cref=\"ArgumentException\">The batch lacks a task (every task's gradient is combined every step); or it does not fit the declaration (a NaN, a label out of range, a wrong dtype or shape: the message names task, row and value).</exception>");
                w.Open("public StepResult Step(Batch batch)");
                TrainerEmitter.StepPrologue(w, c, spec);
                w.Line("var losses = ComputeLosses(batch);");
                w.Line($"Divergence.ThrowIfNotFinite(Steps + 1, losses.Total, {spec}, {TrainerEmitter.LossList(tasks)});");
                w.Line($"var coefficients = Combination.Backward({scaled});");
                w.Line("_optimizer.step();");
                w.Line($"return StepResults.Read(++Steps, losses.Total, coefficients, {TrainerEmitter.LossList(tasks)});");
                w.Close();
                break;
            case "UpperBound":
                w.Line("/// <summary>One optimisation step inside its own dispose scope, on <see cref=\"Device\"/>: zero_grad, forward through the trunk once, losses, MGDA-UB's coefficients from the gradients at the trunk's output, one backward of Σ α_t·loss_t, step.</summary>");
                w.Line("/// <exception cref=\"ArgumentException\">The batch lacks a task, or its tasks read different inputs; or it does not fit the declaration (a NaN, a label out of range, a wrong dtype or shape: the message names task, row and value).</exception>");
                w.Open("public StepResult Step(Batch batch)");
                TrainerEmitter.StepPrologue(w, c, spec);
                w.Line("if (batch.SharedInputs is not { } inputs)");
                w.Line("    throw new ArgumentException(\"MGDA-UB needs every task in every batch, all reading the same inputs (one shared representation per step).\", nameof(batch));");
                w.Line("var (representation, outputs) = Model.ForwardFromRepresentation(inputs);");
                foreach (var t in tasks)
                    w.Line($"var {t.Local} = {TrainerEmitter.LossExpression(c.Plan.Tasks[t.Index], $"outputs.{t.Name}", $"batch.{t.Name}!.Targets")};");
                var locals = string.Join(", ", tasks.Select(t => t.Local));
                w.Line($"var scaled = ObjectiveLosses.Scaled({spec}, new Tensor?[] {{ {locals} }});");
                w.Line($"Divergence.ThrowIfNotFinite(Steps + 1, ObjectiveLosses.Sum(scaled), {spec}, {locals});");
                w.Line("var (objective, coefficients) = UpperBound.Weigh(scaled, representation);");
                w.Line("objective.backward();");
                w.Line("_optimizer.step();");
                w.Line($"return StepResults.Read(++Steps, ObjectiveLosses.Sum(scaled), coefficients, {locals});");
                w.Close();
                break;
        }
    }
}

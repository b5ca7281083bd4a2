using System;
using System.Collections.Generic;
using System.Linq;
using Composable.Data;
using Composable.Evaluation;
using Composable.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Composable.Interpretation;

/// <summary>
/// The run-time counterpart of a generated <c>Trainer</c>: the same step (zero_grad, forward, losses,
/// weighted sum, backward, step) over an <see cref="InterpretedModel"/>, in the same order of operations.
/// </summary>
public sealed class InterpretedTrainer : IMultiTaskTrainer, IDisposable
{
    private readonly optim.Optimizer _optimizer;
    private long _steps;

    /// <summary>A trainer for <paramref name="model"/> with its declaration's optimiser.</summary>
    public InterpretedTrainer(InterpretedModel model)
    {
        Model = model;
        _optimizer = Optimizers.CreateForTrainer(model.Spec.Optimizer, model.parameters());
    }

    /// <summary>Seeds torch's generator with <paramref name="seed"/>, then builds the model of <paramref name="spec"/>.</summary>
    public static InterpretedTrainer Create(MultiTaskSpec spec, int seed)
    {
        Declarations.ThrowIfInvalid(spec);
        manual_seed(seed);
        return new InterpretedTrainer(new InterpretedModel(spec));
    }

    /// <summary>The network being trained.</summary>
    public InterpretedModel Model { get; }

    /// <inheritdoc />
    public IMultiTaskModule Network => Model;

    /// <inheritdoc />
    public StepResult Step(MultiTaskBatch batch)
    {
        using var scope = NewDisposeScope();
        if (!Model.training) Model.train();
        _optimizer.zero_grad();
        var (losses, _, total) = ComputeLosses(batch);
        total.backward();
        _optimizer.step();
        return StepResults.Read(++_steps, total, losses);
    }

    /// <summary>
    /// Per-task losses (null for tasks not in the batch), the soft-sharing penalty λ·Ω (null for other topologies)
    /// and the objective: the weighted sum of the task losses plus the penalty.
    /// </summary>
    public (Tensor?[] Losses, Tensor? Penalty, Tensor Total) ComputeLosses(MultiTaskBatch batch)
    {
        var tasks = Model.Spec.Tasks;
        if (batch.Tasks.Count != tasks.Count)
            throw new ArgumentException($"The declaration has {tasks.Count} tasks but the batch holds {batch.Tasks.Count}.", nameof(batch));
        var losses = new Tensor?[tasks.Count];
        var allPresent = batch.Tasks.All(b => b is not null);
        if (allPresent && batch.SharedInputs is { } inputs)
        {
            var outputs = Model.ForwardAll(inputs);
            for (var t = 0; t < tasks.Count; t++)
                losses[t] = LossFunctions.Compute(tasks[t], outputs[t], batch[t]!.Targets);
        }
        else
        {
            for (var t = 0; t < tasks.Count; t++)
                if (batch[t] is { } taskBatch)
                    losses[t] = LossFunctions.Compute(tasks[t], Model.ForwardTask(t, taskBatch.Inputs), taskBatch.Targets);
        }
        Tensor? total = null;
        for (var t = 0; t < tasks.Count; t++)
        {
            if (losses[t] is not { } loss) continue;
            var weighted = tasks[t].Weight == 1.0 ? loss : loss * tasks[t].Weight;
            total = total is null ? weighted : total + weighted;
        }
        if (total is null) throw new ArgumentException("The batch holds no task.", nameof(batch));
        Tensor? penalty = null;
        if (Model.Spec.Sharing is SoftSharing soft)
        {
            penalty = Model.SharingPenalty() * soft.Strength;
            total = total + penalty;
        }
        return (losses, penalty, total);
    }

    /// <summary>Metrics and losses of every task on <paramref name="data"/>.</summary>
    public EvaluationReport Evaluate(MultiTaskDataset data, int batchSize = 1024) => Evaluator.Evaluate(Model, data, batchSize);

    /// <summary>Trains on <paramref name="train"/> within the budget of <paramref name="options"/>.</summary>
    public FitResult Fit(MultiTaskDataset train, FitOptions options, MultiTaskDataset? validation = null) =>
        TrainingLoop.Fit(this, train, options, validation);

    /// <summary>Releases the optimiser state.</summary>
    public void Dispose() => _optimizer.Dispose();
}

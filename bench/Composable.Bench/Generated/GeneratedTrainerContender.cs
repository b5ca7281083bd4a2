using System;
using System.Collections.Generic;
using System.Linq;
using Composable.Bench.Measurement;
using Composable.Data;
using Composable.Training;
using static TorchSharp.torch;

namespace Composable.Bench.Generated;

/// <summary>
/// The generated <c>Trainer.Step</c> of one hard-sharing declaration (three tasks: income, marital, age) on the fixed
/// batches. The generated trainers and batches of different declarations are distinct types, so the typed batch and step
/// come in as functions; so does the loss the peer measures, which the declaration's weights decide.
/// </summary>
/// <typeparam name="TTrainer">The declaration's generated trainer.</typeparam>
/// <typeparam name="TBatch">The declaration's generated batch.</typeparam>
internal sealed class GeneratedTrainerContender<TTrainer, TBatch> : IStepContender
    where TTrainer : IMultiTaskTrainer
{
    private readonly FixedBatches data;
    private readonly TTrainer trainer;
    private readonly TBatch[] batches;
    private readonly Action<TTrainer, TBatch> step;
    private readonly Func<IReadOnlyList<Tensor>, HardSharingBatch, Tensor> loss;
    private int next;

    /// <param name="name">Report column.</param>
    /// <param name="data">The fixed batches every contender cycles through.</param>
    /// <param name="trainer">The trainer, created from the bench seed; this contender disposes it.</param>
    /// <param name="toBatch">The declaration's typed batch of the income, marital and age task batches.</param>
    /// <param name="step">One training step of the trainer.</param>
    /// <param name="loss">The loss of the network's outputs (income, marital, age) on a batch, as the peer computes it.</param>
    public GeneratedTrainerContender(
        string name,
        FixedBatches data,
        TTrainer trainer,
        Func<TaskBatch, TaskBatch, TaskBatch, TBatch> toBatch,
        Action<TTrainer, TBatch> step,
        Func<IReadOnlyList<Tensor>, HardSharingBatch, Tensor> loss)
    {
        Name = name;
        this.data = data;
        this.trainer = trainer;
        this.step = step;
        this.loss = loss;
        // All three tasks read the same inputs tensor, so the generated step runs the trunk once.
        batches = data.Batches
            .Select(b => toBatch(new TaskBatch(b.Inputs, b.Income), new TaskBatch(b.Inputs, b.Marital), new TaskBatch(b.Inputs, b.Age)))
            .ToArray();
    }

    public string Name { get; }

    public void Step()
    {
        step(trainer, batches[next]);
        next = (next + 1) % batches.Length;
    }

    /// <summary>The loss averaged over the fixed batches: what the peer measures.</summary>
    public double MeasureLoss() => EvalMode.Measure(trainer.Module, () => data.Batches.Average(batch =>
        (double)loss(trainer.Network.ForwardAll(batch.Inputs), batch).item<float>()));

    public void Dispose() => trainer.Dispose(); // the trainer created the model, and disposes it
}

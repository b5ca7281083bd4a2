using System;
using System.Linq;
using Composable.Bench.Measurement;
using Composable.Data;
using Composable.Training;
using static TorchSharp.torch;

namespace Composable.Bench.Objectives;

/// <summary>
/// One objective's generated contender: the generated <c>Trainer.Step</c> of its declaration on the hard-sharing batches.
/// The generated trainers and batches are distinct types, so the typed batch and step come in as functions.
/// </summary>
/// <typeparam name="TTrainer">The declaration's generated trainer.</typeparam>
/// <typeparam name="TBatch">The declaration's generated batch.</typeparam>
internal sealed class GeneratedObjectiveContender<TTrainer, TBatch> : IStepContender
    where TTrainer : IMultiTaskTrainer
{
    private readonly FixedBatches data;
    private readonly TTrainer trainer;
    private readonly TBatch[] batches;
    private readonly Action<TTrainer, TBatch> step;
    private int next;

    /// <param name="name">Report column, <c>generated-</c> and the method's key.</param>
    /// <param name="data">The fixed batches every contender cycles through.</param>
    /// <param name="trainer">The trainer, created from the bench seed; this contender disposes it.</param>
    /// <param name="toBatch">The declaration's typed batch of the income, marital and age task batches.</param>
    /// <param name="step">One training step of the trainer.</param>
    public GeneratedObjectiveContender(
        string name,
        FixedBatches data,
        TTrainer trainer,
        Func<TaskBatch, TaskBatch, TaskBatch, TBatch> toBatch,
        Action<TTrainer, TBatch> step)
    {
        Name = name;
        this.data = data;
        this.trainer = trainer;
        this.step = step;
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

    /// <summary>The sum of the three task losses (every weight 1), averaged over the fixed batches: what the peer measures.</summary>
    public double MeasureLoss() => EvalMode.Measure(trainer.Module, () => data.Batches.Average(batch =>
    {
        var outputs = trainer.Network.ForwardAll(batch.Inputs);
        return (double)nn.functional.binary_cross_entropy_with_logits(outputs[0], batch.Income)
            .add(nn.functional.binary_cross_entropy_with_logits(outputs[1], batch.Marital))
            .add(nn.functional.mse_loss(outputs[2], batch.Age))
            .item<float>();
    }));

    public void Dispose() => trainer.Dispose(); // the trainer created the model, and disposes it
}

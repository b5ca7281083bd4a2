using System.Linq;
using Composable.Bench.HandWritten;
using Composable.Data;
using Composable.Bench.Measurement;

namespace Composable.Bench.Generated;

/// <summary>The generated contender: <see cref="BenchModel"/>'s generated Trainer, one <c>Step</c> per step.</summary>
internal sealed class GeneratedContender : IStepContender
{
    private readonly FixedBatches data;
    private readonly BenchModel.Trainer trainer;
    private readonly BenchModel.Batch[] batches;
    private int next;

    public GeneratedContender(FixedBatches data, int seed)
    {
        this.data = data;
        trainer = BenchModel.Trainer.Create(seed);
        // All three tasks read the same inputs tensor, so the generated step runs the trunk once.
        batches = data.Batches
            .Select(b => new BenchModel.Batch(new TaskBatch(b.Inputs, b.Income), new TaskBatch(b.Inputs, b.Marital), new TaskBatch(b.Inputs, b.Age)))
            .ToArray();
    }

    public string Name => Contenders.Generated;

    public void Step()
    {
        trainer.Step(batches[next]);
        next = (next + 1) % batches.Length;
    }

    public double MeasureLoss() => EvalMode.Measure(trainer.Model, () => data.Batches.Average(batch =>
    {
        var outputs = trainer.Model.forward(batch.Inputs);
        return (double)HardSharingLoss.Weighted(outputs.Income, outputs.Marital, outputs.Age, batch).item<float>();
    }));

    public void Dispose() => trainer.Dispose(); // the trainer created the model, and disposes it
}

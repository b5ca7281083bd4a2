using System.Linq;
using Composable.Data;
using Composable.Bench.Measurement;

namespace Composable.Bench.Mmoe;

/// <summary>The generated MMoE: <see cref="MmoeBenchModel"/>'s generated Trainer (fused experts), one <c>Step</c> per step.</summary>
internal sealed class MmoeGeneratedContender : IStepContender
{
    private readonly MmoeBatches data;
    private readonly MmoeBenchModel.Trainer trainer;
    private readonly MmoeBenchModel.Batch[] batches;
    private int next;

    public MmoeGeneratedContender(MmoeBatches data, int seed)
    {
        this.data = data;
        trainer = MmoeBenchModel.Trainer.Create(seed);
        // Both tasks read the same inputs tensor, so the generated step runs the experts once.
        batches = data.Batches.Select(b => new MmoeBenchModel.Batch(new TaskBatch(b.Inputs, b.Click), new TaskBatch(b.Inputs, b.Watch))).ToArray();
    }

    public string Name => Contenders.Generated;

    public void Step()
    {
        trainer.Step(batches[next]);
        next = (next + 1) % batches.Length;
    }

    public double MeasureLoss() =>
        EvalMode.Measure(trainer.Model, () => batches.Average(b => (double)trainer.ComputeLosses(b).Total.item<float>()));

    public void Dispose() => trainer.Dispose(); // the trainer created the model, and disposes it
}

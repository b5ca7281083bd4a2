using System.Linq;
using Composable.Bench.Measurement;
using Composable.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Composable.Bench.HandWritten;

/// <summary>
/// The reference contender: <see cref="HandWrittenHardSharingModel"/> trained by a hand-written loop with <see cref="FlatAdam"/>,
/// the optimiser the generated trainer uses, so that generated / hand-written measures what the generated code adds.
/// </summary>
internal sealed class HandWrittenContender : IStepContender
{
    private readonly FixedBatches data;
    private readonly HandWrittenHardSharingModel model;
    private readonly optim.Optimizer optimizer;
    private int next;

    public HandWrittenContender(FixedBatches data, int seed)
    {
        this.data = data;
        torch.manual_seed(seed);
        model = new HandWrittenHardSharingModel();
        optimizer = new FlatAdam(model.parameters(), lr: 1e-3);
        model.train();
    }

    public string Name => Contenders.HandWritten;

    public void Step()
    {
        var batch = data.Batches[next];
        next = (next + 1) % data.Batches.Count;
        using var scope = torch.NewDisposeScope();
        optimizer.zero_grad();
        var (income, marital, age) = model.forward(batch.Inputs);
        var loss = HardSharingLoss.Weighted(income, marital, age, batch);
        loss.backward();
        optimizer.step();
    }

    public double MeasureLoss() => EvalMode.Measure(model, () => data.Batches.Average(batch =>
    {
        var (income, marital, age) = model.forward(batch.Inputs);
        return (double)HardSharingLoss.Weighted(income, marital, age, batch).item<float>();
    }));

    public void Dispose()
    {
        optimizer.Dispose();
        model.Dispose();
    }
}

using TorchSharp;
using static TorchSharp.torch;

namespace Composable.Bench.HandWritten;

/// <summary>The reference contender: <see cref="HandWrittenHardSharingModel"/> trained by a hand-written loop.</summary>
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
        optimizer = optim.Adam(model.parameters(), lr: 1e-3);
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

    public double MeasureLoss()
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        model.eval();
        try
        {
            var total = 0.0;
            foreach (var batch in data.Batches)
            {
                var (income, marital, age) = model.forward(batch.Inputs);
                total += HardSharingLoss.Weighted(income, marital, age, batch).item<float>();
            }
            return total / data.Batches.Count;
        }
        finally
        {
            model.train();
        }
    }

    public void Dispose()
    {
        optimizer.Dispose();
        model.Dispose();
    }
}

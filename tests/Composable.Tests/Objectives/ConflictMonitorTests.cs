using System.Linq;
using Composable.Data;
using Composable.Interpretation;
using Composable.Objectives;
using Composable.Training;
using Xunit;
using static TorchSharp.torch;

namespace Composable.Tests.Objectives;

/// <summary>The conflict monitor measures what it says and leaves the training run untouched.</summary>
public sealed class ConflictMonitorTests
{
    private static readonly MultiTaskSpec Spec = new(
        new Features(5),
        [new TaskSpec("Price", new Regression()), new TaskSpec("Churn", new Binary()), new TaskSpec("Segment", new MultiClass(3))],
        new HardSharing([12], Towers: [6]),
        Dropout: 0.2);

    [Fact]
    public void A_monitored_fit_takes_exactly_the_steps_of_an_unmonitored_one()
    {
        using var scope = NewDisposeScope();
        using var data = SyntheticTasks.Generate(Spec, new SyntheticOptions(Examples: 128, Seed: 4));
        var options = new FitOptions(BatchSize: 32, Steps: 10, Seed: 1);
        var monitor = new ConflictMonitor(every: 3);
        using var plain = InterpretedTrainer.Create(Spec, seed: 2);
        using var monitored = InterpretedTrainer.Create(Spec, seed: 2);
        var expected = new System.Collections.Generic.List<double[]>();
        var actual = new System.Collections.Generic.List<double[]>();
        manual_seed(5);
        plain.Fit(data, options with { Callbacks = [FitCallbacks.OnStep((s, _) => expected.Add(s.TaskLosses.ToArray()))] });
        manual_seed(5);
        monitored.Fit(data, options with { Callbacks = [monitor, FitCallbacks.OnStep((s, _) => actual.Add(s.TaskLosses.ToArray()))] });

        Assert.Equal(10, actual.Count);
        Assert.Equal(expected, actual);
        Assert.Equal([1L, 4L, 7L, 10L], monitor.Records.Select(r => r.Step));
        Assert.Equal(["Price", "Churn", "Segment"], monitor.TaskNames);
    }

    [Fact]
    public void Cosines_and_norms_are_those_of_the_task_gradients_on_the_shared_parameters()
    {
        using var scope = NewDisposeScope();
        manual_seed(8);
        using var model = new InterpretedModel(Spec);
        model.eval();
        var x = randn(16, 5);
        var batch = new MultiTaskBatch([
            new TaskBatch(x, randn(16, 1)),
            new TaskBatch(x, randint(0, 2, new long[] { 16, 1 }).to(ScalarType.Float32)),
            new TaskBatch(x, randint(0, 3, new long[] { 16 }))]);
        var record = new ConflictMonitor().Measure(model, batch, step: 1);

        var shared = model.Plan.ObjectivePlan.Shared;
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        var gradients = Enumerable.Range(0, 3).Select(t =>
        {
            model.zero_grad();
            LossFunctions.Compute(model.Plan.Tasks[t].Loss, model.ForwardAll(x)[t], batch[t]!.Targets).backward();
            return cat(shared.Select(n => parameters[n].grad!.reshape(-1)).ToArray());
        }).ToArray();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(gradients[i].norm().item<float>(), record.Norms[i], 4);
            for (var j = 0; j < 3; j++)
            {
                var cosine = (gradients[i].dot(gradients[j]) / (gradients[i].norm() * gradients[j].norm())).item<float>();
                Assert.Equal(cosine, record.Cosine[i, j], 4);
            }
        }
        Assert.Equal(record.Norms[0] / record.Norms[1], record.NormRatio(0, 1), 12);
        Assert.True(record.MinimumCosine <= record.Cosine[0, 1]);
    }

    [Fact]
    public void Independent_towers_have_nothing_to_measure()
    {
        using var scope = NewDisposeScope();
        using var model = new InterpretedModel(Spec with { Sharing = new Independent([8]) });
        var x = randn(4, 5);
        var batch = new MultiTaskBatch([new TaskBatch(x, randn(4, 1)), new TaskBatch(x, zeros(4, 1)), new TaskBatch(x, zeros(new long[] { 4 }, ScalarType.Int64))]);
        var error = Assert.Throws<System.InvalidOperationException>(() => new ConflictMonitor().Measure(model, batch, 1));
        Assert.Contains("share no parameters", error.Message);
    }
}

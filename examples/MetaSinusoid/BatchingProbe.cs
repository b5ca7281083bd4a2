using System.Diagnostics;
using Composable;
using Composable.Data.Episodes;
using Composable.Meta;
using static TorchSharp.torch;

namespace MetaSinusoid;

/// <summary>Wall time of one second-order MAML meta-gradient, task-batched against the per-task loop.</summary>
/// <param name="Tasks">Meta-batch.</param>
/// <param name="InnerSteps">Inner steps.</param>
/// <param name="BatchedMilliseconds">Task-batched (baddbmm) forward, backward.</param>
/// <param name="LoopMilliseconds">Per-task loop over functional.linear, backward.</param>
public sealed record BatchingResult(int Tasks, int InnerSteps, double BatchedMilliseconds, double LoopMilliseconds);

/// <summary>Times <see cref="MetaTrainer.MetaLoss"/> plus backward on both paths.</summary>
public static class BatchingProbe
{
    /// <summary>Median-free mean over <paramref name="repeats"/> after a warm-up, at K = 10.</summary>
    public static BatchingResult Run(int tasks, int innerSteps, int repeats = 100)
    {
        var spec = new MetaLearnerSpec(new Features(1), [40, 40], 1, new FewShotRegression(10, 10), new Maml(InnerSteps: innerSteps, MetaBatch: tasks));
        using var trainer = MetaTrainer.Create(spec, 0);
        var family = new SinusoidFamily(new FewShotRegression(10, 10));
        double Time(bool batched)
        {
            var clock = new Stopwatch();
            for (var i = -10; i < repeats; i++)
            {
                using var scope = NewDisposeScope();
                var episodes = family.SampleBatch(MetaSplit.Train, 0, tasks);
                if (i == 0) clock.Start();
                trainer.Network.zero_grad();
                trainer.MetaLoss(episodes, taskBatched: batched).backward();
            }
            return clock.Elapsed.TotalMilliseconds / repeats;
        }
        return new BatchingResult(tasks, innerSteps, Time(true), Time(false));
    }
}

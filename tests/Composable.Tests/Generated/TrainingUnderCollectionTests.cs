using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Composable.Data;
using Composable.Interpretation;
using Composable.Tests.Optimisation;
using Composable.Training;
using Xunit;
using static TorchSharp.torch;

namespace Composable.Tests.Generated;

/// <summary>
/// Training while another thread collects garbage as fast as it can, as a host with other threads (a second training,
/// a web server, a test runner) does now and then: every step gives the numbers it gives on a quiet process. A number
/// TorchSharp 0.107 turns into a temporary native scalar, and does not keep alive through the call, can be freed by a
/// collection in the middle of the call (see <c>Scalars</c>); the declarations here exercise the operations where the
/// library once did that (FiLM's <c>1 + γ</c>, the experts' bias add, weighted and projected losses).
/// </summary>
[Collection(nameof(CollectsGarbageAlone))]
public sealed class TrainingUnderCollectionTests
{
    private const int Seed = 5;
    private const int Steps = 300;

    public static TheoryData<string> Declarations() => new(["Film", "MultiGate", "PcgradShared", "UncertaintyShared", "Soft"]);

    [Theory]
    [MemberData(nameof(Declarations))]
    public void Generated_and_interpreted_training_under_collection_gives_the_quiet_numbers(string name)
    {
        var c = GeneratedCase.Named(name);
        using var scope = NewDisposeScope();
        using var data = SyntheticTasks.Generate(c.Spec, new SyntheticOptions(Examples: 64, Seed: 3));

        var quiet = Train(c, data, hammer: false);
        var collected = Train(c, data, hammer: true);

        Assert.Equal(quiet.Length, collected.Length);
        for (var i = 0; i < quiet.Length; i++)
            Assert.True(quiet[i].SequenceEqual(collected[i]), $"{name}: step {i / 2 + 1} ({(i % 2 == 0 ? "generated" : "interpreted")}) gave [{string.Join(", ", collected[i])}] under collection, [{string.Join(", ", quiet[i])}] quietly");
    }

    private static double[][] Train(GeneratedCase c, MultiTaskDataset data, bool hammer)
    {
        using var generated = c.CreateTrainer(Seed);
        using var interpreted = InterpretedTrainer.Create(c.Spec, Seed);
        var generatedStream = new BatchStream(data, TaskSampling.AllTasks, 16, Seed);
        var interpretedStream = new BatchStream(data, TaskSampling.AllTasks, 16, Seed);
        using var stop = new CancellationTokenSource();
        var collector = hammer
            ? Task.Run(() =>
            {
                while (!stop.IsCancellationRequested) { GC.Collect(); GC.WaitForPendingFinalizers(); }
            })
            : Task.CompletedTask;
        var losses = new List<double[]>(2 * Steps);
        try
        {
            for (var step = 0; step < Steps; step++)
            {
                using (NewDisposeScope()) losses.Add(generated.Step(generatedStream.Next()).TaskLosses.ToArray());
                using (NewDisposeScope()) losses.Add(interpreted.Step(interpretedStream.Next()).TaskLosses.ToArray());
            }
        }
        finally
        {
            stop.Cancel();
            collector.Wait();
        }
        return losses.ToArray();
    }
}

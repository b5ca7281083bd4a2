using System.Collections.Generic;
using System.Linq;
using Composable.Data;
using Xunit;
using static Composable.Tests.Data.DataFixtures;
using static TorchSharp.torch;

namespace Composable.Tests.Data;

public class BatchStreamTests
{
    private static MultiTaskDataset SharedData(int rows)
    {
        var spec = MixedSpec();
        return MultiTaskDataset.FromShared(spec, Inputs(rows), TargetsFor(spec, rows));
    }

    private static MultiTaskDataset OwnData(params int[] rows) =>
        MultiTaskDataset.From(MixedSpec(), DataFixtures.OwnData(MixedSpec(), rows));

    private static long[] Range(int start, int count) => Enumerable.Range(start, count).Select(i => (long)i).ToArray();

    [Fact]
    public void Shared_inputs_under_AllTasks_give_every_task_the_same_rows_and_the_same_inputs_tensor()
    {
        using var data = SharedData(30);
        var stream = new BatchStream(data, TaskSampling.AllTasks, batchSize: 8, seed: 5);
        using var scope = NewDisposeScope();

        var batch = stream.Next();
        // One inputs tensor and four targets; the index tensor is not left behind.
        Assert.Equal(5, scope.DisposablesCount);

        Assert.NotNull(batch.SharedInputs);
        Assert.All(batch.Tasks, task => Assert.Same(batch.SharedInputs, task!.Inputs));
        var rows = RowIds(batch.SharedInputs!);
        Assert.Equal(8, rows.Length);
        Assert.Equal(rows.Select(i => i % 5), batch[2]!.Targets.data<long>().ToArray());
        Assert.Equal(rows.Select(i => (float)i), batch[0]!.Targets.squeeze(1).data<float>().ToArray());
    }

    [Fact]
    public void Shared_inputs_under_AllTasks_visit_every_row_once_per_epoch_and_reshuffle()
    {
        using var data = SharedData(23);
        var stream = new BatchStream(data, TaskSampling.AllTasks, batchSize: 5, seed: 2);

        var epochs = Enumerable.Range(0, 2).Select(_ => Enumerable.Range(0, stream.StepsPerEpoch)
            .SelectMany(_ => stream.NextRows()[0]!).ToArray()).ToArray();

        Assert.Equal(5, stream.StepsPerEpoch);
        Assert.All(epochs, rows => Assert.Equal(Range(0, 23), rows.Order()));
        Assert.NotEqual(epochs[0], epochs[1]);
    }

    [Fact]
    public void Own_inputs_under_AllTasks_walk_each_task_through_its_own_rows()
    {
        using var data = OwnData(7, 20, 3, 12);
        var stream = new BatchStream(data, TaskSampling.AllTasks, batchSize: 4, seed: 9);
        using var scope = NewDisposeScope();

        var batches = stream.Epoch().ToList();

        Assert.Equal(5, stream.StepsPerEpoch);
        Assert.Equal(5, batches.Count);
        Assert.All(batches, b => Assert.Null(b.SharedInputs));
        var largest = batches.SelectMany(b => RowIds(b[1]!.Inputs)).Order();
        Assert.Equal(Range(1000, 20), largest);
        var smallFirstEpoch = batches.Take(2).SelectMany(b => RowIds(b[0]!.Inputs)).ToArray();
        Assert.Equal([4, 3], batches.Take(2).Select(b => (int)b[0]!.Inputs.shape[0]));
        Assert.Equal(Range(0, 7), smallFirstEpoch.Order());
        Assert.Equal([3, 3, 3, 3, 3], batches.Select(b => (int)b[2]!.Targets.shape[0]));
    }

    [Theory]
    [InlineData(TaskSampling.Uniform)]
    [InlineData(TaskSampling.ProportionalToSize)]
    public void One_task_per_step_draws_each_tasks_rows_without_replacement(TaskSampling sampling)
    {
        using var data = OwnData(10, 25, 6, 9);
        var stream = new BatchStream(data, sampling, batchSize: 4, seed: 11);
        var perTask = Enumerable.Range(0, 4).Select(_ => new List<long[]>()).ToArray();

        for (var step = 0; step < 400; step++)
        {
            var rows = stream.NextRows();
            var sampled = Enumerable.Range(0, 4).Where(t => rows[t] is not null).ToList();
            Assert.Single(sampled);
            perTask[sampled[0]].Add(rows[sampled[0]]!);
        }

        Assert.Equal(13, stream.StepsPerEpoch); // ceil(50 / 4)
        for (var t = 0; t < 4; t++)
        {
            var size = data.Size(t);
            var perEpoch = (size + 3) / 4;
            var epochs = perTask[t].Count / perEpoch;
            Assert.True(epochs >= 2, $"task {t} drew only {perTask[t].Count} batches");
            for (var e = 0; e < epochs; e++)
            {
                var rows = perTask[t].Skip(e * perEpoch).Take(perEpoch).SelectMany(r => r).Order();
                Assert.Equal(Range(0, size), rows);
            }
        }
    }

    [Fact]
    public void One_task_steps_return_a_batch_for_the_sampled_task_only()
    {
        using var data = SharedData(12);
        var stream = new BatchStream(data, TaskSampling.Uniform, batchSize: 5, seed: 0);
        using var scope = NewDisposeScope();

        var batch = stream.Next();

        Assert.Single(batch.Tasks, t => t is not null);
        Assert.Equal(2, scope.DisposablesCount);
    }

    [Theory]
    [InlineData(TaskSampling.AllTasks)]
    [InlineData(TaskSampling.Uniform)]
    [InlineData(TaskSampling.ProportionalToSize)]
    public void The_same_seed_gives_the_same_batches_and_another_seed_others(TaskSampling sampling)
    {
        using var data = OwnData(10, 25, 6, 9);
        string Trace(int seed)
        {
            var stream = new BatchStream(data, sampling, batchSize: 4, seed: seed);
            return string.Join("|", Enumerable.Range(0, 30).Select(_ =>
                string.Join(";", stream.NextRows().Select(r => r is null ? "-" : string.Join(",", r)))));
        }

        Assert.Equal(Trace(4), Trace(4));
        Assert.NotEqual(Trace(4), Trace(5));
    }

    [Fact]
    public void StepsPerEpoch_follows_the_sampling_rule()
    {
        using var data = OwnData(10, 25, 6, 9);

        Assert.Equal(7, new BatchStream(data, TaskSampling.AllTasks, 4, 0).StepsPerEpoch);
        Assert.Equal(13, new BatchStream(data, TaskSampling.Uniform, 4, 0).StepsPerEpoch);
        Assert.Equal(1, new BatchStream(data, TaskSampling.ProportionalToSize, 64, 0).StepsPerEpoch);
    }
}

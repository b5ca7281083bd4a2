using System;
using System.Linq;
using Composable.Data;
using Xunit;

namespace Composable.Tests.Data;

public class TaskSamplerTests
{
    private static int[] Draw(TaskSampler sampler, int steps) =>
        Enumerable.Range(0, steps).Select(_ => sampler.Next().Single()).ToArray();

    private static double[] Frequencies(int[] draws, int tasks) =>
        Enumerable.Range(0, tasks).Select(t => draws.Count(d => d == t) / (double)draws.Length).ToArray();

    [Fact]
    public void AllTasks_returns_every_task_every_step()
    {
        var sampler = new TaskSampler(TaskSampling.AllTasks, [5, 1, 9], seed: 3);

        for (var step = 0; step < 10; step++)
            Assert.Equal([0, 1, 2], sampler.Next());
        Assert.Equal([1.0, 1.0, 1.0], sampler.Probabilities);
    }

    [Theory]
    [InlineData(TaskSampling.Uniform)]
    [InlineData(TaskSampling.ProportionalToSize)]
    public void The_same_seed_gives_the_same_tasks_and_another_seed_others(TaskSampling sampling)
    {
        var first = Draw(new TaskSampler(sampling, [100, 300, 50], seed: 42), 200);
        var again = Draw(new TaskSampler(sampling, [100, 300, 50], seed: 42), 200);
        var other = Draw(new TaskSampler(sampling, [100, 300, 50], seed: 43), 200);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    // 20,000 draws: the standard error of a frequency is at most 0.0035, so a tolerance of 0.02 (over 5.5 standard
    // errors) cannot fail by chance, while the other rule is off by at least 0.08 for these sizes.
    [Fact]
    public void Uniform_draws_every_task_equally_often_whatever_its_size()
    {
        var sampler = new TaskSampler(TaskSampling.Uniform, [100, 300, 50], seed: 1);

        var frequencies = Frequencies(Draw(sampler, 20_000), 3);

        Assert.All(frequencies, f => Assert.InRange(f, 1 / 3.0 - 0.02, 1 / 3.0 + 0.02));
        Assert.All(sampler.Probabilities, p => Assert.Equal(1 / 3.0, p, 12));
    }

    [Fact]
    public void ProportionalToSize_draws_tasks_in_proportion_to_their_sizes()
    {
        var sampler = new TaskSampler(TaskSampling.ProportionalToSize, [100, 300], seed: 1);

        var frequencies = Frequencies(Draw(sampler, 20_000), 2);

        Assert.InRange(frequencies[0], 0.25 - 0.02, 0.25 + 0.02);
        Assert.InRange(frequencies[1], 0.75 - 0.02, 0.75 + 0.02);
        Assert.Equal([0.25, 0.75], sampler.Probabilities);
    }

    [Fact]
    public void Tasks_without_examples_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new TaskSampler(TaskSampling.Uniform, [], 0));
        var error = Assert.Throws<ArgumentException>(() => new TaskSampler(TaskSampling.Uniform, [3, 0], 0));
        Assert.Contains("1 (size 0)", error.Message);
    }
}

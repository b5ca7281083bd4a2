using System;
using System.Linq;
using Composable.Data.Episodes;
using Xunit;
using static TorchSharp.torch;

namespace Composable.Tests.Meta;

public class EpisodeTests
{
    private static bool SameBits(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.bytes.SequenceEqual(b.bytes);

    [Fact]
    public void Sinusoid_episodes_follow_the_paper_distribution_and_are_deterministic()
    {
        using var scope = NewDisposeScope();
        var family = new SinusoidFamily(new FewShotRegression(Shots: 10, Queries: 20));
        var episode = family.Sample(MetaSplit.Train, 7, seed: 1);
        var again = family.Sample(MetaSplit.Train, 7, seed: 1);
        Assert.True(SameBits(episode.SupportInputs, again.SupportInputs) && SameBits(episode.QueryTargets, again.QueryTargets));
        Assert.Equal(new long[] { 10, 1 }, episode.SupportInputs.shape);
        Assert.Equal(new long[] { 20, 1 }, episode.QueryTargets.shape);

        var task = Assert.IsType<SinusoidTask>(episode.Task);
        Assert.Equal(task, family.TaskOf(MetaSplit.Train, 7, seed: 1));
        var x = episode.SupportInputs.data<float>().ToArray();
        var y = episode.SupportTargets.data<float>().ToArray();
        Assert.All(x, v => Assert.InRange(v, -5f, 5f));
        for (var i = 0; i < x.Length; i++)
            Assert.Equal(task.Amplitude * Math.Sin(x[i] - task.Phase), y[i], 4);

        var tasks = Enumerable.Range(0, 2000).Select(i => family.TaskOf(MetaSplit.Train, i)).ToArray();
        Assert.All(tasks, t => { Assert.InRange(t.Amplitude, 0.1, 5.0); Assert.InRange(t.Phase, 0, Math.PI); });
        Assert.InRange(tasks.Average(t => t.Amplitude), 2.4, 2.7);
        Assert.InRange(tasks.Average(t => t.Phase), Math.PI / 2 - 0.1, Math.PI / 2 + 0.1);
    }

    [Fact]
    public void Sinusoid_splits_and_seeds_give_different_tasks()
    {
        var family = new SinusoidFamily(new FewShotRegression(5, 5));
        var train = Enumerable.Range(0, 500).Select(i => family.TaskOf(MetaSplit.Train, i)).ToHashSet();
        var test = Enumerable.Range(0, 500).Select(i => family.TaskOf(MetaSplit.Test, i)).ToHashSet();
        var reseeded = Enumerable.Range(0, 500).Select(i => family.TaskOf(MetaSplit.Train, i, seed: 1)).ToHashSet();
        Assert.Equal(500, train.Count);
        Assert.Empty(train.Intersect(test));
        Assert.Empty(train.Intersect(reseeded));
    }

    private static (Tensor Inputs, int[] Labels) Dataset(int classes, int perClass)
    {
        // Example i of class c has features [c, i]: an episode's tensors reveal which examples it drew.
        var labels = Enumerable.Range(0, classes).SelectMany(c => Enumerable.Repeat(c, perClass)).ToArray();
        var features = labels.Select((c, i) => new[] { (float)c, (float)i }).SelectMany(f => f).ToArray();
        return (tensor(features).reshape(labels.Length, 2), labels);
    }

    [Fact]
    public void Class_splits_are_disjoint_and_cover_every_class()
    {
        using var scope = NewDisposeScope();
        var (inputs, labels) = Dataset(classes: 20, perClass: 8);
        var family = new ClassIndexedFamily(inputs, labels, new FewShotClassification(5, 1, 3), 0.25, 0.25, splitSeed: 3);
        var train = family.ClassesOf(MetaSplit.Train);
        var validation = family.ClassesOf(MetaSplit.Validation);
        var test = family.ClassesOf(MetaSplit.Test);
        Assert.Equal((10, 5, 5), (train.Count, validation.Count, test.Count));
        Assert.Equal(Enumerable.Range(0, 20), train.Concat(validation).Concat(test).OrderBy(c => c));
        Assert.Empty(train.Intersect(test));
        Assert.Empty(train.Intersect(validation));
        Assert.Empty(validation.Intersect(test));
    }

    [Fact]
    public void N_way_K_shot_episodes_remap_labels_and_draw_distinct_examples_of_their_split()
    {
        using var scope = NewDisposeScope();
        var (inputs, labels) = Dataset(classes: 25, perClass: 8);
        var family = new ClassIndexedFamily(inputs, labels, new FewShotClassification(Ways: 5, Shots: 2, Queries: 3), splitSeed: 3);
        for (var index = 0; index < 20; index++)
        {
            var episode = family.Sample(MetaSplit.Test, index, seed: 9);
            var task = Assert.IsType<ClassEpisodeTask>(episode.Task);
            Assert.Equal(5, task.Classes.Distinct().Count());
            Assert.All(task.Classes, c => Assert.Contains(c, family.ClassesOf(MetaSplit.Test)));
            Assert.Equal(new long[] { 10, 2 }, episode.SupportInputs.shape);
            Assert.Equal(new long[] { 15 }, episode.QueryTargets.shape);
            Assert.Equal(ScalarType.Int64, episode.SupportTargets.dtype);

            var supportLabels = episode.SupportTargets.data<long>().ToArray();
            var supportClass = episode.SupportInputs[.., 0].data<float>().ToArray();
            var queryLabels = episode.QueryTargets.data<long>().ToArray();
            var queryClass = episode.QueryInputs[.., 0].data<float>().ToArray();
            for (var i = 0; i < supportLabels.Length; i++) Assert.Equal(task.Classes[(int)supportLabels[i]], (int)supportClass[i]);
            for (var i = 0; i < queryLabels.Length; i++) Assert.Equal(task.Classes[(int)queryLabels[i]], (int)queryClass[i]);
            Assert.Equal(Enumerable.Range(0, 5).SelectMany(l => Enumerable.Repeat((long)l, 2)), supportLabels);

            var drawn = episode.SupportInputs[.., 1].data<float>().Concat(episode.QueryInputs[.., 1].data<float>()).ToArray();
            Assert.Equal(drawn.Length, drawn.Distinct().Count());
        }
        var first = family.Sample(MetaSplit.Train, 4, seed: 2);
        Assert.True(SameBits(first.QueryInputs, family.Sample(MetaSplit.Train, 4, seed: 2).QueryInputs));
        Assert.False(SameBits(first.QueryInputs, family.Sample(MetaSplit.Train, 5, seed: 2).QueryInputs));
        var orders = Enumerable.Range(0, 10).Select(i => ((ClassEpisodeTask)family.Sample(MetaSplit.Train, i).Task).Classes).ToArray();
        Assert.Contains(orders, o => !o.SequenceEqual(o.OrderBy(c => c)));
    }

    [Fact]
    public void Classes_too_small_for_shots_plus_queries_are_rejected()
    {
        using var scope = NewDisposeScope();
        var (inputs, labels) = Dataset(classes: 10, perClass: 3);
        Assert.Throws<ArgumentException>(() => new ClassIndexedFamily(inputs, labels, new FewShotClassification(2, 2, 2)));
    }
}

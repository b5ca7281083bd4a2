using System.Linq;
using Composable.Data.Episodes;
using Composable.FewShot.Metric;
using Xunit;
using static TorchSharp.torch;

namespace Composable.Tests.FewShot;

/// <summary>The raw-input 1-NN baseline on episodes small enough to work out by hand.</summary>
public class NearestNeighbourTests
{
    private static Episode EpisodeOf(float[] support, long[] supportLabels, float[] queries, long[] queryLabels) => new(
        tensor(support).reshape(-1, 2), tensor(supportLabels), tensor(queries).reshape(-1, 2), tensor(queryLabels),
        new ClassEpisodeTask(ValueList.From(new[] { 7, 8, 9 })));

    [Fact]
    public void Separable_classes_are_all_recognised()
    {
        using var scope = NewDisposeScope();
        // Support points (0, 0) → 2, (5, 5) → 0, (0, 5) → 1; each query sits beside one of them.
        using var episode = EpisodeOf([0, 0, 5, 5, 0, 5], [2, 0, 1], [4.5f, 5, 0.5f, 0, 0, 4, 1, 1], [0, 2, 1, 2]);

        Assert.Equal(new long[] { 0, 2, 1, 2 }, NearestNeighbour.Predict(episode).data<long>().ToArray());
        Assert.Equal(1.0, NearestNeighbour.Accuracy(episode));
    }

    [Fact]
    public void A_query_nearer_another_class_takes_that_class_label()
    {
        using var scope = NewDisposeScope();
        // Support (10, 0) → 1 and (0, 0) → 0. Queries at x = 1, 4, 6, 9 are all labelled by the x < 7 rule as 0, 0, 0, 1:
        // the one at x = 6 is nearer (10, 0), so 1-NN gets exactly three of four right.
        using var episode = EpisodeOf([10, 0, 0, 0], [1, 0], [1, 0, 4, 0, 6, 0, 9, 0], [0, 0, 0, 1]);

        Assert.Equal(new long[] { 0, 0, 1, 1 }, NearestNeighbour.Predict(episode).data<long>().ToArray());
        Assert.Equal(0.75, NearestNeighbour.Accuracy(episode), 6);
    }
}

using Composable.Data.Episodes;
using TorchSharp;
using static TorchSharp.torch;

namespace Composable.FewShot.Metric;

/// <summary>The untrained baseline: each query takes the label of its nearest support example in raw input space (1-NN, Euclidean).</summary>
public static class NearestNeighbour
{
    /// <summary>Predicted label [Q] of every query of <paramref name="episode"/>: the label of its nearest support example.</summary>
    public static Tensor Predict(Episode episode)
    {
        using var scope = NewDisposeScope();
        var distances = cdist(episode.QueryInputs, episode.SupportInputs);
        return episode.SupportTargets.index_select(0, distances.argmin(1)).MoveToOuterDisposeScope();
    }

    /// <summary>Query accuracy of 1-NN on raw inputs in <paramref name="episode"/>.</summary>
    public static double Accuracy(Episode episode)
    {
        using var scope = NewDisposeScope();
        return Predict(episode).eq(episode.QueryTargets).to_type(ScalarType.Float32).mean().ToSingle();
    }

    /// <summary>Mean 1-NN accuracy over episodes 0…<paramref name="episodes"/>−1 of <paramref name="split"/>.</summary>
    public static AccuracyEstimate Evaluate(ITaskFamily family, MetaSplit split, int episodes, int seed = 0) =>
        AccuracyEstimate.Over(family, split, episodes, seed, Accuracy);
}

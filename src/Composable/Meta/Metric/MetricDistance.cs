namespace Composable.Meta.Metric;

/// <summary>How a metric-based learner compares a query embedding with a class prototype.</summary>
public enum MetricDistance
{
    /// <summary>Squared Euclidean distance; logits are its negative (Snell et al. 2017).</summary>
    SquaredEuclidean,

    /// <summary>Cosine similarity times a fixed scale (a temperature), as logits.</summary>
    Cosine,
}

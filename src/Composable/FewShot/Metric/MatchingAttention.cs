using static TorchSharp.torch;
using TorchSharp;

namespace Composable.FewShot.Metric;

/// <summary>
/// Matching networks' classifier (Vinyals et al. 2016, without full-context embeddings): a query's class
/// distribution is the label mixture of the support set under softmax attention over scaled cosine similarities.
/// </summary>
public static class MatchingAttention
{
    /// <summary>The smallest probability whose logarithm is taken, so that a class no support example votes for stays finite.</summary>
    public const double MinProbability = 1e-8;

    private static readonly Scalar MinProbabilityScalar = MinProbability.ToScalar();

    /// <summary>
    /// Log-probabilities [Q, <paramref name="ways"/>] of queries <paramref name="queries"/> [Q, D] given support
    /// embeddings <paramref name="support"/> [S, D] with labels <paramref name="supportLabels"/> [S] in
    /// 0…<paramref name="ways"/>−1: log Σ_s softmax_s(<paramref name="cosineScale"/> · cos(q, s)) · one_hot(y_s),
    /// clamped below at log <see cref="MinProbability"/>.
    /// </summary>
    public static Tensor LogProbabilities(Tensor queries, Tensor support, Tensor supportLabels, int ways, double cosineScale)
    {
        using var scope = NewDisposeScope();
        var attention = Prototypes.ScaledCosine(queries, support, cosineScale).softmax(1); // [Q, S]
        var labels = nn.functional.one_hot(supportLabels, ways).to_type(attention.dtype); // [S, N]
        return attention.matmul(labels).clamp_min(MinProbabilityScalar).log().MoveToOuterDisposeScope();
    }
}

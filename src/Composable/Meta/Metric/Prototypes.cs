using static TorchSharp.torch;

namespace Composable.Meta.Metric;

/// <summary>Prototypical networks' two pure steps: class prototypes, and query logits against them.</summary>
public static class Prototypes
{
    /// <summary>
    /// Prototype [N, D] of each of <paramref name="ways"/> classes: the mean of its support embeddings
    /// <paramref name="embeddings"/> [S, D] with episode labels <paramref name="labels"/> [S] in 0…N−1.
    /// </summary>
    public static Tensor Of(Tensor embeddings, Tensor labels, int ways)
    {
        using var scope = NewDisposeScope();
        var membership = nn.functional.one_hot(labels, ways).to_type(embeddings.dtype).t(); // [N, S]
        var sums = membership.matmul(embeddings);
        var counts = membership.sum(1, keepdim: true).clamp_min(1);
        return sums.div(counts).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Logits [Q, N] of queries <paramref name="queries"/> [Q, D] against <paramref name="prototypes"/> [N, D]: the
    /// negative squared Euclidean distance, or the cosine similarity times <paramref name="cosineScale"/>.
    /// </summary>
    public static Tensor Logits(Tensor queries, Tensor prototypes, MetricDistance distance, double cosineScale = 10.0)
    {
        using var scope = NewDisposeScope();
        Tensor logits;
        if (distance == MetricDistance.Cosine)
        {
            var q = nn.functional.normalize(queries, p: 2, dim: 1);
            var p = nn.functional.normalize(prototypes, p: 2, dim: 1);
            logits = q.matmul(p.t()).mul(cosineScale);
        }
        else
        {
            // ‖q − p‖² expanded; exact enough and one matrix product instead of a [Q, N, D] difference tensor.
            var squared = queries.pow(2).sum(1, keepdim: true) - 2 * queries.matmul(prototypes.t()) + prototypes.pow(2).sum(1).unsqueeze(0);
            logits = squared.clamp_min(0).neg();
        }
        return logits.MoveToOuterDisposeScope();
    }
}

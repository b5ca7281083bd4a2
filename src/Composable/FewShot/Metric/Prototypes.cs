using static TorchSharp.torch;
using Composable.Training;
using TorchSharp;

namespace Composable.FewShot.Metric;

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
        var counts = membership.sum(1, keepdim: true).clamp_min(Scalars.One);
        return sums.div(counts).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Logits [Q, N] of queries <paramref name="queries"/> [Q, D] against <paramref name="prototypes"/> [N, D]: the
    /// negative squared Euclidean distance, or the cosine similarity times <paramref name="cosineScale"/>.
    /// </summary>
    public static Tensor Logits(Tensor queries, Tensor prototypes, Distance distance, double cosineScale = 10.0)
    {
        using var scope = NewDisposeScope();
        Tensor logits;
        if (distance == Distance.Cosine)
        {
            logits = ScaledCosine(queries, prototypes, cosineScale);
        }
        else
        {
            // ‖q − p‖² expanded; exact enough and one matrix product instead of a [Q, N, D] difference tensor.
            var squared = (queries.pow(Scalars.Two).sum(1, keepdim: true) - Scalars.Two * queries.matmul(prototypes.t())).add(prototypes.pow(Scalars.Two).sum(1).unsqueeze(0), Scalars.One);
            logits = squared.clamp_min(Scalars.Zero).neg();
        }
        return logits.MoveToOuterDisposeScope();
    }

    /// <summary>Cosine similarities [Q, N] of the rows of <paramref name="queries"/> [Q, D] and <paramref name="keys"/> [N, D], times <paramref name="scale"/>.</summary>
    public static Tensor ScaledCosine(Tensor queries, Tensor keys, double scale)
    {
        using var scope = NewDisposeScope();
        var q = nn.functional.normalize(queries, p: 2, dim: 1);
        var k = nn.functional.normalize(keys, p: 2, dim: 1);
        using var factor = scale.ToScalar();
        return q.matmul(k.t()).mul(factor).MoveToOuterDisposeScope();
    }
}

using System;
using TorchSharp;
using static TorchSharp.torch;

namespace Composable.FewShot;

/// <summary>The losses of few-shot learners over query scores [Q, ways], with checks that name a mismatch.</summary>
public static class EpisodicLoss
{
    /// <summary>
    /// Cross-entropy of logits (or log-probabilities, where it equals the negative log-likelihood)
    /// <paramref name="scores"/> [Q, ways] against labels <paramref name="queryLabels"/> [Q].
    /// </summary>
    public static Tensor CrossEntropy(Tensor scores, Tensor queryLabels)
    {
        Check(scores, queryLabels);
        return nn.functional.cross_entropy(scores, queryLabels);
    }

    /// <summary>
    /// Relation networks' loss: mean squared error between relation scores <paramref name="scores"/> [Q, ways] in
    /// (0, 1) and the one-hot labels of <paramref name="queryLabels"/> [Q].
    /// </summary>
    public static Tensor RelationMse(Tensor scores, Tensor queryLabels)
    {
        Check(scores, queryLabels);
        using var scope = NewDisposeScope();
        var targets = nn.functional.one_hot(queryLabels, scores.shape[1]).to_type(scores.dtype);
        return nn.functional.mse_loss(scores, targets).MoveToOuterDisposeScope();
    }

    /// <summary>Throws unless <paramref name="scores"/> is [Q, ways] and <paramref name="labels"/> is [Q] with every label below ways.</summary>
    public static void Check(Tensor scores, Tensor labels)
    {
        if (scores.shape.Length != 2)
            throw new ArgumentException($"Scores have shape [{string.Join(", ", scores.shape)}]; expected [queries, ways].", nameof(scores));
        if (labels.shape.Length != 1 || labels.shape[0] != scores.shape[0])
            throw new ArgumentException(
                $"Query labels have shape [{string.Join(", ", labels.shape)}] but the scores are [{string.Join(", ", scores.shape)}]; expected one label per query row, [{scores.shape[0]}].",
                nameof(labels));
        if (labels.shape[0] == 0) return;
        var (lowest, highest) = (labels.min().ToInt64(), labels.max().ToInt64());
        if (lowest < 0 || highest >= scores.shape[1])
            throw new ArgumentException(
                $"Ways mismatch: the scores have {scores.shape[1]} ways but the query labels range over {lowest}…{highest}; labels must lie in 0…{scores.shape[1] - 1}.",
                nameof(labels));
    }
}

using Composable.Training;
using System;
using TorchSharp;
using static TorchSharp.torch;

namespace Composable.FewShot.BlackBox;

/// <summary>
/// How a black-box reader sees an episode. The embeddings are first centred on the support set's mean embedding and
/// layer-normalised (without a learned gain), so that the embedding part of every token has mean 0 and norm √D; a
/// support token is that part followed by its one-hot label times √D (the same norm), a query token by zeros (no
/// label).
/// </summary>
/// <remarks>
/// Why: a backbone that ends in ReLU and max-pooling (the usual conv blocks) gives all-positive embeddings that share
/// a large common component; left in, it dominates every token, so a query's attention and an LSTM's gates hardly
/// depend on which support example the query resembles, and a one-hot label of norm 1 beside embeddings of norm
/// ~10 is a faint signal. The reader then sits at chance (loss ln N) until it learns to match and copy labels.
/// Centring uses the support set only, so every query is still read independently of the other queries; it is a
/// normalisation of the whole support set, not a per-class summary.
/// </remarks>
public static class ReaderTokens
{
    /// <summary>
    /// Support tokens [S, D + <paramref name="ways"/>] of <paramref name="support"/> [S, D] labelled
    /// <paramref name="supportLabels"/> [S], and query tokens [Q, D + <paramref name="ways"/>] of
    /// <paramref name="queries"/> [Q, D], whose label part is zero.
    /// </summary>
    public static (Tensor Support, Tensor Queries) Of(Tensor support, Tensor supportLabels, Tensor queries, int ways)
    {
        if (supportLabels.shape.Length != 1 || supportLabels.shape[0] != support.shape[0])
            throw new ArgumentException(
                $"Support labels have shape [{string.Join(", ", supportLabels.shape)}]; expected [{support.shape[0]}], one label per support row.",
                nameof(supportLabels));
        using var scope = NewDisposeScope();
        var width = support.shape[1];
        var centre = support.mean(new long[] { 0 }, keepdim: true);
        Tensor Normalised(Tensor embeddings) => nn.functional.layer_norm(embeddings - centre, new[] { width });
        using var labelScale = Math.Sqrt(width).ToScalar();
        var labels = nn.functional.one_hot(supportLabels, ways).to_type(support.dtype).mul(labelScale);
        var none = zeros(queries.shape[0], ways, dtype: queries.dtype, device: queries.device);
        var supportTokens = cat(new[] { Normalised(support), labels }, 1);
        var queryTokens = cat(new[] { Normalised(queries), none }, 1);
        return (supportTokens.MoveToOuterDisposeScope(), queryTokens.MoveToOuterDisposeScope());
    }
}

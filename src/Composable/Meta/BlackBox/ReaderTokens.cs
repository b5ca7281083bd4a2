using System;
using static TorchSharp.torch;

namespace Composable.Meta.BlackBox;

/// <summary>
/// How a black-box reader sees an episode: a support token is the embedding followed by the one-hot label; a query
/// token is the embedding followed by zeros (no label).
/// </summary>
public static class ReaderTokens
{
    /// <summary>Support tokens [S, D + <paramref name="ways"/>] of <paramref name="support"/> [S, D] labelled <paramref name="supportLabels"/> [S].</summary>
    public static Tensor Support(Tensor support, Tensor supportLabels, int ways)
    {
        if (supportLabels.shape.Length != 1 || supportLabels.shape[0] != support.shape[0])
            throw new ArgumentException(
                $"Support labels have shape [{string.Join(", ", supportLabels.shape)}]; expected [{support.shape[0]}], one label per support row.",
                nameof(supportLabels));
        using var scope = NewDisposeScope();
        var labels = nn.functional.one_hot(supportLabels, ways).to_type(support.dtype);
        return cat(new[] { support, labels }, 1).MoveToOuterDisposeScope();
    }

    /// <summary>Query tokens [Q, D + <paramref name="ways"/>] of <paramref name="queries"/> [Q, D]: the label part is zero.</summary>
    public static Tensor Queries(Tensor queries, int ways)
    {
        using var scope = NewDisposeScope();
        var none = zeros(queries.shape[0], ways, dtype: queries.dtype, device: queries.device);
        return cat(new[] { queries, none }, 1).MoveToOuterDisposeScope();
    }
}

using TorchSharp;
using static TorchSharp.torch;

namespace Composable.Data;

/// <summary>
/// The finiteness check every data rule makes: one sum over the tensor on a healthy one, the bad rows located only when
/// it fails.
/// </summary>
/// <remarks>
/// A sum is finite only when every term is: a NaN makes it NaN, an infinity infinite (or NaN beside the opposite one).
/// So a finite sum proves the tensor finite with one reduction and no temporary, where <c>isfinite().all()</c> writes a
/// boolean tensor of the input's size first (measured on a [1024, 64] float32 batch at 2 threads: 11.5 µs against 96
/// µs). A sum can also overflow on large finite values; then the exact test decides.
/// </remarks>
internal static class Finiteness
{
    /// <summary>Whether every value of the floating-point <paramref name="values"/> is finite.</summary>
    public static bool All(Tensor values)
    {
        using var scope = NewDisposeScope();
        return double.IsFinite(values.sum().ToDouble()) || values.isfinite().all().item<bool>();
    }

    /// <summary>
    /// The first row of <paramref name="rows"/> (one row per example, any trailing shape) holding a NaN or an infinity,
    /// what it holds (<c>NaN</c> when it has one, else <c>infinity</c>) and how many rows hold either; null when every
    /// value is finite.
    /// </summary>
    public static (long Row, string What, long Count)? FirstBadRow(Tensor rows)
    {
        if (All(rows)) return null;
        using var scope = NewDisposeScope();
        var flat = rows.reshape(rows.shape[0], -1);
        var bad = flat.isfinite().all(1).logical_not().nonzero();
        if (bad.shape[0] == 0) return null;
        var row = bad[0, 0].item<long>();
        return (row, flat[row].isnan().any().item<bool>() ? "NaN" : "infinity", bad.shape[0]);
    }
}

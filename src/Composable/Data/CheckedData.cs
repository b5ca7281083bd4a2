using System.Runtime.CompilerServices;
using static TorchSharp.torch;

namespace Composable.Data;

/// <summary>
/// Tensors made from data that was checked where it entered — the rows a <see cref="BatchStream"/> draws from a
/// <see cref="MultiTaskDataset"/> (checked when it was made), the episodes a built-in task family draws — so that a
/// step's checks (<see cref="BatchChecks"/>, <see cref="Episodes.EpisodeChecks"/>) need not read their values again and
/// a fit pays for the checks once. Kept by tensor identity, not on the batch: a tensor swapped into a batch or an
/// episode (<c>with { Targets = … }</c>) is checked like any hand-made one.
/// </summary>
internal static class CheckedData
{
    private static readonly ConditionalWeakTable<Tensor, object> Checked = new();
    private static readonly object Marker = new();

    /// <summary>Records that <paramref name="tensor"/>'s values were checked; returns it.</summary>
    public static Tensor Mark(Tensor tensor)
    {
        Checked.AddOrUpdate(tensor, Marker);
        return tensor;
    }

    /// <summary>Whether <paramref name="tensor"/> was made from checked data.</summary>
    public static bool Has(Tensor? tensor) => tensor is not null && Checked.TryGetValue(tensor, out _);

    /// <summary><paramref name="copy"/>, recorded as checked when <paramref name="original"/> was (a move to another device).</summary>
    public static Tensor Carry(Tensor original, Tensor copy) => Has(original) ? Mark(copy) : copy;
}

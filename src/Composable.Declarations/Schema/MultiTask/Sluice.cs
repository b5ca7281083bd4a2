namespace Composable
{
    /// <summary>
    /// A sluice network (Ruder et al. 2019), without its subspace-orthogonality penalty: a column per task whose layers
    /// are split into <paramref name="Subspaces"/> equal subspaces; after every layer a learned matrix α over all
    /// K·S (task, subspace) activations mixes them (cross-stitch at subspace granularity), and each task's head reads
    /// the concatenation of its column's layer outputs, each scaled by a learned layer-selection weight β (initially 1/L).
    /// </summary>
    /// <param name="Layers">Hidden widths of each task's column, input side first; at least one, each divisible by <paramref name="Subspaces"/>.</param>
    /// <param name="Subspaces">Subspaces per layer; at least 1.</param>
    /// <param name="Self">Initial α of a subspace with itself, in [0, 1].</param>
    /// <param name="Others">Initial α between different subspaces, in [0, 1]; Self + (K·S − 1)·Others must be 1. By default (1 − Self)/(K·S − 1).</param>
    public sealed record Sluice(
        ValueList<int> Layers,
        int Subspaces = 2,
        double Self = 0.9,
        double? Others = null) : Sharing
    {
        /// <summary>Initial α between different subspaces for <paramref name="tasks"/> tasks: the declared value or the one that makes rows sum to 1.</summary>
        public double OthersFor(int tasks)
        {
            if (Others is { } others) return others;
            var units = tasks * Subspaces;
            return units > 1 ? (1 - Self) / (units - 1) : 0;
        }
    }
}

namespace Composable
{
    /// <summary>
    /// Soft parameter sharing: every task has its own tower (as <see cref="Independent"/>), and a penalty Ω, weighted by
    /// <paramref name="Strength"/>, pulls the tasks' corresponding tower layers together. The objective minimised is
    /// Σ weight_t · loss_t + Strength · Ω. Strength 0 is independent networks; a large strength approaches hard sharing.
    /// </summary>
    /// <param name="Layers">Hidden widths of each task's tower, input side first; at least one.</param>
    /// <param name="Strength">λ, the factor of the penalty; finite and non-negative.</param>
    /// <param name="Penalty">How the distance between the tasks' parameters is measured.</param>
    /// <param name="At">Indices into <paramref name="Layers"/> whose weights and biases are pulled together; all by default.</param>
    public sealed record SoftSharing(
        ValueList<int> Layers,
        double Strength,
        SharingPenalty Penalty = SharingPenalty.SquaredDistanceToMean,
        ValueList<int>? At = null) : Sharing
    {
        /// <summary>Indices of the penalised layers; every layer when none were declared.</summary>
        public ValueList<int> At { get; init; } = At ?? ValueList.From(System.Linq.Enumerable.Range(0, Layers.Count));
    }

    /// <summary>The penalty of <see cref="SoftSharing"/>, over each penalised parameter tensor P_1…P_K of the K tasks.</summary>
    public enum SharingPenalty
    {
        /// <summary>Σ_k ‖P_k − P̄‖², P̄ the tasks' mean.</summary>
        SquaredDistanceToMean,

        /// <summary>Σ_{i&lt;j} ‖P_i − P_j‖².</summary>
        PairwiseSquaredDistance,

        /// <summary>The trace (nuclear) norm of the K × numel matrix whose rows are the flattened P_k.</summary>
        TraceNorm,
    }

    /// <summary>
    /// Cross-stitch networks (Misra et al. 2016): a column (tower) per task, and after each declared layer a learned
    /// K × K matrix α mixes the columns' activations: h'_k = Σ_j α_kj h_j. With a convolutional backbone every task's
    /// column starts with its own copy of it (<c>{task}_backbone</c>), and after each declared block a unit
    /// (<c>cross_stitch_block_{i}</c>) mixes the tasks' feature maps the same way, as Misra et al. stitch two conv
    /// networks; under a <see cref="Composition"/> the columns read the shared trunk, after one shared backbone.
    /// </summary>
    /// <param name="Layers">Hidden widths of each task's column, input side first; at least one.</param>
    /// <param name="At">Indices into <paramref name="Layers"/> followed by a cross-stitch unit; all by default.</param>
    /// <param name="Self">Initial α_kk, in [0, 1].</param>
    /// <param name="Others">Initial α_kj (j ≠ k), in [0, 1]; Self + (K − 1)·Others must be 1. By default (1 − Self)/(K − 1).</param>
    /// <param name="BlocksAt">
    /// With a convolutional backbone: indices of its blocks followed by a cross-stitch unit over the tasks' feature maps;
    /// every block by default, empty for conv columns stitched only after their MLP layers. Declared without a backbone
    /// (or under a composition) it is CMP0044.
    /// </param>
    public sealed record CrossStitch(
        ValueList<int> Layers,
        ValueList<int>? At = null,
        double Self = 0.9,
        double? Others = null,
        ValueList<int>? BlocksAt = null) : Sharing
    {
        /// <summary>Initial α_kj for <paramref name="tasks"/> tasks: the declared value or the one that makes rows sum to 1.</summary>
        public double OthersFor(int tasks)
        {
            if (Others is { } others) return others;
            return tasks > 1 ? (1 - Self) / (tasks - 1) : 0;
        }

        /// <summary>Indices of the stitched layers; every layer when none were declared.</summary>
        public ValueList<int> At { get; init; } = At ?? ValueList.From(System.Linq.Enumerable.Range(0, Layers.Count));

        /// <summary>Indices of the stitched blocks of a backbone with <paramref name="blocks"/> blocks: the declared ones, or all.</summary>
        public ValueList<int> BlocksFor(int blocks) => BlocksAt ?? ValueList.From(System.Linq.Enumerable.Range(0, blocks));
    }
}

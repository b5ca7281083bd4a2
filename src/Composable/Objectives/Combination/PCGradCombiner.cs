using System;
using Composable.Checkpoints;
using Composable.Training;

namespace Composable.Objectives.Combination;

/// <summary>
/// PCGrad, gradient surgery (Yu et al., "Gradient Surgery for Multi-Task Learning", NeurIPS 2020), as LibMTL's
/// <c>PCGrad</c>: for each task i, for every other task j in a fresh random order, if the working gradient conflicts
/// with the original g_j (g_i'·g_j &lt; 0) it is projected onto g_j's normal plane, g_i' −= (g_i'·g_j / ‖g_j‖²) g_j;
/// d = Σ_i g_i' (LibMTL sums, the paper's algorithm too). β = column sums of the tracked combination matrix.
/// Differences from LibMTL: j runs over the other tasks only (LibMTL's shuffle includes i itself), and a zero g_j is
/// skipped instead of being divided by ‖g_j‖² + 1e-8. With no conflict at all, β = 1 for every task.
/// </summary>
internal sealed class PCGradCombiner : GramCombiner, IResumable
{
    private readonly ReplayableRandom random;

    /// <summary>Creates the combiner.</summary>
    /// <param name="tasks">T.</param>
    /// <param name="seed">Seed of the generator of the orders.</param>
    internal PCGradCombiner(int tasks, int seed)
        : base("PCGrad", tasks)
    {
        random = new ReplayableRandom(seed);
    }

    /// <inheritdoc />
    public void Save(ResumeState state) => state.Put("random.draws", random.Draws);

    /// <inheritdoc />
    public void Restore(ResumeState state) => random.Restore(state.Long("random.draws"));

    /// <inheritdoc />
    protected override double[] Solve(double[,] gram, ReadOnlySpan<double> losses)
    {
        var working = new ProjectedGradients(gram);
        for (var i = 0; i < Tasks; i++)
        {
            foreach (var j in ProjectedGradients.OthersInRandomOrder(random, i, Tasks))
            {
                var squaredNorm = working.OriginalNormSquared(j);
                var dot = working.Dot(i, j);
                if (squaredNorm > 0 && dot < 0) working.Add(i, j, -dot / squaredNorm);
            }
        }

        return working.SumCoefficients();
    }
}

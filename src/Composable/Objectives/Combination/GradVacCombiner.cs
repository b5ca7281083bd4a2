using System;
using System.Linq;
using Composable.Checkpoints;
using Composable.Training;

namespace Composable.Objectives.Combination;

/// <summary>
/// Gradient vaccine (Wang et al., "Gradient Vaccine: Investigating and Improving Multi-task Optimization in Massively
/// Multilingual Models", ICLR 2021), as LibMTL's <c>GradVac</c> with the whole shared parameter vector as one group. For
/// each task i, for every other task j in a fresh random order: φ = cos(g_i', g_j); if φ &lt; φ̂[i, j],
/// g_i' += g_j · ‖g_i'‖(φ̂√(1−φ²) − φ√(1−φ̂²)) / (‖g_j‖√(1−φ̂²)), which raises the cosine to φ̂; then
/// φ̂[i, j] ← (1−β)φ̂[i, j] + β·φ with the cosine φ observed before the change. d = Σ_i g_i', β = column sums.
/// The targets φ̂ start at 0 (then the first adjustment is PCGrad's projection) and persist between calls.
/// Where LibMTL adds 1e-8 to denominators: a zero g_i' or g_j counts as cosine 0 and is not adjusted, and a target
/// φ̂ = ±1 (only reachable with β = 1) makes no adjustment, since no finite multiple of g_j reaches it.
/// </summary>
internal sealed class GradVacCombiner : GramCombiner, IResumable
{
    private readonly double beta;
    private readonly ReplayableRandom random;
    private readonly double[,] targets;

    /// <summary>Creates the combiner with all targets at 0.</summary>
    /// <param name="tasks">T.</param>
    /// <param name="beta">EMA rate of the targets, in (0, 1].</param>
    /// <param name="seed">Seed of the generator of the orders.</param>
    internal GradVacCombiner(int tasks, double beta, int seed)
        : base("GradVac", tasks)
    {
        this.beta = beta;
        random = new ReplayableRandom(seed);
        targets = new double[tasks, tasks];
    }

    /// <inheritdoc />
    public void Save(ResumeState state)
    {
        state.Put("random.draws", random.Draws);
        state.PutDoubles("targets", targets.Cast<double>());
    }

    /// <inheritdoc />
    public void Restore(ResumeState state)
    {
        var values = state.Doubles("targets");
        if (values.Length != targets.Length)
            throw new FormatException($"The checkpoint's GradVac targets hold {values.Length} values, not {targets.Length}.");
        random.Restore(state.Long("random.draws"));
        Buffer.BlockCopy(values, 0, targets, 0, values.Length * sizeof(double));
    }

    /// <inheritdoc />
    protected override double[] Solve(double[,] gram, ReadOnlySpan<double> losses)
    {
        var working = new ProjectedGradients(gram);
        for (var i = 0; i < Tasks; i++)
        {
            foreach (var j in ProjectedGradients.OthersInRandomOrder(random, i, Tasks))
            {
                var norm = Math.Sqrt(working.NormSquared(i));
                var otherNorm = Math.Sqrt(working.OriginalNormSquared(j));
                var cosine = norm > 0 && otherNorm > 0 ? Math.Clamp(working.Dot(i, j) / (norm * otherNorm), -1, 1) : 0;
                var target = targets[i, j];
                var targetSine = Math.Sqrt(Math.Max(0, 1 - target * target));
                if (cosine < target && norm > 0 && otherNorm > 0 && targetSine > 0)
                {
                    var sine = Math.Sqrt(Math.Max(0, 1 - cosine * cosine));
                    working.Add(i, j, norm * (target * sine - cosine * targetSine) / (otherNorm * targetSine));
                }

                targets[i, j] = (1 - beta) * target + beta * cosine;
            }
        }

        return working.SumCoefficients();
    }
}

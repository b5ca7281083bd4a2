using System;

namespace Composable.Objectives.Combination;

/// <summary>
/// The working gradients of the surgery methods (PCGrad, GradVac) kept as combinations of the original ones,
/// g_i' = Σ_k M[i, k] g_k with M starting as the identity, so every inner product is read from K:
/// g_i'·g_j = (M K)[i, j] and ‖g_i'‖² = M[i, ·] K M[i, ·]ᵀ. The final direction Σ_i g_i' has coefficients β = Σ_i M[i, ·].
/// </summary>
internal sealed class ProjectedGradients
{
    private readonly double[,] gram;
    private readonly double[,] mix;
    private readonly double[,] mixTimesGram;
    private readonly int tasks;

    /// <summary>Starts from the original gradients (M = I).</summary>
    /// <param name="gram">K, T × T.</param>
    internal ProjectedGradients(double[,] gram)
    {
        this.gram = gram;
        tasks = gram.GetLength(0);
        mix = new double[tasks, tasks];
        mixTimesGram = new double[tasks, tasks];
        for (var i = 0; i < tasks; i++)
        {
            mix[i, i] = 1;
            for (var j = 0; j < tasks; j++) mixTimesGram[i, j] = gram[i, j];
        }
    }

    /// <summary>g_i'·g_j, the working gradient i against the original gradient j.</summary>
    /// <param name="i">Working gradient.</param>
    /// <param name="j">Original gradient.</param>
    internal double Dot(int i, int j) => mixTimesGram[i, j];

    /// <summary>‖g_j‖², the original gradient's squared norm.</summary>
    /// <param name="j">Original gradient.</param>
    internal double OriginalNormSquared(int j) => gram[j, j];

    /// <summary>‖g_i'‖², never negative (rounding is clamped).</summary>
    /// <param name="i">Working gradient.</param>
    internal double NormSquared(int i)
    {
        var sum = 0.0;
        for (var k = 0; k < tasks; k++) sum += mix[i, k] * mixTimesGram[i, k];
        return Math.Max(sum, 0);
    }

    /// <summary>g_i' += <paramref name="amount"/> · g_j.</summary>
    /// <param name="i">Working gradient changed.</param>
    /// <param name="j">Original gradient added.</param>
    /// <param name="amount">Its factor.</param>
    internal void Add(int i, int j, double amount)
    {
        mix[i, j] += amount;
        for (var k = 0; k < tasks; k++) mixTimesGram[i, k] += amount * gram[j, k];
    }

    /// <summary>β with Σ_i g_i' = Σ_t β_t g_t: the column sums of M.</summary>
    internal double[] SumCoefficients()
    {
        var beta = new double[tasks];
        for (var i = 0; i < tasks; i++)
        {
            for (var k = 0; k < tasks; k++) beta[k] += mix[i, k];
        }

        return beta;
    }

    /// <summary>The tasks other than <paramref name="task"/> in a uniformly random order (Fisher–Yates).</summary>
    /// <param name="random">The combiner's generator.</param>
    /// <param name="task">The task left out.</param>
    /// <param name="tasks">T.</param>
    internal static int[] OthersInRandomOrder(Random random, int task, int tasks)
    {
        var order = new int[tasks - 1];
        for (int t = 0, n = 0; t < tasks; t++)
        {
            if (t != task) order[n++] = t;
        }

        for (var n = order.Length - 1; n > 0; n--)
        {
            var m = random.Next(n + 1);
            (order[n], order[m]) = (order[m], order[n]);
        }

        return order;
    }
}

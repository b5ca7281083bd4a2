using System;
using System.Linq;

namespace Composable.Tests.Objectives;

/// <summary>Explicit task gradients G (rows) and what the tests compute from them by hand: K = G Gᵀ, d = βᵀG.</summary>
internal static class GradientAlgebra
{
    /// <summary>K[i, j] = g_i · g_j.</summary>
    internal static double[,] Gram(params double[][] gradients)
    {
        var tasks = gradients.Length;
        var gram = new double[tasks, tasks];
        for (var i = 0; i < tasks; i++)
        {
            for (var j = 0; j < tasks; j++) gram[i, j] = Dot(gradients[i], gradients[j]);
        }

        return gram;
    }

    /// <summary>d = Σ_t β_t g_t.</summary>
    internal static double[] Direction(double[] beta, params double[][] gradients)
    {
        var d = new double[gradients[0].Length];
        for (var t = 0; t < gradients.Length; t++)
        {
            for (var k = 0; k < d.Length; k++) d[k] += beta[t] * gradients[t][k];
        }

        return d;
    }

    /// <summary>a · b.</summary>
    internal static double Dot(double[] a, double[] b) => a.Zip(b, (x, y) => x * y).Sum();

    /// <summary>‖a‖.</summary>
    internal static double Norm(double[] a) => Math.Sqrt(Dot(a, a));

    /// <summary>K w.</summary>
    internal static double[] Multiply(double[,] gram, double[] w) =>
        Enumerable.Range(0, w.Length).Select(i => Enumerable.Range(0, w.Length).Sum(j => gram[i, j] * w[j])).ToArray();

    /// <summary>Reproducible Gaussian gradients, [tasks × size].</summary>
    internal static double[][] RandomGradients(int seed, int tasks, int size)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, tasks)
            .Select(_ => Enumerable.Range(0, size)
                .Select(_ => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()))
                .ToArray())
            .ToArray();
    }

    /// <summary>Asserts |expected_t − actual_t| ≤ tolerance for every t, naming the first entry that is not.</summary>
    internal static void AssertClose(double[] expected, double[] actual, double tolerance)
    {
        Xunit.Assert.Equal(expected.Length, actual.Length);
        for (var t = 0; t < expected.Length; t++)
        {
            if (!(Math.Abs(expected[t] - actual[t]) <= tolerance))
                Xunit.Assert.Fail($"Entry {t}: expected {expected[t]:R}, got {actual[t]:R} (tolerance {tolerance:R}); all: [{string.Join(", ", actual)}].");
        }
    }

    /// <summary>Losses of 1 for every task, for the methods that ignore them.</summary>
    internal static double[] Ones(int tasks) => Enumerable.Repeat(1.0, tasks).ToArray();
}

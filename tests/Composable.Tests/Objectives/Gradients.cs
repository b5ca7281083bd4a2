using System;
using System.Linq;
using Composable.Objectives;

namespace Composable.Tests.Objectives;

/// <summary>Explicit task gradients G (one row per task) and what the combiner tests compute from them.</summary>
internal static class Gradients
{
    /// <summary>K = G Gᵀ.</summary>
    public static double[,] Gram(double[][] g)
    {
        var k = new double[g.Length, g.Length];
        for (var i = 0; i < g.Length; i++)
        {
            for (var j = 0; j < g.Length; j++) k[i, j] = Dot(g[i], g[j]);
        }

        return k;
    }

    /// <summary>d = βᵀG.</summary>
    public static double[] Direction(double[] beta, double[][] g)
    {
        var d = new double[g[0].Length];
        for (var t = 0; t < g.Length; t++)
        {
            for (var p = 0; p < d.Length; p++) d[p] += beta[t] * g[t][p];
        }

        return d;
    }

    /// <summary>The coefficients of <paramref name="combiner"/> for G, with unit losses.</summary>
    public static double[] Coefficients(IGradientCombiner combiner, double[][] g) =>
        combiner.Coefficients(Gram(g), Enumerable.Repeat(1.0, g.Length).ToArray());

    public static double Dot(double[] a, double[] b) => a.Zip(b, (x, y) => x * y).Sum();

    public static double Norm(double[] a) => Math.Sqrt(Dot(a, a));

    public static double[] Scale(double factor, double[] a) => a.Select(x => factor * x).ToArray();

    public static double[] Add(double[] a, double[] b) => a.Zip(b, (x, y) => x + y).ToArray();

    /// <summary>The mean gradient g₀.</summary>
    public static double[] Mean(double[][] g) => Direction(Enumerable.Repeat(1.0 / g.Length, g.Length).ToArray(), g);

    /// <summary><paramref name="tasks"/> standard normal gradients of <paramref name="width"/> entries (Box–Muller, seeded).</summary>
    public static double[][] Random(int tasks, int width, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, tasks)
            .Select(_ => Enumerable.Range(0, width)
                .Select(_ => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()))
                .ToArray())
            .ToArray();
    }

    /// <summary>Asserts |expected − actual| ≤ tolerance entry by entry, naming the entry that differs.</summary>
    public static void AssertClose(double[] expected, double[] actual, double tolerance)
    {
        Xunit.Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            if (!(Math.Abs(expected[i] - actual[i]) <= tolerance))
                throw new Xunit.Sdk.XunitException($"Entry {i}: expected {expected[i]:R}, got {actual[i]:R} (tolerance {tolerance:R}).");
        }
    }
}

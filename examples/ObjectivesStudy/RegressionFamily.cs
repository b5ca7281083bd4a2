using System;
using System.Collections.Generic;
using System.Linq;
using Composable.Data;
using static TorchSharp.torch;

namespace Composable.Examples.ObjectivesStudy;

/// <summary>
/// The MMoE paper's synthetic regression family (the recipe of <see cref="CorrelatedRegression"/>) widened to k tasks
/// and per-task target scales: orthonormal u_1 … u_k in R^d; w_1 = c·u_1 and w_t = c·(p·u_1 + √(1 − p²)·u_t) for t ≥ 2;
/// x ~ N(0, I); y_t = s_t·(w_tᵀx + Σ_{i=1..m} sin(α_i·w_tᵀx + β_i) + ε), α_i, β_i ~ N(0, 1) shared by all tasks and
/// ε ~ N(0, 0.01). With k = 2 and every s_t = 1 this is the library's two-task family. Deterministic from a seed.
/// </summary>
public sealed class RegressionFamily
{
    private readonly double[][] _weights;
    private readonly double[] _alphas;
    private readonly double[] _betas;
    private readonly IReadOnlyList<double> _scales;

    private RegressionFamily(double[][] weights, double[] alphas, double[] betas, IReadOnlyList<double> scales)
    {
        _weights = weights;
        _alphas = alphas;
        _betas = betas;
        _scales = scales;
    }

    /// <summary>Task weight vectors w_t (copies), one per task.</summary>
    public IReadOnlyList<IReadOnlyList<double>> Weights => _weights.Select(w => (IReadOnlyList<double>)w.ToArray()).ToArray();

    /// <summary>Draws the task parameters from <paramref name="seed"/>.</summary>
    /// <param name="tasks">k ≥ 1, at most <paramref name="dimension"/>.</param>
    /// <param name="correlation">p in [-1, 1], the cosine between w_1 and every other w_t.</param>
    /// <param name="seed">Seed of u, α and β.</param>
    /// <param name="dimension">d.</param>
    /// <param name="scale">c &gt; 0, the norm of every w_t.</param>
    /// <param name="sinusoids">m ≥ 0.</param>
    /// <param name="targetScales">s_t per task (all 1 when null).</param>
    public static RegressionFamily Create(int tasks, double correlation, int seed, int dimension, double scale, int sinusoids, IReadOnlyList<double>? targetScales = null)
    {
        if (tasks < 1 || tasks > dimension) throw new ArgumentOutOfRangeException(nameof(tasks), tasks, $"The number of tasks must be from 1 to d = {dimension}.");
        if (double.IsNaN(correlation) || correlation is < -1 or > 1) throw new ArgumentOutOfRangeException(nameof(correlation), correlation, "The correlation p must be in [-1, 1].");
        if (!(scale > 0) || double.IsInfinity(scale)) throw new ArgumentOutOfRangeException(nameof(scale), scale, "c must be finite and positive.");
        if (sinusoids < 0) throw new ArgumentOutOfRangeException(nameof(sinusoids), sinusoids, "m must be non-negative.");
        var scales = targetScales ?? Enumerable.Repeat(1.0, tasks).ToArray();
        if (scales.Count != tasks || scales.Any(s => !(s > 0) || double.IsInfinity(s)))
            throw new ArgumentException($"Give {tasks} finite positive target scales, one per task.", nameof(targetScales));

        var random = new Random(seed);
        var basis = new List<double[]>();
        for (var t = 0; t < tasks; t++)
        {
            var v = Enumerable.Range(0, dimension).Select(_ => Gaussian(random)).ToArray();
            foreach (var u in basis)
            {
                var along = Dot(u, v);
                for (var j = 0; j < dimension; j++) v[j] -= along * u[j]; // Gram–Schmidt
            }
            var norm = Math.Sqrt(Dot(v, v));
            basis.Add(v.Select(x => x / norm).ToArray());
        }
        var orthogonal = Math.Sqrt(1 - correlation * correlation);
        var weights = basis.Select((u, t) => t == 0
            ? u.Select(x => scale * x).ToArray()
            : u.Select((x, j) => scale * (correlation * basis[0][j] + orthogonal * x)).ToArray()).ToArray();
        var alphas = Enumerable.Range(0, sinusoids).Select(_ => Gaussian(random)).ToArray();
        var betas = Enumerable.Range(0, sinusoids).Select(_ => Gaussian(random)).ToArray();
        return new RegressionFamily(weights, alphas, betas, scales.ToArray());
    }

    /// <summary><paramref name="examples"/> examples with shared inputs for <paramref name="spec"/>'s single-output regression tasks, in order.</summary>
    public MultiTaskDataset Sample(MultiTaskSpec spec, int examples, int seed)
    {
        var dimension = _weights[0].Length;
        if (spec.Input.Size != dimension || spec.Tasks.Count != _weights.Length || spec.Tasks.Any(t => t.Target is not Regression { Outputs: 1 }))
            throw new ArgumentException($"The family needs a declaration of {dimension} input features and {_weights.Length} single-output regression tasks.", nameof(spec));
        if (examples <= 0) throw new ArgumentOutOfRangeException(nameof(examples), examples, "Examples must be positive.");

        var random = new Random(seed);
        var x = new float[examples * dimension];
        var y = _weights.Select(_ => new float[examples]).ToArray();
        var noise = Math.Sqrt(CorrelatedRegression.NoiseVariance);
        var row = new double[dimension];
        for (var n = 0; n < examples; n++)
        {
            for (var j = 0; j < dimension; j++)
            {
                row[j] = Gaussian(random);
                x[n * dimension + j] = (float)row[j];
            }
            for (var t = 0; t < _weights.Length; t++)
                y[t][n] = (float)(_scales[t] * (Target(Dot(_weights[t], row)) + noise * Gaussian(random)));
        }
        var targets = spec.Tasks.Select((task, t) => (task.Name, Values: tensor(y[t]).view(examples, 1)))
            .ToDictionary(p => p.Name, p => p.Values);
        return MultiTaskDataset.FromShared(spec, tensor(x).view(examples, dimension), targets, TensorOwnership.Take);
    }

    private double Target(double linear)
    {
        var y = linear;
        for (var i = 0; i < _alphas.Length; i++) y += Math.Sin(_alphas[i] * linear + _betas[i]);
        return y;
    }

    private static double Gaussian(Random random)
    {
        // Box–Muller; 1 − U keeps the logarithm's argument in (0, 1].
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    private static double Dot(double[] a, double[] b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }
}

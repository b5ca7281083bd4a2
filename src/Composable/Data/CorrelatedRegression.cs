using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace Composable.Data;

/// <summary>
/// The two-task regression family with controllable task correlation of the MMoE paper (Ma et al. 2018, §3.2):
/// orthogonal unit vectors u1, u2 in R^d; w1 = c·u1, w2 = c·(p·u1 + √(1 − p²)·u2); x ~ N(0, I);
/// y_k = w_kᵀx + Σ_{i=1..m} sin(α_i·w_kᵀx + β_i) + ε, with α_i, β_i ~ N(0, 1) shared by both tasks and ε ~ N(0, 0.01).
/// p is the cosine between w1 and w2, hence the correlation of the tasks' linear parts. Deterministic from a seed
/// (a seeded <see cref="Random"/>, not torch's generator). Sample train and test sets from one instance: they share
/// the task parameters.
/// </summary>
public sealed class CorrelatedRegression
{
    private readonly double[] _w1;
    private readonly double[] _w2;
    private readonly double[] _alphas;
    private readonly double[] _betas;

    private CorrelatedRegression(double correlation, int dimension, double scale, int sinusoids, double[] w1, double[] w2, double[] alphas, double[] betas)
    {
        Correlation = correlation;
        Dimension = dimension;
        Scale = scale;
        Sinusoids = sinusoids;
        _w1 = w1;
        _w2 = w2;
        _alphas = alphas;
        _betas = betas;
    }

    /// <summary>Noise variance of ε.</summary>
    public const double NoiseVariance = 0.01;

    /// <summary>p, the cosine between w1 and w2.</summary>
    public double Correlation { get; }

    /// <summary>d, the input width.</summary>
    public int Dimension { get; }

    /// <summary>c, the norm of w1 and w2.</summary>
    public double Scale { get; }

    /// <summary>m, the number of sinusoids.</summary>
    public int Sinusoids { get; }

    /// <summary>w1 (a copy).</summary>
    public IReadOnlyList<double> W1 => _w1.ToArray();

    /// <summary>w2 (a copy).</summary>
    public IReadOnlyList<double> W2 => _w2.ToArray();

    /// <summary>Draws the task parameters (u1, u2, α, β) for correlation <paramref name="correlation"/> from <paramref name="seed"/>.</summary>
    /// <param name="correlation">p in [-1, 1].</param>
    /// <param name="seed">Seed of the task parameters.</param>
    /// <param name="dimension">d, positive.</param>
    /// <param name="scale">c, positive.</param>
    /// <param name="sinusoids">m, non-negative.</param>
    public static CorrelatedRegression Create(double correlation, int seed, int dimension = 100, double scale = 0.3, int sinusoids = 5)
    {
        if (double.IsNaN(correlation) || correlation < -1 || correlation > 1)
            throw new ArgumentOutOfRangeException(nameof(correlation), correlation, "The correlation p must be in [-1, 1].");
        if (dimension < 2) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "d must be at least 2 for two orthogonal vectors.");
        if (!(scale > 0) || double.IsInfinity(scale)) throw new ArgumentOutOfRangeException(nameof(scale), scale, "c must be finite and positive.");
        if (sinusoids < 0) throw new ArgumentOutOfRangeException(nameof(sinusoids), sinusoids, "m must be non-negative.");

        var gaussian = new GaussianSource(seed);
        var u1 = Normalised(Enumerable.Range(0, dimension).Select(_ => gaussian.Next()).ToArray());
        var u2 = Enumerable.Range(0, dimension).Select(_ => gaussian.Next()).ToArray();
        var along = Dot(u1, u2);
        u2 = Normalised(u2.Select((v, i) => v - along * u1[i]).ToArray()); // Gram–Schmidt: u2 ⟂ u1
        var orthogonal = Math.Sqrt(1 - correlation * correlation);
        var w1 = u1.Select(v => scale * v).ToArray();
        var w2 = u1.Select((v, i) => scale * (correlation * v + orthogonal * u2[i])).ToArray();
        var alphas = Enumerable.Range(0, sinusoids).Select(_ => gaussian.Next()).ToArray();
        var betas = Enumerable.Range(0, sinusoids).Select(_ => gaussian.Next()).ToArray();
        return new CorrelatedRegression(correlation, dimension, scale, sinusoids, w1, w2, alphas, betas);
    }

    /// <summary>
    /// <paramref name="examples"/> examples with shared inputs for a declaration of two single-output regression tasks
    /// (in that order: task 1, task 2) reading <see cref="Dimension"/> features. Inputs and noise come from <paramref name="seed"/>.
    /// </summary>
    public MultiTaskDataset Sample(MultiTaskSpec spec, int examples, int seed)
    {
        if (spec.Input.Size != Dimension || spec.Tasks.Count != 2 || spec.Tasks.Any(t => t.Target is not Regression { Outputs: 1 }))
            throw new ArgumentException($"The correlated regression family needs a declaration of {Dimension} input features and two single-output regression tasks.", nameof(spec));
        if (examples <= 0) throw new ArgumentOutOfRangeException(nameof(examples), examples, "Examples must be positive.");

        var gaussian = new GaussianSource(seed);
        var x = new float[examples * Dimension];
        var y1 = new float[examples];
        var y2 = new float[examples];
        var noise = Math.Sqrt(NoiseVariance);
        for (var n = 0; n < examples; n++)
        {
            double a1 = 0, a2 = 0;
            for (var j = 0; j < Dimension; j++)
            {
                var value = gaussian.Next();
                x[n * Dimension + j] = (float)value;
                a1 += _w1[j] * value;
                a2 += _w2[j] * value;
            }
            y1[n] = (float)(Target(a1) + noise * gaussian.Next());
            y2[n] = (float)(Target(a2) + noise * gaussian.Next());
        }
        var targets = new Dictionary<string, Tensor>
        {
            [spec.Tasks[0].Name] = tensor(y1).view(examples, 1),
            [spec.Tasks[1].Name] = tensor(y2).view(examples, 1),
        };
        return MultiTaskDataset.FromShared(spec, tensor(x).view(examples, Dimension), targets, TensorOwnership.Take);
    }

    private double Target(double linear)
    {
        var y = linear;
        for (var i = 0; i < _alphas.Length; i++) y += Math.Sin(_alphas[i] * linear + _betas[i]);
        return y;
    }

    private static double Dot(double[] a, double[] b) => a.Select((v, i) => v * b[i]).Sum();

    private static double[] Normalised(double[] v)
    {
        var norm = Math.Sqrt(Dot(v, v));
        return v.Select(x => x / norm).ToArray();
    }
}

using System;
using static TorchSharp.torch;

namespace Composable.Data.Episodes;

/// <summary>One sinusoid task y = A·sin(x − φ).</summary>
/// <param name="Amplitude">A.</param>
/// <param name="Phase">φ.</param>
public sealed record SinusoidTask(double Amplitude, double Phase)
{
    /// <summary>The task's exact value at <paramref name="x"/>.</summary>
    public double At(double x) => Amplitude * Math.Sin(x - Phase);
}

/// <summary>
/// The sinusoid regression family of Finn et al. (2017, §5.1): A ~ U[0.1, 5], φ ~ U[0, π], x ~ U[−5, 5],
/// y = A·sin(x − φ). Splits are by task: each (split, index, seed) draws its own random stream, so the splits'
/// task streams are independent (continuous tasks cannot be "disjoint" in a stronger sense).
/// </summary>
public sealed class SinusoidFamily : ITaskFamily
{
    /// <summary>Amplitude range.</summary>
    public const double MinAmplitude = 0.1, MaxAmplitude = 5.0;

    /// <summary>Phase range.</summary>
    public const double MinPhase = 0.0, MaxPhase = Math.PI;

    /// <summary>Input range.</summary>
    public const double MinX = -5.0, MaxX = 5.0;

    /// <summary>A family whose episodes have <paramref name="shape"/>'s support and query sizes.</summary>
    public SinusoidFamily(FewShotRegression shape) => Shape = shape;

    /// <inheritdoc />
    public Composable.Episodes Shape { get; }

    /// <inheritdoc />
    public int InputWidth => 1;

    /// <summary>The task of episode (split, index, seed), without sampling its points.</summary>
    public SinusoidTask TaskOf(MetaSplit split, long index, int seed = 0) => DrawTask(new Random(TaskFamilies.Mix(split, index, seed)));

    /// <inheritdoc />
    public Episode Sample(MetaSplit split, long index, int seed = 0)
    {
        var random = new Random(TaskFamilies.Mix(split, index, seed));
        var task = DrawTask(random);
        var (sx, sy) = Points(task, random, Shape.Shots);
        var (qx, qy) = Points(task, random, Shape.Queries);
        // Finite by construction: a step need not check them again.
        return new Episode(CheckedData.Mark(sx), CheckedData.Mark(sy), CheckedData.Mark(qx), CheckedData.Mark(qy), task);
    }

    /// <summary><paramref name="count"/> evenly spaced points of a task over [−5, 5] (for plots).</summary>
    public static (Tensor X, Tensor Y) Grid(SinusoidTask task, int count)
    {
        var x = new float[count];
        var y = new float[count];
        for (var i = 0; i < count; i++)
        {
            x[i] = (float)(MinX + (MaxX - MinX) * i / Math.Max(1, count - 1));
            y[i] = (float)task.At(x[i]);
        }
        return (tensor(x).reshape(count, 1), tensor(y).reshape(count, 1));
    }

    private static SinusoidTask DrawTask(Random random) => new(
        MinAmplitude + (MaxAmplitude - MinAmplitude) * random.NextDouble(),
        MinPhase + (MaxPhase - MinPhase) * random.NextDouble());

    private static (Tensor X, Tensor Y) Points(SinusoidTask task, Random random, int count)
    {
        var x = new float[count];
        var y = new float[count];
        for (var i = 0; i < count; i++)
        {
            x[i] = (float)(MinX + (MaxX - MinX) * random.NextDouble());
            y[i] = (float)task.At(x[i]);
        }
        return (tensor(x).reshape(count, 1), tensor(y).reshape(count, 1));
    }
}

using System;

namespace Composable.Data;

/// <summary>
/// Standard normal numbers from a seeded <see cref="Random"/> by the Box–Muller transform: the same seed gives the
/// same numbers on every run (torch's generator is avoided so that no native code decides the values).
/// </summary>
internal sealed class GaussianSource(int seed)
{
    private readonly Random _random = new(seed);
    private double? _spare;

    /// <summary>The next standard normal number.</summary>
    public double Next()
    {
        if (_spare is { } spare)
        {
            _spare = null;
            return spare;
        }
        var radius = Math.Sqrt(-2.0 * Math.Log(1.0 - _random.NextDouble()));
        var angle = 2.0 * Math.PI * _random.NextDouble();
        _spare = radius * Math.Sin(angle);
        return radius * Math.Cos(angle);
    }

    /// <summary>A rows × columns matrix, row-major, of standard normal numbers.</summary>
    public double[,] Matrix(int rows, int columns)
    {
        var matrix = new double[rows, columns];
        for (var i = 0; i < rows; i++)
            for (var j = 0; j < columns; j++)
                matrix[i, j] = Next();
        return matrix;
    }
}

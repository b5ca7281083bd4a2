using System;

namespace Composable.Evaluation.Selection;

/// <summary>The Student t distribution's 97.5 % quantile: the factor of a two-sided 95 % interval of a mean.</summary>
internal static class StudentT
{
    /// <summary>t(0.975, ν) for ν = 1 … 30.</summary>
    private static readonly double[] Table =
    [
        12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281,
        2.2010, 2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860,
        2.0796, 2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423,
    ];

    /// <summary>
    /// t(0.975, <paramref name="degreesOfFreedom"/>): from a table up to 30, beyond by the Cornish–Fisher expansion
    /// around the normal quantile (its error is below 1e-4 there).
    /// </summary>
    public static double Quantile975(int degreesOfFreedom)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(degreesOfFreedom);
        if (degreesOfFreedom <= Table.Length) return Table[degreesOfFreedom - 1];
        const double z = 1.959963984540054;
        double v = degreesOfFreedom, z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z;
        return z + (z3 + z) / (4 * v) + (5 * z5 + 16 * z3 + 3 * z) / (96 * v * v)
                 + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * v * v * v);
    }
}

using System;
using static TorchSharp.torch;

namespace Composable.Training;

/// <summary>The penalty Ω of soft parameter sharing, shared by generated trainers and the interpreter.</summary>
public static class SoftSharingPenalty
{
    /// <summary>
    /// Ω summed over <paramref name="groups"/>, each group the corresponding parameter tensor of every task (same
    /// shapes), in the order given.
    /// </summary>
    public static Tensor Of(SharingPenalty penalty, params Tensor[][] groups)
    {
        Tensor? total = null;
        foreach (var group in groups)
        {
            var term = Group(penalty, group);
            total = total is null ? term : total.add(term, Scalars.One);
        }
        return total ?? throw new ArgumentException("Soft sharing needs at least one group of parameters.", nameof(groups));
    }

    private static Tensor Group(SharingPenalty penalty, Tensor[] parameters)
    {
        var rows = stack(parameters, 0).reshape(parameters.Length, -1);
        switch (penalty)
        {
            case SharingPenalty.SquaredDistanceToMean:
                return (rows - rows.mean(new long[] { 0 }, keepdim: true)).pow(Scalars.Two).sum();
            case SharingPenalty.PairwiseSquaredDistance:
                Tensor? sum = null;
                for (var i = 0; i < parameters.Length; i++)
                    for (var j = i + 1; j < parameters.Length; j++)
                    {
                        var term = (rows[i] - rows[j]).pow(Scalars.Two).sum();
                        sum = sum is null ? term : sum.add(term, Scalars.One);
                    }
                return sum ?? zeros(1).sum();
            case SharingPenalty.TraceNorm:
                return linalg.svdvals(rows).sum();
            default:
                throw new ArgumentOutOfRangeException(nameof(penalty), penalty, "Unknown sharing penalty.");
        }
    }
}

using System;
using System.Globalization;
using Composable.Objectives.Combination;

namespace Composable.Objectives;

/// <summary>
/// Makes the <see cref="IGradientCombiner"/> of a declared <see cref="GradientCombination"/>: pure double-precision math on
/// the T × T Gram matrix, one instance per training run (PCGrad and GradVac draw their orders from a
/// <see cref="Random"/> they own; GradVac and Nash-MTL keep state between calls).
/// </summary>
public static class GradientCombiners
{
    /// <summary>Creates the combiner of <paramref name="method"/> for <paramref name="tasks"/> tasks.</summary>
    /// <param name="method">The declared method and its hyper-parameters.</param>
    /// <param name="tasks">T, at least 2.</param>
    /// <param name="seed">Seed of the combiner's own generator: the same seed gives the same coefficients for the same inputs.</param>
    /// <returns>A fresh combiner.</returns>
    /// <exception cref="ArgumentException">
    /// Fewer than 2 tasks, or a hyper-parameter out of range or not finite (CAGrad C in [0, 1), GradVac Beta in (0, 1],
    /// Nash-MTL MaxNorm ≥ 0 and UpdateEvery ≥ 1); the message names the method and the value.
    /// </exception>
    public static IGradientCombiner Create(GradientCombination method, int tasks, int seed)
    {
        ArgumentNullException.ThrowIfNull(method);
        CheckTasks(method.ShortName, tasks);
        return method switch
        {
            PCGrad => new PCGradCombiner(tasks, seed),
            Mgda mgda => new MgdaCombiner(mgda.ShortName, tasks, CheckedNormalization(mgda)),
            CAGrad caGrad => new CAGradCombiner(tasks, Checked(caGrad.C, "CAGrad", "C", "[0, 1)", c => c >= 0 && c < 1)),
            ImtlGradient => new ImtlGradientCombiner(tasks),
            NashMtl nash => new NashMtlCombiner(
                tasks,
                Checked(nash.MaxNorm, "Nash-MTL", "MaxNorm", "[0, ∞) (0: no clipping)", m => m >= 0),
                nash.UpdateEvery >= 1
                    ? nash.UpdateEvery
                    : throw new ArgumentException(Invariant($"Nash-MTL: UpdateEvery must be at least 1, got {nash.UpdateEvery}."), nameof(method))),
            AlignedMtl => new AlignedMtlCombiner(tasks),
            GradVac gradVac => new GradVacCombiner(tasks, Checked(gradVac.Beta, "GradVac", "Beta", "(0, 1]", b => b > 0 && b <= 1), seed),
            _ => throw new ArgumentException($"Unknown gradient combination {method.GetType().Name}.", nameof(method)),
        };
    }

    /// <summary>Equal weighting ("EW"): β_t = 1/T, the mean gradient, the reference the other methods are compared with.</summary>
    /// <param name="tasks">T, at least 2.</param>
    /// <returns>A combiner that answers 1/T for every task (after checking its inputs like the others).</returns>
    /// <exception cref="ArgumentException">Fewer than 2 tasks.</exception>
    public static IGradientCombiner Mean(int tasks)
    {
        CheckTasks("EW", tasks);
        return new MeanCombiner(tasks);
    }

    private static void CheckTasks(string method, int tasks)
    {
        if (tasks < 2)
            throw new ArgumentException(Invariant($"{method}: tasks must be at least 2 to combine gradients, got {tasks}."), nameof(tasks));
    }

    private static GradientNormalization CheckedNormalization(Mgda mgda) =>
        Enum.IsDefined(mgda.Normalization)
            ? mgda.Normalization
            : throw new ArgumentException(Invariant($"{mgda.ShortName}: unknown Normalization {(int)mgda.Normalization}."), nameof(mgda));

    private static double Checked(double value, string method, string name, string range, Func<double, bool> inRange) =>
        double.IsFinite(value) && inRange(value)
            ? value
            : throw new ArgumentException(Invariant($"{method}: {name} must be finite and in {range}, got {value}."), "method");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

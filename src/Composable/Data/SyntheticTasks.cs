using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;
using static TorchSharp.torch;

namespace Composable.Data;

/// <summary>
/// A family of related synthetic tasks of any mix of target kinds, with one knob (ρ,
/// <see cref="SyntheticOptions.Relatedness"/>) for how related they are.
/// </summary>
/// <remarks>
/// <para>With F the input width, L the latent width and W the widest task output: inputs x ~ N(0, I) of width F.
/// Shared maps W_s (F × L) and V_s (L × W) are drawn once; each task t draws its own W_o (F × L) and V_o
/// (L × w_t) and mixes W_t = ρ·W_s + √(1 − ρ²)·W_o and V_t = ρ·V_s[:, :w_t] + √(1 − ρ²)·V_o, so every entry
/// stays N(0, 1) whatever ρ. Then h = tanh(x W_t / √F) and z = h V_t / √L (both O(1)), and with ε ~ N(0, I):
/// regression y = z + noise·ε; binary y = 1[z + noise·ε &gt; 0]; multi-class y = argmax(z + noise·ε);
/// multi-label y = 1[z + noise·ε &gt; 0] per label.</para>
/// <para>How related: with ρ = 1, tasks of the same kind and width compute the same z and differ only by noise;
/// with ρ = 0 their maps are independent and their targets nearly uncorrelated. In between, the correlation of two
/// one-output regression targets is about ρ² in expectation over seeds (both maps are mixed), and a single pair of
/// tasks scatters around that by roughly 1/√L.</para>
/// <para>With <see cref="SyntheticOptions.SharedInputs"/> all tasks read the same N = Examples rows. Otherwise
/// each task draws its own rows and task t (0-based, of T) gets max(1, ⌊Examples·(t + 1)/T⌋) of them, so
/// sizes differ (the last task has Examples) and size-proportional sampling has something to do.</para>
/// <para>Every number comes from one <see cref="Random"/>(Seed) through Box–Muller, in a fixed order (shared
/// maps, each task's own maps, then inputs and noise), computed in double precision in managed code and
/// stored as float32: the same options give identical tensors on every run.</para>
/// </remarks>
public static class SyntheticTasks
{
    /// <summary>A dataset of the declaration's tasks, drawn as described on <see cref="SyntheticTasks"/>.</summary>
    /// <exception cref="ArgumentException">The options or the declaration are invalid; lists every problem,
    /// naming the option.</exception>
    public static MultiTaskDataset Generate(MultiTaskSpec spec, SyntheticOptions options)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        Requirement.ThrowIfFailed(Check(spec, options), "Cannot generate synthetic tasks:", nameof(options));

        var width = spec.Input.Size;
        var latent = options.LatentWidth;
        var rho = options.Relatedness;
        var own = Math.Sqrt(1 - rho * rho);
        var tasks = spec.Tasks;
        var gaussian = new GaussianSource(options.Seed);

        var sharedIn = gaussian.Matrix(width, latent);
        var sharedOut = gaussian.Matrix(latent, tasks.Max(t => t.Target.OutputWidth));
        var maps = tasks.Select(task => (
            In: Mix(sharedIn, gaussian.Matrix(width, latent), rho, own),
            Out: Mix(Columns(sharedOut, task.Target.OutputWidth), gaussian.Matrix(latent, task.Target.OutputWidth), rho, own))).ToArray();

        if (options.SharedInputs)
        {
            var x = gaussian.Matrix(options.Examples, width);
            var targets = new Dictionary<string, Tensor>();
            for (var t = 0; t < tasks.Count; t++)
                targets[tasks[t].Name] = Targets(tasks[t].Target, Scores(x, maps[t].In, maps[t].Out, options.Noise, gaussian));
            return MultiTaskDataset.FromShared(spec, ToTensor(x), targets, TensorOwnership.Take);
        }

        var data = new List<TaskData>();
        for (var t = 0; t < tasks.Count; t++)
        {
            var x = gaussian.Matrix(Math.Max(1, (int)((long)options.Examples * (t + 1) / tasks.Count)), width);
            var y = Targets(tasks[t].Target, Scores(x, maps[t].In, maps[t].Out, options.Noise, gaussian));
            data.Add(new TaskData(tasks[t].Name, ToTensor(x), y));
        }
        return MultiTaskDataset.From(spec, data, TensorOwnership.Take);
    }

    private static Validation<Error, Unit> Check(MultiTaskSpec spec, SyntheticOptions options) =>
        (Requirement.ValidDeclaration(spec),
         Requirement.That(options.Examples > 0, $"SyntheticOptions.Examples is {options.Examples}; it must be positive."),
         Requirement.That(options.Relatedness >= 0 && options.Relatedness <= 1,
             $"SyntheticOptions.Relatedness is {Format(options.Relatedness)}; it must be in [0, 1]."),
         Requirement.That(options.Noise >= 0 && !double.IsInfinity(options.Noise),
             $"SyntheticOptions.Noise is {Format(options.Noise)}; it must be finite and non-negative."),
         Requirement.That(options.LatentWidth > 0, $"SyntheticOptions.LatentWidth is {options.LatentWidth}; it must be positive."))
        .Apply((_, _, _, _, _) => unit);

    /// <summary>z + noise·ε with z = tanh(x W / √F) V / √L: one row of scores per example.</summary>
    private static double[,] Scores(double[,] x, double[,] inMap, double[,] outMap, double noise, GaussianSource gaussian)
    {
        var (rows, width, latent, outputs) = (x.GetLength(0), x.GetLength(1), inMap.GetLength(1), outMap.GetLength(1));
        var (inScale, outScale) = (1 / Math.Sqrt(width), 1 / Math.Sqrt(latent));
        var scores = new double[rows, outputs];
        var h = new double[latent];
        for (var i = 0; i < rows; i++)
        {
            for (var l = 0; l < latent; l++)
            {
                var sum = 0.0;
                for (var f = 0; f < width; f++) sum += x[i, f] * inMap[f, l];
                h[l] = Math.Tanh(sum * inScale);
            }
            for (var o = 0; o < outputs; o++)
            {
                var sum = 0.0;
                for (var l = 0; l < latent; l++) sum += h[l] * outMap[l, o];
                scores[i, o] = sum * outScale + noise * gaussian.Next();
            }
        }
        return scores;
    }

    private static Tensor Targets(Target target, double[,] scores)
    {
        var (rows, outputs) = (scores.GetLength(0), scores.GetLength(1));
        if (target is MultiClass)
        {
            var labels = new long[rows];
            for (var i = 0; i < rows; i++)
            {
                var best = 0;
                for (var o = 1; o < outputs; o++)
                    if (scores[i, o] > scores[i, best]) best = o;
                labels[i] = best;
            }
            return tensor(labels, [rows]);
        }
        var values = new float[rows * outputs];
        for (var i = 0; i < rows; i++)
            for (var o = 0; o < outputs; o++)
                values[i * outputs + o] = target is Regression ? (float)scores[i, o] : scores[i, o] > 0 ? 1f : 0f;
        return tensor(values, [rows, outputs]);
    }

    private static double[,] Mix(double[,] shared, double[,] own, double sharedWeight, double ownWeight)
    {
        var mixed = new double[shared.GetLength(0), shared.GetLength(1)];
        for (var i = 0; i < mixed.GetLength(0); i++)
            for (var j = 0; j < mixed.GetLength(1); j++)
                mixed[i, j] = sharedWeight * shared[i, j] + ownWeight * own[i, j];
        return mixed;
    }

    private static double[,] Columns(double[,] matrix, int count)
    {
        var slice = new double[matrix.GetLength(0), count];
        for (var i = 0; i < matrix.GetLength(0); i++)
            for (var j = 0; j < count; j++)
                slice[i, j] = matrix[i, j];
        return slice;
    }

    private static Tensor ToTensor(double[,] matrix)
    {
        var (rows, columns) = (matrix.GetLength(0), matrix.GetLength(1));
        var values = new float[rows * columns];
        for (var i = 0; i < rows; i++)
            for (var j = 0; j < columns; j++)
                values[i * columns + j] = (float)matrix[i, j];
        return tensor(values, [rows, columns]);
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}

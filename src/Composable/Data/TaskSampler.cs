using System;
using System.Collections.Generic;
using System.Linq;

namespace Composable.Data;

/// <summary>
/// Chooses which tasks a training step draws from, following a <see cref="TaskSampling"/>: every task
/// (<see cref="TaskSampling.AllTasks"/>), or one task per step, uniformly (<see cref="TaskSampling.Uniform"/>)
/// or with probability proportional to its size (<see cref="TaskSampling.ProportionalToSize"/>).
/// Deterministic: a <see cref="Random"/> seeded with the given seed makes every choice, so the same seed gives
/// the same sequence on every run and platform.
/// </summary>
public sealed class TaskSampler
{
    private readonly long[] _cumulativeSizes;
    private readonly IReadOnlyList<int> _allTasks;
    private readonly Random _random;

    /// <summary>A sampler over tasks of the given sizes.</summary>
    /// <param name="sampling">The sampling rule.</param>
    /// <param name="sizes">Number of training examples of each task, in declaration order; each positive.</param>
    /// <param name="seed">Seed of the <see cref="Random"/> that makes the choices.</param>
    /// <exception cref="ArgumentException">No sizes, or a size that is not positive.</exception>
    public TaskSampler(TaskSampling sampling, IReadOnlyList<int> sizes, int seed)
    {
        if (sizes.Count == 0)
            throw new ArgumentException("At least one task is needed.", nameof(sizes));
        var empty = sizes.Select((size, task) => (size, task)).Where(p => p.size <= 0).ToList();
        if (empty.Count > 0)
            throw new ArgumentException(
                "Every task needs at least one example; not so for task(s) "
                + string.Join(", ", empty.Select(p => $"{p.task} (size {p.size})")) + ".",
                nameof(sizes));
        if (!Enum.IsDefined(sampling))
            throw new ArgumentOutOfRangeException(nameof(sampling), sampling, "Unknown task sampling.");

        Sampling = sampling;
        _random = new Random(seed);
        _cumulativeSizes = new long[sizes.Count];
        long total = 0;
        for (var t = 0; t < sizes.Count; t++) _cumulativeSizes[t] = total += sizes[t];
        _allTasks = Enumerable.Range(0, sizes.Count).ToArray();
        Probabilities = sampling switch
        {
            TaskSampling.AllTasks => sizes.Select(_ => 1.0).ToArray(),
            TaskSampling.Uniform => sizes.Select(_ => 1.0 / sizes.Count).ToArray(),
            _ => sizes.Select(s => (double)s / total).ToArray(),
        };
    }

    /// <summary>The sampling rule.</summary>
    public TaskSampling Sampling { get; }

    /// <summary>Number of tasks.</summary>
    public int TaskCount => _cumulativeSizes.Length;

    /// <summary>
    /// Probability that each task takes part in a step: 1 for every task under <see cref="TaskSampling.AllTasks"/>,
    /// otherwise the chance that it is the step's one task (summing to 1).
    /// </summary>
    public IReadOnlyList<double> Probabilities { get; }

    /// <summary>The task indices (ascending) of the next step: all tasks, or the one task drawn.</summary>
    public IReadOnlyList<int> Next() => Sampling switch
    {
        TaskSampling.AllTasks => _allTasks,
        TaskSampling.Uniform => [_random.Next(TaskCount)],
        _ => [DrawProportional()],
    };

    private int DrawProportional()
    {
        var example = _random.NextInt64(_cumulativeSizes[^1]);
        var task = Array.BinarySearch(_cumulativeSizes, example + 1);
        return task >= 0 ? task : ~task;
    }
}

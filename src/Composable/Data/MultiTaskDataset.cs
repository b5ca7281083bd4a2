using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;
using static TorchSharp.torch;

namespace Composable.Data;

/// <summary>
/// The examples of every task of a <see cref="MultiTaskSpec"/>, in declaration order. Either all tasks share one
/// inputs tensor (the same rows, one target tensor per task: <see cref="SharesInputs"/>), or each task has its own
/// inputs and size. The dataset owns its tensors: disposing it disposes them.
/// </summary>
/// <remarks>
/// Make one with <see cref="Create"/> / <see cref="CreateShared"/> (every problem gathered into a failed
/// <see cref="Validation{FAIL, SUCCESS}"/>) or <see cref="From"/> / <see cref="FromShared"/> (which throw).
/// On success the dataset takes the given tensors over: they leave any dispose scope they were in, and
/// disposing the dataset disposes them. On failure they stay the caller's.
/// </remarks>
public sealed class MultiTaskDataset : IReadOnlyList<TaskData>, IDisposable
{
    private readonly TaskData[] _tasks;
    private readonly Dictionary<string, int> _indexByName;
    private bool _disposed;

    private MultiTaskDataset(MultiTaskSpec spec, TaskData[] tasks)
    {
        Spec = spec;
        _tasks = tasks;
        _indexByName = tasks.Select((t, i) => (t.Task, i)).ToDictionary(p => p.Task, p => p.i, StringComparer.Ordinal);
        SharesInputs = tasks.All(t => ReferenceEquals(t.Inputs, tasks[0].Inputs));
        foreach (var tensor in OwnedTensors())
            tensor.DetachFromDisposeScope();
    }

    /// <summary>The declaration whose tasks this dataset holds.</summary>
    public MultiTaskSpec Spec { get; }

    /// <summary>Number of tasks (equal to the declaration's).</summary>
    public int Count => _tasks.Length;

    /// <summary>
    /// Whether every task holds the very same inputs tensor (and so the same rows): a model can run its shared
    /// layers once for all tasks.
    /// </summary>
    public bool SharesInputs { get; }

    /// <summary>The data of the task at <paramref name="task"/> in declaration order.</summary>
    public TaskData this[int task]
    {
        get
        {
            ThrowIfDisposed();
            return _tasks[task];
        }
    }

    /// <summary>The data of the task named <paramref name="task"/>.</summary>
    /// <exception cref="KeyNotFoundException">No task has that name.</exception>
    public TaskData this[string task] => this[IndexOf(task)];

    /// <summary>Position of the task named <paramref name="task"/> in declaration order.</summary>
    /// <exception cref="KeyNotFoundException">No task has that name.</exception>
    public int IndexOf(string task) =>
        _indexByName.TryGetValue(task, out var index)
            ? index
            : throw new KeyNotFoundException(
                $"No task '{task}'; the tasks are {string.Join(", ", _tasks.Select(t => $"'{t.Task}'"))}.");

    /// <summary>Number of examples of the task at <paramref name="task"/>.</summary>
    public int Size(int task) => this[task].Size;

    /// <summary>Number of examples of every task, in declaration order.</summary>
    public IReadOnlyList<int> Sizes => _tasks.Select(t => t.Size).ToArray();

    /// <summary>
    /// Tasks with their own inputs: one <see cref="TaskData"/> per declared task (any order), inputs float32
    /// [N_t, F] and targets in the task's layout. Every problem is reported, each naming its task.
    /// </summary>
    public static Validation<Error, MultiTaskDataset> Create(MultiTaskSpec spec, IEnumerable<TaskData> tasks)
    {
        var given = tasks.ToList();
        var eachTask = toSeq(spec.Tasks.SelectMany(task => given.Where(d => d.Task == task.Name).Take(1)
            .Select(data => DatasetRules.Task(task, data.Inputs, "inputs", data.Targets, spec.Input.Width)))).Sequence();
        return (Requirement.ValidDeclaration(spec), DatasetRules.Names(spec, given.Select(t => t.Task)), eachTask)
            .Apply((_, _, _) => new MultiTaskDataset(spec, spec.Tasks.Select(t => given.First(d => d.Task == t.Name)).ToArray()));
    }

    /// <summary>
    /// Tasks sharing inputs: one inputs tensor float32 [N, F] and, per declared task (keyed by name), a targets
    /// tensor with the same N rows. Every problem is reported, each naming its task.
    /// </summary>
    public static Validation<Error, MultiTaskDataset> CreateShared(
        MultiTaskSpec spec, Tensor inputs, IReadOnlyDictionary<string, Tensor> targets)
    {
        var eachTask = toSeq(spec.Tasks.Where(t => targets.ContainsKey(t.Name))
            .Select(task => DatasetRules.Task(task, inputs, "the shared inputs", targets[task.Name], width: null))).Sequence();
        return (Requirement.ValidDeclaration(spec), DatasetRules.Inputs("Shared inputs", inputs, spec.Input.Width),
                DatasetRules.Names(spec, targets.Keys), eachTask)
            .Apply((_, _, _, _) => new MultiTaskDataset(spec, spec.Tasks.Select(t => new TaskData(t.Name, inputs, targets[t.Name])).ToArray()));
    }

    /// <summary>As <see cref="Create"/>, throwing when the data does not fit the declaration.</summary>
    /// <exception cref="ArgumentException">Lists every problem, one per line.</exception>
    public static MultiTaskDataset From(MultiTaskSpec spec, IEnumerable<TaskData> tasks) =>
        OrThrow(Create(spec, tasks), nameof(tasks));

    /// <summary>As <see cref="CreateShared"/>, throwing when the data does not fit the declaration.</summary>
    /// <exception cref="ArgumentException">Lists every problem, one per line.</exception>
    public static MultiTaskDataset FromShared(MultiTaskSpec spec, Tensor inputs, IReadOnlyDictionary<string, Tensor> targets) =>
        OrThrow(CreateShared(spec, inputs, targets), nameof(targets));

    /// <summary>
    /// Splits every task's rows at random into a training and a test dataset, deterministically for a given
    /// <paramref name="seed"/>. A task of N rows gets round(N · <paramref name="testFraction"/>) test rows, at
    /// least 1 and at most N − 1; rows keep their original order within each part. Shared inputs stay shared:
    /// one row split for all tasks. The two new datasets own new tensors; this one is unchanged.
    /// </summary>
    /// <param name="testFraction">Share of rows that go to the test set, in (0, 1).</param>
    /// <param name="seed">Seed of the <see cref="Random"/> that permutes the rows.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="testFraction"/> is not in (0, 1).</exception>
    /// <exception cref="InvalidOperationException">A task has fewer than 2 rows.</exception>
    public (MultiTaskDataset Train, MultiTaskDataset Test) Split(double testFraction, int seed)
    {
        ThrowIfDisposed();
        if (!(testFraction > 0 && testFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "The test fraction must be in (0, 1).");
        var tooSmall = _tasks.Where(t => t.Size < 2).Select(t => $"'{t.Task}' ({t.Size})").ToList();
        if (tooSmall.Count > 0)
            throw new InvalidOperationException(
                $"Cannot split tasks with fewer than 2 rows: {string.Join(", ", tooSmall)}.");

        var random = new Random(seed);
        var train = new TaskData[_tasks.Length];
        var test = new TaskData[_tasks.Length];
        using var scope = NewDisposeScope();
        if (SharesInputs)
        {
            var (trainRows, testRows) = SplitRows(_tasks[0].Size, testFraction, random);
            var trainInputs = _tasks[0].Inputs.index_select(0, trainRows);
            var testInputs = _tasks[0].Inputs.index_select(0, testRows);
            for (var t = 0; t < _tasks.Length; t++)
            {
                train[t] = new TaskData(_tasks[t].Task, trainInputs, _tasks[t].Targets.index_select(0, trainRows));
                test[t] = new TaskData(_tasks[t].Task, testInputs, _tasks[t].Targets.index_select(0, testRows));
            }
        }
        else
        {
            for (var t = 0; t < _tasks.Length; t++)
            {
                var (trainRows, testRows) = SplitRows(_tasks[t].Size, testFraction, random);
                train[t] = Select(_tasks[t], trainRows);
                test[t] = Select(_tasks[t], testRows);
            }
        }
        return (new MultiTaskDataset(Spec, train), new MultiTaskDataset(Spec, test));
    }

    /// <inheritdoc />
    public IEnumerator<TaskData> GetEnumerator()
    {
        ThrowIfDisposed();
        return ((IEnumerable<TaskData>)_tasks).GetEnumerator();
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Disposes every tensor the dataset holds (a shared inputs tensor once).</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var tensor in OwnedTensors())
            tensor.Dispose();
    }

    private IEnumerable<Tensor> OwnedTensors() =>
        _tasks.SelectMany(t => new[] { t.Inputs, t.Targets }).Distinct(ReferenceEqualityComparer.Instance).Cast<Tensor>();

    private static TaskData Select(TaskData task, Tensor rows) =>
        new(task.Task, task.Inputs.index_select(0, rows), task.Targets.index_select(0, rows));

    private static (Tensor Train, Tensor Test) SplitRows(int rows, double testFraction, Random random)
    {
        var permutation = Shuffle.Permutation(rows, random);
        var testCount = (int)Math.Clamp(Math.Round(rows * testFraction), 1, rows - 1);
        var test = permutation.Take(testCount).Order().ToArray();
        var train = permutation.Skip(testCount).Order().ToArray();
        return (tensor(train), tensor(test));
    }

    private static MultiTaskDataset OrThrow(Validation<Error, MultiTaskDataset> result, string parameter) =>
        Requirement.ThrowIfFailed(result, "The data does not fit the declaration:", parameter);

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}

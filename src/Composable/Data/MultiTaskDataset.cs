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
/// inputs and size.
/// </summary>
/// <remarks>
/// Make one with <see cref="Create"/> / <see cref="CreateShared"/> (every problem gathered into a failed
/// <see cref="Validation{FAIL, SUCCESS}"/>) or <see cref="From"/> / <see cref="FromShared"/> (which throw). Each says
/// what happens to the tensors it is given (<see cref="TensorOwnership"/>): by default the dataset copies them, so the
/// caller's tensors stay the caller's and two datasets over one tensor are independent; <see cref="TensorOwnership.Take"/>
/// hands them over without a copy (they leave any dispose scope, and disposing the dataset disposes them);
/// <see cref="TensorOwnership.Borrow"/> uses them without a copy and never disposes them (the caller keeps them alive
/// while the dataset is used). On failure nothing is taken. A dataset used after it was disposed, or after a tensor it
/// takes or borrows was disposed elsewhere, throws an <see cref="ObjectDisposedException"/> naming the dataset, the
/// task and who disposed what.
/// </remarks>
public sealed class MultiTaskDataset : IReadOnlyList<TaskData>, IDisposable
{
    private readonly TaskData[] _tasks;
    private readonly Dictionary<string, int> _indexByName;
    private string? _disposedBy;

    private MultiTaskDataset(MultiTaskSpec spec, TaskData[] tasks, TensorOwnership ownership)
    {
        Spec = spec;
        Ownership = ownership;
        if (ownership == TensorOwnership.Copy)
        {
            // One copy per distinct tensor, so shared inputs stay shared.
            var copies = new Dictionary<Tensor, Tensor>(ReferenceEqualityComparer.Instance);
            Tensor Copy(Tensor t) => copies.TryGetValue(t, out var c) ? c : copies[t] = t.detach().clone();
            tasks = tasks.Select(t => new TaskData(t.Task, Copy(t.Inputs), Copy(t.Targets))).ToArray();
        }
        _tasks = tasks;
        _indexByName = tasks.Select((t, i) => (t.Task, i)).ToDictionary(p => p.Task, p => p.i, StringComparer.Ordinal);
        SharesInputs = tasks.All(t => ReferenceEquals(t.Inputs, tasks[0].Inputs));
        if (ownership != TensorOwnership.Borrow)
            foreach (var tensor in Tensors())
                tensor.DetachFromDisposeScope();
    }

    /// <summary>Whether the dataset copied, took or borrows the tensors it was made from.</summary>
    public TensorOwnership Ownership { get; }

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
    public IReadOnlyList<int> Sizes
    {
        get
        {
            ThrowIfDisposed();
            return _tasks.Select(t => t.Size).ToArray();
        }
    }

    /// <summary>
    /// Tasks with their own inputs: one <see cref="TaskData"/> per declared task (any order), inputs float32
    /// [N_t, F] and targets in the task's layout. Every problem is reported, each naming its task.
    /// </summary>
    /// <param name="spec">The declaration.</param>
    /// <param name="tasks">Each task's examples.</param>
    /// <param name="ownership">Copy the tensors (default), take them over, or borrow them (see <see cref="TensorOwnership"/>).</param>
    public static Validation<Error, MultiTaskDataset> Create(MultiTaskSpec spec, IEnumerable<TaskData> tasks, TensorOwnership ownership = TensorOwnership.Copy)
    {
        var given = tasks.ToList();
        var eachTask = toSeq(spec.Tasks.SelectMany(task => given.Where(d => d.Task == task.Name).Take(1)
            .Select(data => DatasetRules.Task(task, data.Inputs, "inputs", data.Targets, spec.Input.Size)))).Sequence();
        return (Requirement.ValidDeclaration(spec), DatasetRules.Names(spec, given.Select(t => t.Task)), eachTask)
            .Apply((_, _, _) => new MultiTaskDataset(spec, spec.Tasks.Select(t => given.First(d => d.Task == t.Name)).ToArray(), ownership));
    }

    /// <summary>
    /// Tasks sharing inputs: one inputs tensor float32 [N, F] and, per declared task (keyed by name), a targets
    /// tensor with the same N rows. Every problem is reported, each naming its task.
    /// </summary>
    /// <param name="spec">The declaration.</param>
    /// <param name="inputs">The inputs every task reads.</param>
    /// <param name="targets">Each task's targets, by task name.</param>
    /// <param name="ownership">Copy the tensors (default), take them over, or borrow them (see <see cref="TensorOwnership"/>).</param>
    public static Validation<Error, MultiTaskDataset> CreateShared(
        MultiTaskSpec spec, Tensor inputs, IReadOnlyDictionary<string, Tensor> targets, TensorOwnership ownership = TensorOwnership.Copy)
    {
        var eachTask = toSeq(spec.Tasks.Where(t => targets.ContainsKey(t.Name))
            .Select(task => DatasetRules.Task(task, inputs, "the shared inputs", targets[task.Name], width: null))).Sequence();
        return (Requirement.ValidDeclaration(spec), DatasetRules.Inputs("Shared inputs", inputs, spec.Input.Size),
                DatasetRules.Names(spec, targets.Keys), eachTask)
            .Apply((_, _, _, _) => new MultiTaskDataset(spec, spec.Tasks.Select(t => new TaskData(t.Name, inputs, targets[t.Name])).ToArray(), ownership));
    }

    /// <summary>As <see cref="Create"/>, throwing when the data does not fit the declaration.</summary>
    /// <param name="spec">The declaration.</param>
    /// <param name="tasks">Each task's examples.</param>
    /// <param name="ownership">Copy the tensors (default), take them over, or borrow them (see <see cref="TensorOwnership"/>).</param>
    /// <exception cref="ArgumentException">Lists every problem, one per line.</exception>
    public static MultiTaskDataset From(MultiTaskSpec spec, IEnumerable<TaskData> tasks, TensorOwnership ownership = TensorOwnership.Copy) =>
        OrThrow(Create(spec, tasks, ownership), nameof(tasks));

    /// <summary>As <see cref="CreateShared"/>, throwing when the data does not fit the declaration.</summary>
    /// <param name="spec">The declaration.</param>
    /// <param name="inputs">The inputs every task reads.</param>
    /// <param name="targets">Each task's targets, by task name.</param>
    /// <param name="ownership">Copy the tensors (default), take them over, or borrow them (see <see cref="TensorOwnership"/>).</param>
    /// <exception cref="ArgumentException">Lists every problem, one per line.</exception>
    public static MultiTaskDataset FromShared(MultiTaskSpec spec, Tensor inputs, IReadOnlyDictionary<string, Tensor> targets, TensorOwnership ownership = TensorOwnership.Copy) =>
        OrThrow(CreateShared(spec, inputs, targets, ownership), nameof(targets));

    /// <summary>
    /// The same examples for <paramref name="spec"/>, a declaration with the same input and tasks that differs
    /// elsewhere (its sharing, objective, optimiser…): a trainer accepts only data made for its own declaration, so
    /// a search over such variants re-declares its data for each. The new dataset owns copies of the tensors (shared
    /// inputs stay shared); this one is unchanged.
    /// </summary>
    /// <exception cref="ArgumentException">The examples do not fit <paramref name="spec"/> (lists every problem, one per line).</exception>
    public MultiTaskDataset For(MultiTaskSpec spec)
    {
        ThrowIfDisposed();
        return SharesInputs
            ? FromShared(spec, _tasks[0].Inputs, _tasks.ToDictionary(t => t.Task, t => t.Targets))
            : From(spec, _tasks);
    }

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
        var rows = RowGroups().Select(size => SplitRows(size, testFraction, random)).ToArray();
        return TakeRows(rows);
    }

    /// <summary>
    /// A k-fold partition of every task's rows, deterministic for a given <paramref name="seed"/>: each row lies in
    /// exactly one validation fold, fold sizes differ by at most 1, and fold <c>i</c> trains on the rows of the other
    /// folds. Rows keep their original order within each part. Shared inputs stay shared: one row partition for all
    /// tasks; tasks with their own inputs are partitioned one after the other from the same <see cref="Random"/>.
    /// </summary>
    /// <remarks>
    /// The rows are assigned to folds at the call (and its arguments checked there); the datasets of a fold are made as
    /// the sequence reaches it, and each enumeration makes new ones. Every (Train, Validation) pair owns new tensors and
    /// is the caller's to dispose; this dataset is unchanged.
    /// </remarks>
    /// <param name="k">Number of folds, at least 2 and at most the rows of the smallest task.</param>
    /// <param name="seed">Seed of the <see cref="Random"/> that permutes the rows.</param>
    /// <param name="stratifyBy">
    /// A multi-class task whose class proportions every fold keeps (each class's rows are dealt over the folds, so
    /// per-fold counts of a class differ by at most 1); with shared inputs its labels stratify the one partition, with
    /// own inputs only that task's. No stratification when null.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is below 2 or above the rows of a task (the
    /// message names the task and its row count).</exception>
    /// <exception cref="ArgumentException"><paramref name="stratifyBy"/> names no task, or not a multi-class task.</exception>
    public IEnumerable<(MultiTaskDataset Train, MultiTaskDataset Validation)> Folds(int k, int seed, string? stratifyBy = null)
    {
        ThrowIfDisposed();
        var tooSmall = _tasks.Where(t => t.Size < k).Select(t => $"'{t.Task}' has {t.Size} rows").ToList();
        if (k < 2 || tooSmall.Count > 0)
            throw new ArgumentOutOfRangeException(nameof(k), k, k < 2
                ? $"Cannot make {k} folds: k must be at least 2."
                : $"Cannot make {k} folds: k must be at most the rows of every task, but task {string.Join(", task ", tooSmall)}.");
        var stratified = stratifyBy is null ? -1 : StratifiedTask(stratifyBy);
        // With shared inputs the one group is every task's rows; otherwise group t is task t.
        bool Stratifies(int group) => stratified >= 0 && (SharesInputs || group == stratified);

        var random = new Random(seed);
        var foldOfRow = RowGroups().Select((size, group) =>
        {
            var order = Shuffle.Permutation(size, random);
            return FoldOfRow(Stratifies(group) ? ByClass(order, _tasks[stratified].Targets) : order, k);
        }).ToArray();
        return FoldsOf(foldOfRow, k);
    }

    private IEnumerable<(MultiTaskDataset Train, MultiTaskDataset Validation)> FoldsOf(int[][] foldOfRow, int k)
    {
        for (var fold = 0; fold < k; fold++)
        {
            ThrowIfDisposed();
            var rows = foldOfRow.Select(folds => (Train: RowsWhere(folds, f => f != fold), Validation: RowsWhere(folds, f => f == fold))).ToArray();
            yield return TakeRows(rows);
        }
    }

    private int StratifiedTask(string task)
    {
        if (!_indexByName.TryGetValue(task, out var index))
            throw new ArgumentException(
                $"Cannot stratify by '{task}': no such task; the tasks are {string.Join(", ", _tasks.Select(t => $"'{t.Task}'"))}.", "stratifyBy");
        if (Spec.Tasks[index].Target is not MultiClass)
            throw new ArgumentException(
                $"Cannot stratify by '{task}': it is a {Spec.Tasks[index].Target.GetType().Name} task; only a multi-class task's labels can stratify folds.", "stratifyBy");
        return index;
    }

    /// <summary>The rows of <paramref name="order"/> regrouped class by class (classes in ascending order), each class's rows in their order there.</summary>
    private static long[] ByClass(long[] order, Tensor labels)
    {
        using var scope = NewDisposeScope();
        var label = labels.to(CPU).contiguous().data<long>().ToArray();
        return order.OrderBy(row => label[row]).ToArray();
    }

    /// <summary>Deals the rows in <paramref name="order"/> round-robin over <paramref name="k"/> folds: the fold of every row.</summary>
    private static int[] FoldOfRow(long[] order, int k)
    {
        var fold = new int[order.Length];
        for (var position = 0; position < order.Length; position++)
            fold[order[position]] = position % k;
        return fold;
    }

    private static long[] RowsWhere(int[] foldOfRow, Func<int, bool> include) =>
        Enumerable.Range(0, foldOfRow.Length).Where(row => include(foldOfRow[row])).Select(row => (long)row).ToArray();

    /// <inheritdoc />
    public IEnumerator<TaskData> GetEnumerator()
    {
        ThrowIfDisposed();
        return ((IEnumerable<TaskData>)_tasks).GetEnumerator();
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>
    /// Disposes every tensor the dataset copied or took (a shared inputs tensor once); borrowed tensors stay the
    /// caller's. Later use of the dataset throws, naming the caller that disposed it.
    /// </summary>
    public void Dispose()
    {
        if (_disposedBy is not null) return;
        _disposedBy = Caller();
        if (Ownership == TensorOwnership.Borrow) return;
        foreach (var tensor in Tensors())
            tensor.Dispose();
    }

    private IEnumerable<Tensor> Tensors() =>
        _tasks.SelectMany(t => new[] { t.Inputs, t.Targets }).Distinct(ReferenceEqualityComparer.Instance).Cast<Tensor>();

    /// <summary>The first method outside the dataset on the current call stack, e.g. <c>Program.Main</c>.</summary>
    private static string Caller()
    {
        var frames = new System.Diagnostics.StackTrace(2, false).GetFrames();
        var method = frames.Select(f => f.GetMethod()).FirstOrDefault(m => m?.DeclaringType is { } type && type != typeof(MultiTaskDataset) && !type.FullName!.StartsWith("System.", StringComparison.Ordinal));
        return method is null ? "its Dispose" : $"{method.DeclaringType!.Name}.{method.Name}";
    }

    /// <summary>The row count of each independently partitioned group: one for shared inputs, else one per task.</summary>
    private IEnumerable<int> RowGroups() => SharesInputs ? [_tasks[0].Size] : _tasks.Select(t => t.Size);

    /// <summary>
    /// Two new datasets of the given rows, one (First, Second) pair per row group of <see cref="RowGroups"/>: with shared
    /// inputs each part selects its inputs once, for all tasks.
    /// </summary>
    private (MultiTaskDataset First, MultiTaskDataset Second) TakeRows(IReadOnlyList<(long[] First, long[] Second)> rows)
    {
        var first = new TaskData[_tasks.Length];
        var second = new TaskData[_tasks.Length];
        using var scope = NewDisposeScope();
        if (SharesInputs)
        {
            var (firstRows, secondRows) = (tensor(rows[0].First), tensor(rows[0].Second));
            var firstInputs = _tasks[0].Inputs.index_select(0, firstRows);
            var secondInputs = _tasks[0].Inputs.index_select(0, secondRows);
            for (var t = 0; t < _tasks.Length; t++)
            {
                first[t] = new TaskData(_tasks[t].Task, firstInputs, _tasks[t].Targets.index_select(0, firstRows));
                second[t] = new TaskData(_tasks[t].Task, secondInputs, _tasks[t].Targets.index_select(0, secondRows));
            }
        }
        else
        {
            for (var t = 0; t < _tasks.Length; t++)
            {
                first[t] = Select(_tasks[t], tensor(rows[t].First));
                second[t] = Select(_tasks[t], tensor(rows[t].Second));
            }
        }
        return (new MultiTaskDataset(Spec, first, TensorOwnership.Take), new MultiTaskDataset(Spec, second, TensorOwnership.Take));
    }

    private static TaskData Select(TaskData task, Tensor rows) =>
        new(task.Task, task.Inputs.index_select(0, rows), task.Targets.index_select(0, rows));

    private static (long[] Train, long[] Test) SplitRows(int rows, double testFraction, Random random)
    {
        var permutation = Shuffle.Permutation(rows, random);
        var testCount = (int)Math.Clamp(Math.Round(rows * testFraction), 1, rows - 1);
        return (permutation.Skip(testCount).Order().ToArray(), permutation.Take(testCount).Order().ToArray());
    }

    private static MultiTaskDataset OrThrow(Validation<Error, MultiTaskDataset> result, string parameter) =>
        Requirement.ThrowIfFailed(result, "The data does not fit the declaration:", parameter);

    /// <summary>
    /// Throws when the dataset was disposed, or when a tensor it took or borrows was disposed elsewhere, naming the
    /// dataset (its declaration's tasks), the task and the tensor.
    /// </summary>
    private void ThrowIfDisposed()
    {
        if (_disposedBy is not null)
            throw new ObjectDisposedException(nameof(MultiTaskDataset),
                $"The dataset of tasks {string.Join(", ", _tasks.Select(t => t.Task))} was disposed (by {_disposedBy}) and can no longer be used.");
        if (Ownership == TensorOwnership.Copy) return;
        foreach (var task in _tasks)
            foreach (var (tensor, part) in new[] { (task.Inputs, "inputs"), (task.Targets, "targets") })
                if (tensor.IsInvalid)
                    throw new ObjectDisposedException(nameof(MultiTaskDataset),
                        $"Task '{task.Task}': its {part} tensor was disposed outside the dataset, which " +
                        (Ownership == TensorOwnership.Take ? "had taken it over (TensorOwnership.Take): dispose the dataset instead, or make it with TensorOwnership.Copy."
                            : "borrows it (TensorOwnership.Borrow): keep the tensor alive while the dataset is used, or make it with TensorOwnership.Copy."));
    }
}

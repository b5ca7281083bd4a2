using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace Composable.Data;

/// <summary>
/// An endless, deterministic stream of training steps over a <see cref="MultiTaskDataset"/>: per step a
/// <see cref="TaskSampler"/> picks the tasks, and each picked task contributes its next
/// <see cref="BatchSize"/> rows.
/// </summary>
/// <remarks>
/// <para>Each task walks its own random permutation of its rows, without replacement; when the permutation is
/// used up the task's epoch ends and it is reshuffled. A task's last batch of an epoch holds the remaining rows,
/// so it can be smaller than <see cref="BatchSize"/>; every row is visited exactly once per task epoch.</para>
/// <para>When the dataset <see cref="MultiTaskDataset.SharesInputs"/> and the sampling is
/// <see cref="TaskSampling.AllTasks"/>, all tasks walk one common permutation: every step they get the same rows
/// and the very same inputs tensor, so <see cref="MultiTaskBatch.SharedInputs"/> is non-null and a model runs
/// its shared layers once.</para>
/// <para>Batches are new tensors (<c>index_select</c> on the dataset's tensors) created in the caller's dispose
/// scope; wrap each step in <c>torch.NewDisposeScope()</c>. The stream never disposes a batch it returned.</para>
/// <para>Seeding: a <see cref="Random"/> seeded with <c>seed</c> shuffles the rows; the task sampler gets a seed
/// derived from it. The same seed gives the same steps on every run and platform.</para>
/// </remarks>
public sealed class BatchStream
{
    private readonly TaskSampler _sampler;
    private readonly RowCursor[] _cursors;
    private readonly bool _sharedRows;

    /// <summary>A stream over <paramref name="data"/>.</summary>
    /// <param name="data">The training data; the stream reads its tensors and does not own them.</param>
    /// <param name="sampling">Which tasks each step draws from.</param>
    /// <param name="batchSize">Rows per task per step; positive.</param>
    /// <param name="seed">Seed of every random choice of the stream.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> is not positive.</exception>
    public BatchStream(MultiTaskDataset data, TaskSampling sampling, int batchSize, int seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        Data = data;
        Sampling = sampling;
        BatchSize = batchSize;
        var sizes = data.Sizes;
        _sampler = new TaskSampler(sampling, sizes, DeriveSeed(seed));
        var shuffler = new Random(seed);
        _sharedRows = data.SharesInputs && sampling == TaskSampling.AllTasks;
        _cursors = _sharedRows
            ? [new RowCursor(sizes[0], shuffler)]
            : sizes.Select(size => new RowCursor(size, shuffler)).ToArray();
        var steps = sampling == TaskSampling.AllTasks
            ? Ceiling(sizes.Max(), batchSize)
            : Ceiling(sizes.Sum(s => (long)s), batchSize);
        StepsPerEpoch = (int)Math.Min(steps, int.MaxValue);
    }

    /// <summary>The data the batches come from.</summary>
    public MultiTaskDataset Data { get; }

    /// <summary>Which tasks each step draws from.</summary>
    public TaskSampling Sampling { get; }

    /// <summary>Rows per task per step (fewer in a task's last batch of an epoch).</summary>
    public int BatchSize { get; }

    /// <summary>
    /// Steps that make one epoch. <see cref="TaskSampling.AllTasks"/>: ceil(largest task size / batch size), so
    /// the largest task sees each of its rows once (smaller tasks wrap around). <see cref="TaskSampling.Uniform"/>
    /// and <see cref="TaskSampling.ProportionalToSize"/>: ceil(total examples of all tasks / batch size), as many
    /// one-task steps as it takes to draw every example once on average.
    /// </summary>
    public int StepsPerEpoch { get; }

    /// <summary>The next step's batches: one per sampled task, null for the others.</summary>
    public MultiTaskBatch Next()
    {
        var rows = NextRows();
        var batches = new TaskBatch?[rows.Count];
        if (_sharedRows)
        {
            using var index = tensor(rows[0]!, device: Data[0].Inputs.device);
            var inputs = CheckedData.Mark(Data[0].Inputs.index_select(0, index));
            for (var t = 0; t < batches.Length; t++)
                batches[t] = new TaskBatch(inputs, CheckedData.Mark(Data[t].Targets.index_select(0, index)));
        }
        else
        {
            for (var t = 0; t < batches.Length; t++)
            {
                if (rows[t] is not { } taskRows) continue;
                using var index = tensor(taskRows, device: Data[t].Inputs.device);
                batches[t] = new TaskBatch(CheckedData.Mark(Data[t].Inputs.index_select(0, index)), CheckedData.Mark(Data[t].Targets.index_select(0, index)));
            }
        }
        return new MultiTaskBatch(batches);
    }

    /// <summary>The next <see cref="StepsPerEpoch"/> steps, lazily.</summary>
    public IEnumerable<MultiTaskBatch> Epoch()
    {
        for (var step = 0; step < StepsPerEpoch; step++)
            yield return Next();
    }

    /// <summary>The rows each task draws in the next step (null for a task not sampled); advances the stream.</summary>
    internal IReadOnlyList<long[]?> NextRows()
    {
        var rows = new long[]?[Data.Count];
        var tasks = _sampler.Next();
        if (_sharedRows)
        {
            var common = _cursors[0].Take(BatchSize);
            foreach (var t in tasks) rows[t] = common;
        }
        else
        {
            foreach (var t in tasks) rows[t] = _cursors[t].Take(BatchSize);
        }
        return rows;
    }

    private static long Ceiling(long count, int batchSize) => (count + batchSize - 1) / batchSize;

    // A fixed odd multiplier: the sampler's stream must differ from the shuffler's, and string/HashCode hashing is
    // randomised per process.
    private static int DeriveSeed(int seed) => unchecked(seed * -1640531535 + 0x3C6EF372);

    /// <summary>A task's position in its current permutation of rows; reshuffles when one is used up.</summary>
    private sealed class RowCursor(int size, Random random)
    {
        private long[] _order = Shuffle.Permutation(size, random);
        private int _position;

        public long[] Take(int count)
        {
            if (_position == _order.Length)
            {
                _order = Shuffle.Permutation(size, random);
                _position = 0;
            }
            var taken = _order.AsSpan(_position, Math.Min(count, _order.Length - _position)).ToArray();
            _position += taken.Length;
            return taken;
        }
    }
}

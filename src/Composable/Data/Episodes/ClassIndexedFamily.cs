using System;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace Composable.Data.Episodes;

/// <summary>What an N-way K-shot episode is: the original class ids, in the order of their episode labels 0…N−1.</summary>
/// <param name="Classes">Original class of episode label i at index i.</param>
public sealed record ClassEpisodeTask(ValueList<int> Classes);

/// <summary>
/// N-way K-shot episodes over any class-indexed dataset (inputs [N, …] and int labels). The classes are split
/// once, by a shuffled class order, into meta-train, meta-validation and meta-test classes: every class belongs
/// to exactly one split, so the splits are disjoint by construction. Each episode draws N classes of its split,
/// relabels them 0…N−1 in a random order, and draws K support and Q query examples per class without replacement.
/// </summary>
public sealed class ClassIndexedFamily : ITaskFamily
{
    private readonly IClassExamples _examples;
    private readonly Dictionary<MetaSplit, int[]> _classes;
    private readonly Dictionary<int, long[]> _examplesOf;

    /// <summary>A family over <paramref name="inputs"/> (not copied; the caller keeps ownership) with <paramref name="labels"/>.</summary>
    /// <param name="inputs">Examples, first dimension N.</param>
    /// <param name="labels">Class of each example.</param>
    /// <param name="shape">Ways, shots and queries per class.</param>
    /// <param name="validationFraction">Fraction of classes for meta-validation.</param>
    /// <param name="testFraction">Fraction of classes for meta-test.</param>
    /// <param name="splitSeed">Seed of the class split.</param>
    public ClassIndexedFamily(Tensor inputs, IReadOnlyList<int> labels, FewShotClassification shape,
        double validationFraction = 0.2, double testFraction = 0.2, int splitSeed = 0)
        : this(new TensorExamples(inputs, labels), shape, validationFraction, testFraction, splitSeed)
    {
    }

    /// <summary>A family over any <paramref name="examples"/>, materialised only as episodes draw them.</summary>
    /// <param name="examples">Labels and a way to gather examples.</param>
    /// <param name="shape">Ways, shots and queries per class.</param>
    /// <param name="validationFraction">Fraction of classes for meta-validation.</param>
    /// <param name="testFraction">Fraction of classes for meta-test.</param>
    /// <param name="splitSeed">Seed of the class split.</param>
    public ClassIndexedFamily(IClassExamples examples, FewShotClassification shape,
        double validationFraction = 0.2, double testFraction = 0.2, int splitSeed = 0)
    {
        _examples = examples;
        Shape = shape;
        var labels = examples.Labels;
        _examplesOf = labels.Select((label, i) => (label, i)).GroupBy(p => p.label)
            .ToDictionary(g => g.Key, g => g.Select(p => (long)p.i).ToArray());
        var perClass = shape.Shots + shape.Queries;
        var small = _examplesOf.Where(p => p.Value.Length < perClass).Select(p => p.Key).OrderBy(c => c).ToArray();
        if (small.Length > 0)
            throw new ArgumentException($"Classes {string.Join(", ", small)} have fewer than shots + queries = {perClass} examples.", nameof(labels));

        var order = _examplesOf.Keys.OrderBy(c => c).ToArray();
        Shuffle(order, new Random(splitSeed));
        var test = (int)Math.Round(order.Length * testFraction);
        var validation = (int)Math.Round(order.Length * validationFraction);
        _classes = new Dictionary<MetaSplit, int[]>
        {
            [MetaSplit.Test] = order.Take(test).OrderBy(c => c).ToArray(),
            [MetaSplit.Validation] = order.Skip(test).Take(validation).OrderBy(c => c).ToArray(),
            [MetaSplit.Train] = order.Skip(test + validation).OrderBy(c => c).ToArray(),
        };
        foreach (var split in _classes)
            if (split.Value.Length > 0 && split.Value.Length < shape.Ways)
                throw new ArgumentException($"The {split.Key} split has {split.Value.Length} classes, fewer than {shape.Ways} ways.");
    }

    /// <inheritdoc />
    public Composable.Episodes Shape { get; }

    /// <inheritdoc />
    public int InputWidth => _examples.Width;

    /// <summary>The classes of a split, ascending.</summary>
    public IReadOnlyList<int> ClassesOf(MetaSplit split) => _classes[split];

    /// <summary>The examples episodes draw from (for ordinary mini-batch training on the meta-train classes).</summary>
    public IClassExamples Examples => _examples;

    /// <summary>Indices into <see cref="Examples"/> of every example of class <paramref name="class"/>, ascending.</summary>
    public IReadOnlyList<long> ExamplesOf(int @class) =>
        _examplesOf.TryGetValue(@class, out var examples) ? examples : throw new ArgumentOutOfRangeException(nameof(@class), @class, "No example has this class.");

    /// <inheritdoc />
    public Episode Sample(MetaSplit split, long index, int seed = 0)
    {
        var shape = (FewShotClassification)Shape;
        var pool = _classes[split];
        if (pool.Length < shape.Ways)
            throw new InvalidOperationException($"The {split} split has {pool.Length} classes; {shape.Ways} ways are needed.");
        var random = new Random(TaskFamilies.Mix(split, index, seed));
        var classes = (int[])pool.Clone();
        Shuffle(classes, random);
        var chosen = classes.Take(shape.Ways).ToArray();

        var support = new List<long>();
        var query = new List<long>();
        var supportLabels = new List<long>();
        var queryLabels = new List<long>();
        for (var label = 0; label < chosen.Length; label++)
        {
            var examples = (long[])_examplesOf[chosen[label]].Clone();
            Shuffle(examples, random);
            support.AddRange(examples.Take(shape.Shots));
            query.AddRange(examples.Skip(shape.Shots).Take(shape.Queries));
            supportLabels.AddRange(Enumerable.Repeat((long)label, shape.Shots));
            queryLabels.AddRange(Enumerable.Repeat((long)label, shape.Queries));
        }
        // Labels 0…N−1 with every class in the support set by construction; examples of tensors checked when the family was made.
        var checkedInputs = _examples is TensorExamples;
        Tensor Examples(List<long> indices)
        {
            var gathered = _examples.Gather(indices.ToArray());
            return checkedInputs ? CheckedData.Mark(gathered) : gathered;
        }
        return new Episode(
            Examples(support),
            CheckedData.Mark(tensor(supportLabels.ToArray())),
            Examples(query),
            CheckedData.Mark(tensor(queryLabels.ToArray())),
            new ClassEpisodeTask(ValueList.From(chosen)));
    }

    /// <summary>Examples held in one tensor [N, …]; rows are flattened and converted to float32 when gathered.</summary>
    private sealed class TensorExamples : IClassExamples
    {
        private readonly Tensor _inputs;

        public TensorExamples(Tensor inputs, IReadOnlyList<int> labels)
        {
            if (inputs.dim() == 0 || inputs.shape[0] == 0)
                throw new ArgumentException($"The inputs have shape {TargetLayout.Format(inputs.shape)}: a class-indexed family needs examples, one row each.", nameof(inputs));
            if (inputs.shape[0] != labels.Count)
                throw new ArgumentException($"{inputs.shape[0]} inputs but {labels.Count} labels.", nameof(labels));
            ThrowIfNotFinite(inputs, labels);
            _inputs = inputs;
            Labels = labels;
        }

        /// <summary>One reduction over the inputs (<see cref="Finiteness"/>); the first example with a NaN or infinity is located only when it fails.</summary>
        private static void ThrowIfNotFinite(Tensor inputs, IReadOnlyList<int> labels)
        {
            if (!inputs.is_floating_point() || Finiteness.FirstBadRow(inputs) is not { } bad) return;
            var more = bad.Count > 1 ? $" ({bad.Count} examples with NaN or infinity in all)" : "";
            throw new ArgumentException($"Example {bad.Row} (class {labels[(int)bad.Row]}) of the inputs contains {bad.What}{more}; every input must be finite.", nameof(inputs));
        }

        public IReadOnlyList<int> Labels { get; }

        public int Width => (int)(_inputs.shape.Length > 1 ? _inputs.shape.Skip(1).Aggregate(1L, (a, b) => a * b) : 1);

        public Tensor Gather(long[] indices)
        {
            using var index = tensor(indices);
            using var rows = _inputs.index_select(0, index);
            return rows.reshape(indices.Length, -1).to_type(ScalarType.Float32);
        }
    }

    private static void Shuffle<T>(T[] items, Random random)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}

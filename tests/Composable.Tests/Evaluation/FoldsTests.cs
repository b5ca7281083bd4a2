using System;
using System.Collections.Generic;
using System.Linq;
using Composable.Data;
using Xunit;
using static Composable.Tests.Data.DataFixtures;
using static TorchSharp.torch;

namespace Composable.Tests.Evaluation;

public class FoldsTests
{
    private static List<(MultiTaskDataset Train, MultiTaskDataset Validation)> Take(MultiTaskDataset data, int k, int seed, string? stratifyBy = null) =>
        data.Folds(k, seed, stratifyBy).ToList();

    private static void DisposeAll(IEnumerable<(MultiTaskDataset Train, MultiTaskDataset Validation)> folds)
    {
        foreach (var (train, validation) in folds)
        {
            train.Dispose();
            validation.Dispose();
        }
    }

    /// <summary>Every row in exactly one validation fold, each fold trains on the rest, fold sizes differ by at most 1.</summary>
    private static void AssertPartition(IReadOnlyList<long[]> validation, IReadOnlyList<long[]> train, IEnumerable<long> rows)
    {
        var all = rows.Order().ToArray();
        Assert.Equal(all, validation.SelectMany(v => v).Order());
        for (var f = 0; f < validation.Count; f++)
        {
            Assert.Empty(train[f].Intersect(validation[f]));
            Assert.Equal(all, train[f].Concat(validation[f]).Order());
            Assert.Equal(validation[f].Order(), validation[f]);
        }
        Assert.InRange(validation.Max(v => v.Length) - validation.Min(v => v.Length), 0, 1);
    }

    [Fact]
    public void Folds_of_shared_inputs_partition_the_rows_once_for_all_tasks()
    {
        var spec = MixedSpec();
        using var data = MultiTaskDataset.FromShared(spec, Inputs(50), TargetsFor(spec, 50));

        var folds = Take(data, 4, seed: 3);
        try
        {
            Assert.Equal(4, folds.Count);
            AssertPartition(folds.Select(f => RowIds(f.Validation[0].Inputs)).ToList(),
                folds.Select(f => RowIds(f.Train[0].Inputs)).ToList(), Enumerable.Range(0, 50).Select(i => (long)i));
            Assert.Equal([13, 13, 12, 12], folds.Select(f => f.Validation.Size(0)).Order().Reverse());
            foreach (var (train, validation) in folds)
            {
                Assert.True(train.SharesInputs);
                Assert.True(validation.SharesInputs);
                Assert.Same(validation[0].Inputs, validation[3].Inputs);
                Assert.NotSame(data[0].Inputs, train[0].Inputs);
                Assert.Equal(50 - validation.Size(0), train.Size(2));
                // Targets follow their rows: the Kind label of row i is i % 5.
                Assert.Equal(RowIds(validation[0].Inputs).Select(i => i % 5), validation["Kind"].Targets.data<long>().ToArray());
            }
        }
        finally
        {
            DisposeAll(folds);
        }
        Assert.Equal(50, data.Size(0));
        Assert.False(data[0].Inputs.IsInvalid);
    }

    [Fact]
    public void Folds_are_the_same_for_a_seed_and_differ_for_another()
    {
        var spec = MixedSpec();
        using var data = MultiTaskDataset.FromShared(spec, Inputs(40), TargetsFor(spec, 40));

        var first = Take(data, 5, seed: 7);
        var again = Take(data, 5, seed: 7);
        var other = Take(data, 5, seed: 8);
        try
        {
            static long[][] Validation(List<(MultiTaskDataset Train, MultiTaskDataset Validation)> folds) =>
                folds.Select(f => RowIds(f.Validation[0].Inputs)).ToArray();
            Assert.Equal(Validation(first), Validation(again));
            Assert.NotEqual(Validation(first), Validation(other));
        }
        finally
        {
            DisposeAll(first.Concat(again).Concat(other));
        }
    }

    [Fact]
    public void Folds_of_own_inputs_partition_each_task_by_its_size()
    {
        var spec = MixedSpec();
        using var data = MultiTaskDataset.From(spec, OwnData(spec, 3, 5, 7, 10));

        var folds = Take(data, 3, seed: 1);
        try
        {
            for (var t = 0; t < 4; t++)
            {
                var task = t;
                AssertPartition(folds.Select(f => RowIds(f.Validation[task].Inputs)).ToList(),
                    folds.Select(f => RowIds(f.Train[task].Inputs)).ToList(), RowIds(data[task].Inputs));
            }
            Assert.Equal([1, 1, 2, 3], folds[2].Validation.Sizes);
            Assert.All(folds, f => Assert.False(f.Train.SharesInputs));
        }
        finally
        {
            DisposeAll(folds);
        }
    }

    [Fact]
    public void Fold_counts_outside_two_to_the_smallest_task_name_the_task_and_its_rows()
    {
        var spec = MixedSpec();
        using var own = MultiTaskDataset.From(spec, OwnData(spec, 3, 5, 7, 10));
        using var shared = MultiTaskDataset.FromShared(spec, Inputs(6), TargetsFor(spec, 6));

        var tooMany = Assert.Throws<ArgumentOutOfRangeException>(() => own.Folds(6, seed: 0));
        Assert.Contains("task 'Age' has 3 rows, task 'Income' has 5 rows", tooMany.Message);
        Assert.DoesNotContain("'Kind'", tooMany.Message);
        Assert.Contains("'Tags' has 6 rows", Assert.Throws<ArgumentOutOfRangeException>(() => shared.Folds(7, seed: 0)).Message);
        Assert.Contains("at least 2", Assert.Throws<ArgumentOutOfRangeException>(() => shared.Folds(1, seed: 0)).Message);
        Assert.Equal(6, shared.Folds(6, seed: 0).Count(f => { f.Train.Dispose(); f.Validation.Dispose(); return true; }));
    }

    [Fact]
    public void Stratified_folds_keep_every_class_in_proportion()
    {
        var spec = MixedSpec();
        var targets = TargetsFor(spec, 50);
        // 35 rows of class 0, 10 of class 1, 5 of class 2: 7, 2 and 1 per fold of 5.
        targets["Kind"] = tensor(Enumerable.Range(0, 50).Select(i => i < 35 ? 0L : i < 45 ? 1L : 2L).ToArray());
        using var data = MultiTaskDataset.FromShared(spec, Inputs(50), targets);

        var stratified = Take(data, 5, seed: 2, stratifyBy: "Kind");
        var plain = Take(data, 5, seed: 2);
        try
        {
            static long[][] ClassCounts(List<(MultiTaskDataset Train, MultiTaskDataset Validation)> folds) =>
                folds.Select(f => Enumerable.Range(0, 3).Select(c => (long)f.Validation["Kind"].Targets.eq(c).sum().item<long>()).ToArray()).ToArray();
            Assert.All(ClassCounts(stratified), counts => Assert.Equal([7L, 2L, 1L], counts));
            Assert.Contains(ClassCounts(plain), counts => !counts.SequenceEqual([7L, 2L, 1L]));
            AssertPartition(stratified.Select(f => RowIds(f.Validation[0].Inputs)).ToList(),
                stratified.Select(f => RowIds(f.Train[0].Inputs)).ToList(), Enumerable.Range(0, 50).Select(i => (long)i));
            Assert.True(stratified[0].Validation.SharesInputs);
        }
        finally
        {
            DisposeAll(stratified.Concat(plain));
        }
    }

    [Fact]
    public void Stratifying_by_a_task_without_classes_is_rejected()
    {
        var spec = MixedSpec();
        using var data = MultiTaskDataset.FromShared(spec, Inputs(10), TargetsFor(spec, 10));

        Assert.Contains("Regression", Assert.Throws<ArgumentException>(() => data.Folds(2, 0, stratifyBy: "Age")).Message);
        Assert.Contains("'Kind'", Assert.Throws<ArgumentException>(() => data.Folds(2, 0, stratifyBy: "Colour")).Message);
    }
}

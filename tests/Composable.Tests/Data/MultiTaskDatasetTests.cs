using System;
using System.Collections.Generic;
using System.Linq;
using Composable.Data;
using LanguageExt.Common;
using Xunit;
using static Composable.Tests.Data.DataFixtures;
using static TorchSharp.torch;

namespace Composable.Tests.Data;

public class MultiTaskDatasetTests
{
    private static IReadOnlyList<string> Errors<A>(LanguageExt.Validation<Error, A> result) =>
        result.Match(Succ: _ => (IReadOnlyList<string>)[], Fail: errors => errors.Select(e => e.Message).ToList());

    [Fact]
    public void Shared_inputs_make_a_dataset_in_declaration_order_with_one_inputs_tensor()
    {
        var spec = MixedSpec();
        var targets = TargetsFor(spec, 10);
        var reversed = targets.Reverse().ToDictionary(p => p.Key, p => p.Value);
        using var data = MultiTaskDataset.FromShared(spec, Inputs(10), reversed, TensorOwnership.Take);

        Assert.Equal(4, data.Count);
        Assert.True(data.SharesInputs);
        Assert.Equal(["Age", "Income", "Kind", "Tags"], data.Select(t => t.Task));
        Assert.Same(data[0].Inputs, data[3].Inputs);
        Assert.Same(targets["Kind"], data["Kind"].Targets);
        Assert.Equal(2, data.IndexOf("Kind"));
        Assert.Equal([10, 10, 10, 10], data.Sizes);
        Assert.Same(data.Spec, spec);
    }

    [Fact]
    public void Own_inputs_make_a_dataset_with_per_task_sizes()
    {
        var spec = MixedSpec();
        var given = OwnData(spec, 3, 5, 7, 9).Reverse().ToList();
        using var data = MultiTaskDataset.From(spec, given);

        Assert.False(data.SharesInputs);
        Assert.Equal(["Age", "Income", "Kind", "Tags"], data.Select(t => t.Task));
        Assert.Equal(7, data.Size(2));
        Assert.Equal([3, 5, 7, 9], data.Sizes);
    }

    [Fact]
    public void Wrong_target_shape_names_task_found_and_expected_layout()
    {
        var spec = Spec(new TaskSpec("Age", new Regression(1)));
        var targets = new Dictionary<string, Tensor> { ["Age"] = zeros(100, 2) };

        var errors = Errors(MultiTaskDataset.CreateShared(spec, Inputs(100), targets));

        Assert.Equal(["Task 'Age': targets have shape [100, 2], expected [100, 1] (Regression with 1 output, float32)."], errors);
    }

    [Fact]
    public void Label_outside_class_range_names_label_row_and_range()
    {
        var spec = Spec(new TaskSpec("Kind", new MultiClass(5)));
        var labels = zeros(20, dtype: ScalarType.Int64);
        labels[12] = tensor(7L);

        var errors = Errors(MultiTaskDataset.CreateShared(spec, Inputs(20), new Dictionary<string, Tensor> { ["Kind"] = labels }));

        Assert.Equal(["Task 'Kind': label 7 at row 12 is outside [0, 5)."], errors);
    }

    [Fact]
    public void NaN_in_a_tasks_inputs_names_task_and_first_row()
    {
        var spec = Spec(new TaskSpec("Income", new Binary()));
        var inputs = Inputs(10);
        inputs[3, 2] = tensor(float.NaN);
        inputs[5, 1] = tensor(float.PositiveInfinity);

        var errors = Errors(MultiTaskDataset.Create(spec, [new TaskData("Income", inputs, Targets(new Binary(), 10))]));

        Assert.Equal(["Task 'Income': inputs contain NaN at row 3 (2 rows with NaN or infinity in all)."], errors);
    }

    [Fact]
    public void Non_finite_regression_targets_are_reported()
    {
        var spec = Spec(new TaskSpec("Age", new Regression(2)));
        var targets = zeros(6, 2);
        targets[2, 1] = tensor(float.NegativeInfinity);

        var errors = Errors(MultiTaskDataset.CreateShared(spec, Inputs(6), new Dictionary<string, Tensor> { ["Age"] = targets }));

        Assert.Equal(["Task 'Age': targets contain infinity at row 2."], errors);
    }

    [Fact]
    public void Valid_data_gives_a_successful_validation_and_unknown_names_a_clear_lookup_error()
    {
        var spec = MixedSpec();

        var result = MultiTaskDataset.Create(spec, OwnData(spec, 4, 4, 4, 4));

        Assert.True(result.IsSuccess);
        using var data = result.Match(Succ: d => d, Fail: _ => throw new InvalidOperationException());
        var error = Assert.Throws<KeyNotFoundException>(() => data["Colour"]);
        Assert.Contains("'Age', 'Income', 'Kind', 'Tags'", error.Message);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var spec = MixedSpec();
        var inputs = Inputs(10);
        var binary = Targets(new Binary(), 10);
        binary[4, 0] = tensor(0.5f);
        var tags = Targets(new MultiLabel(3), 10);
        tags[6, 2] = tensor(2f);
        var given = new List<TaskData>
        {
            new("Age", inputs, Targets(new Regression(1), 9)),
            new("Income", inputs, binary),
            new("Tags", Inputs(10).to_type(ScalarType.Float64), tags),
            new("Tags", Inputs(10), Targets(new MultiLabel(3), 10)),
            new("Colour", Inputs(10), zeros(10)),
        };

        var errors = Errors(MultiTaskDataset.Create(spec, given));

        Assert.Equal(
        [
            "Task 'Tags' has data twice; give each task one TaskData.",
            "Data for unknown task 'Colour'; the declared tasks are 'Age', 'Income', 'Kind', 'Tags'.",
            "Task 'Kind' has no data; every declared task needs inputs and targets.",
            "Task 'Age': inputs have 10 rows but targets have 9 rows; they must match row for row.",
            "Task 'Income': target 0.5 at row 4 is not 0 or 1.",
            "Task 'Tags': inputs have dtype float64, expected float32.",
            "Task 'Tags': target 2 at row 6, label 2 is not 0 or 1.",
        ], errors);
    }

    [Fact]
    public void Wrong_dtypes_and_input_width_are_reported_with_the_expected_layout()
    {
        var spec = Spec(new TaskSpec("Kind", new MultiClass(3)), new TaskSpec("Income", new Binary()));
        var targets = new Dictionary<string, Tensor>
        {
            ["Kind"] = zeros(6),
            ["Income"] = zeros(new long[] { 6, 1 }, dtype: ScalarType.Int64),
        };

        var errors = Errors(MultiTaskDataset.CreateShared(spec, zeros(6, 3), targets));

        Assert.Equal(
        [
            "Shared inputs have shape [6, 3], expected [6, 4] (float32, the declared input width 4).",
            "Task 'Kind': targets have dtype float32, expected int64 (MultiClass with 3 classes, int64).",
            "Task 'Income': targets have dtype int64, expected float32 (Binary, float32 of 0/1).",
        ], errors);
    }

    [Fact]
    public void Row_mismatch_with_shared_inputs_and_an_invalid_declaration_are_reported()
    {
        var spec = Spec(new TaskSpec("Age", new Regression(2)), new TaskSpec("Age", new Regression(1)));
        var targets = new Dictionary<string, Tensor> { ["Age"] = zeros(7, 2) };

        var errors = Errors(MultiTaskDataset.CreateShared(spec, Inputs(8), targets));

        Assert.Contains(errors, e => e.StartsWith("The declaration is invalid:") && e.Contains("declared twice"));
        Assert.Contains("Task 'Age': the shared inputs have 8 rows but targets have 7 rows; they must match row for row.", errors);
    }

    [Fact]
    public void From_throws_an_ArgumentException_listing_every_error()
    {
        var spec = MixedSpec();
        var targets = TargetsFor(spec, 10);
        targets.Remove("Kind");
        targets["Age"] = zeros(10, 3);

        var error = Assert.Throws<ArgumentException>(() => MultiTaskDataset.FromShared(spec, Inputs(10), targets));

        Assert.Contains("Task 'Kind' has no data", error.Message);
        Assert.Contains("Task 'Age': targets have shape [10, 3], expected [10, 1]", error.Message);
    }

    [Fact]
    public void A_dataset_that_takes_its_tensors_keeps_them_beyond_the_callers_dispose_scope_and_disposes_them()
    {
        MultiTaskDataset data;
        Tensor inputs;
        using (NewDisposeScope())
        {
            var spec = MixedSpec();
            inputs = Inputs(10);
            data = MultiTaskDataset.FromShared(spec, inputs, TargetsFor(spec, 10), TensorOwnership.Take);
        }

        Assert.False(inputs.IsInvalid);
        Assert.Equal(10f * 9 / 2, data[1].Inputs.select(1, 0).sum().item<float>());
        var targets = data[2].Targets;
        data.Dispose();
        Assert.True(inputs.IsInvalid);
        Assert.True(targets.IsInvalid);
        Assert.Throws<ObjectDisposedException>(() => data[0]);
    }

    [Fact]
    public void Split_of_shared_inputs_is_one_deterministic_row_split_for_all_tasks()
    {
        var spec = MixedSpec();
        using var data = MultiTaskDataset.FromShared(spec, Inputs(50), TargetsFor(spec, 50));

        var (train, test) = data.Split(0.2, seed: 7);
        var (train2, test2) = data.Split(0.2, seed: 7);
        var (_, test3) = data.Split(0.2, seed: 8);
        using var disposeAll = new Disposables(train, test, train2, test2, test3);

        Assert.True(train.SharesInputs);
        Assert.True(test.SharesInputs);
        Assert.Equal(40, train.Size(0));
        Assert.Equal(10, test.Size(3));
        var trainRows = RowIds(train[0].Inputs);
        var testRows = RowIds(test[0].Inputs);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i), trainRows.Concat(testRows).Order());
        Assert.Equal(testRows, RowIds(test2[0].Inputs));
        Assert.NotEqual(testRows, RowIds(test3[0].Inputs));
        // Targets follow their rows: the Kind label of row i is i % 5.
        Assert.Equal(testRows.Select(i => i % 5), test["Kind"].Targets.data<long>().ToArray());
    }

    [Fact]
    public void Split_of_own_inputs_splits_every_task_by_its_size()
    {
        var spec = MixedSpec();
        using var data = MultiTaskDataset.From(spec, OwnData(spec, 2, 10, 20, 41));

        var (train, test) = data.Split(0.25, seed: 1);
        using var disposeAll = new Disposables(train, test);

        Assert.Equal([1, 2, 5, 10], test.Sizes);
        Assert.Equal([1, 8, 15, 31], train.Sizes);
        Assert.False(train.SharesInputs);
        var rows = RowIds(train[3].Inputs).Concat(RowIds(test[3].Inputs)).Order();
        Assert.Equal(Enumerable.Range(3000, 41).Select(i => (long)i), rows);
    }

    [Fact]
    public void Split_rejects_fractions_outside_zero_one()
    {
        var spec = MixedSpec();
        using var data = MultiTaskDataset.FromShared(spec, Inputs(10), TargetsFor(spec, 10));

        Assert.Throws<ArgumentOutOfRangeException>(() => data.Split(1.0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Split(double.NaN, 0));
    }

    [Fact]
    public void For_another_declaration_of_the_same_tasks_copies_the_examples()
    {
        var spec = MixedSpec();
        using var data = MultiTaskDataset.FromShared(spec, Inputs(10), TargetsFor(spec, 10));
        var variant = spec with { Optimizer = new Adam(LearningRate: 0.5), Sharing = new HardSharing(Trunk: [2]) };

        using var redeclared = data.For(variant);

        Assert.Same(variant, redeclared.Spec);
        Assert.True(redeclared.SharesInputs);
        Assert.NotSame(data[0].Inputs, redeclared[0].Inputs);
        Assert.Equal(RowIds(data[0].Inputs), RowIds(redeclared[0].Inputs));
        Assert.Equal(data["Kind"].Targets.data<long>().ToArray(), redeclared["Kind"].Targets.data<long>().ToArray());
        redeclared.Dispose();
        Assert.False(data[0].Inputs.IsInvalid);
        using var own = MultiTaskDataset.From(spec, OwnData(spec, 3, 4, 5, 6));
        using var ownRedeclared = own.For(variant);
        Assert.Equal([3, 4, 5, 6], ownRedeclared.Sizes);
        Assert.False(ownRedeclared.SharesInputs);
    }

    [Fact]
    public void For_a_declaration_of_other_tasks_names_the_problems()
    {
        var spec = MixedSpec();
        using var data = MultiTaskDataset.FromShared(spec, Inputs(10), TargetsFor(spec, 10));

        var error = Assert.Throws<ArgumentException>(() => data.For(Spec(new TaskSpec("Age", new Regression(2)))));

        Assert.Contains("'Age'", error.Message);
        Assert.False(data[0].Inputs.IsInvalid);
    }

    private sealed class Disposables(params IDisposable[] items) : IDisposable
    {
        public void Dispose()
        {
            foreach (var item in items) item.Dispose();
        }
    }
}

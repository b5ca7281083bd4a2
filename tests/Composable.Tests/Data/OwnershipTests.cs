using System;
using System.Collections.Generic;
using Composable.Data;
using Composable.Interpretation;
using Composable.Training;
using Xunit;
using static TorchSharp.torch;

namespace Composable.Tests.Data;

/// <summary>
/// What a data set does with the tensors it is given is the caller's choice (<see cref="TensorOwnership"/>), and using
/// a disposed data set, or one whose tensor was disposed elsewhere, fails naming what was disposed and by whom.
/// </summary>
public sealed class OwnershipTests
{
    private static readonly MultiTaskSpec Spec = new(
        new Features(3), [new TaskSpec("Price", new Regression()), new TaskSpec("Churn", new Binary())], new HardSharing([4]));

    private static Dictionary<string, Tensor> Targets() => new()
    {
        ["Price"] = randn(8, 1),
        ["Churn"] = tensor(new float[] { 0, 1, 0, 1, 1, 0, 0, 1 }).view(8, 1),
    };

    [Fact]
    public void Two_data_sets_from_one_inputs_tensor_are_independent_by_default()
    {
        using var inputs = randn(8, 3);
        var first = MultiTaskDataset.FromShared(Spec, inputs, Targets());
        using var second = MultiTaskDataset.FromShared(Spec, inputs, Targets());

        first.Dispose();

        Assert.Equal(TensorOwnership.Copy, second.Ownership);
        Assert.True(second[0].Inputs.equal(inputs).all().item<bool>());
        Assert.False(inputs.IsInvalid);
        using var trainer = InterpretedTrainer.Create(Spec, seed: 1);
        Assert.Equal(2, trainer.Fit(second, new FitOptions(BatchSize: 4, Epochs: 1)).Steps);
    }

    [Fact]
    public void Borrowed_tensors_are_shared_without_copies_and_outlive_the_data_sets()
    {
        using var inputs = randn(8, 3);
        var targets = Targets();
        var first = MultiTaskDataset.FromShared(Spec, inputs, targets, TensorOwnership.Borrow);
        var second = MultiTaskDataset.FromShared(Spec, inputs, targets, TensorOwnership.Borrow);

        Assert.Same(inputs, first[0].Inputs);
        first.Dispose();
        second.Dispose();

        Assert.False(inputs.IsInvalid);
        Assert.False(targets["Price"].IsInvalid);
    }

    [Fact]
    public void A_borrowed_tensor_disposed_by_its_owner_is_named_when_the_data_set_is_used()
    {
        var inputs = randn(8, 3);
        using var data = MultiTaskDataset.FromShared(Spec, inputs, Targets(), TensorOwnership.Borrow);
        inputs.Dispose();

        var error = Assert.Throws<ObjectDisposedException>(() => data[1]);

        Assert.Contains("Task 'Price': its inputs tensor was disposed outside the dataset, which borrows it (TensorOwnership.Borrow)", error.Message);
    }

    [Fact]
    public void A_taken_tensor_disposed_by_the_caller_is_named_when_the_data_set_is_used()
    {
        var targets = Targets();
        using var data = MultiTaskDataset.FromShared(Spec, randn(8, 3), targets, TensorOwnership.Take);
        targets["Churn"].Dispose();

        using var trainer = InterpretedTrainer.Create(Spec, seed: 1);
        var error = Assert.Throws<ObjectDisposedException>(() => trainer.Fit(data, new FitOptions(BatchSize: 4, Epochs: 1)));

        Assert.Contains("Task 'Churn': its targets tensor was disposed outside the dataset, which had taken it over (TensorOwnership.Take)", error.Message);
    }

    [Fact]
    public void Taken_tensors_are_disposed_with_the_data_set()
    {
        var inputs = randn(8, 3);
        var data = MultiTaskDataset.FromShared(Spec, inputs, Targets(), TensorOwnership.Take);

        data.Dispose();

        Assert.True(inputs.IsInvalid);
    }

    [Fact]
    public void A_disposed_data_set_names_itself_and_the_method_that_disposed_it()
    {
        var data = SyntheticTasks.Generate(Spec, new SyntheticOptions(Examples: 8, Seed: 1));
        data.Dispose();

        using var trainer = InterpretedTrainer.Create(Spec, seed: 1);
        var error = Assert.Throws<ObjectDisposedException>(() => trainer.Fit(data, new FitOptions(BatchSize: 4, Epochs: 1)));

        Assert.Contains("The dataset of tasks Price, Churn was disposed (by OwnershipTests.A_disposed_data_set_names_itself_and_the_method_that_disposed_it)", error.Message);
    }

    [Fact]
    public void Nothing_is_taken_when_the_data_does_not_fit()
    {
        Tensor inputs;
        using (NewDisposeScope())
        {
            inputs = randn(8, 5);                                         // 5 features: the declaration has 3
            Assert.ThrowsAny<ArgumentException>(() => MultiTaskDataset.FromShared(Spec, inputs, Targets(), TensorOwnership.Take));
        }

        Assert.True(inputs.IsInvalid);                                    // still in the caller's scope, which disposed it
    }
}

using System;
using System.Linq;
using Composable.Training;
using TorchSharp;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace Composable.Tests.Optimisation;

/// <summary>
/// <see cref="Optimizers"/> over parameter groups: SGD applies each group's rate, groups can be added to a live
/// optimiser of either kind, and scaling the rates keeps the groups' ratios.
/// </summary>
public sealed class OptimizerGroupTests
{
    [Fact]
    public void Sgd_applies_each_groups_own_rate()
    {
        using var scope = NewDisposeScope();
        var (body, head) = (new Parameter(tensor(new[] { 1.0f, 2.0f })), new Parameter(tensor(new[] { -3.0f })));
        using var optimizer = Optimizers.CreateForTrainer(new Sgd(LearningRate: 0.5), [new ParameterGroup("body", [body], 0.1), new ParameterGroup("head", [head], 0.01)]);
        Assert.IsAssignableFrom<SGD>(optimizer);

        StepWithGradient(optimizer, (body, tensor(new[] { 1.0f, -1.0f })), (head, tensor(new[] { 2.0f })));

        AssertEqual(tensor(new[] { 1.0f, 2.0f }).add(tensor(new[] { 1.0f, -1.0f }), alpha: -0.1), body);
        AssertEqual(tensor(new[] { -3.0f }).add(tensor(new[] { 2.0f }), alpha: -0.01), head);
        Assert.Equal([0.1, 0.01], optimizer.ParamGroups.Select(g => g.LearningRate));
    }

    [Fact]
    public void A_group_added_to_a_live_sgd_gets_its_rate_and_the_declared_momentum()
    {
        using var scope = NewDisposeScope();
        var (body, head) = (new Parameter(tensor(new[] { 1.0f })), new Parameter(tensor(new[] { 5.0f })));
        using var optimizer = Optimizers.CreateForTrainer(new Sgd(LearningRate: 0.5, Momentum: 0.9), [new ParameterGroup("body", [body], 0.1)]);
        StepWithGradient(optimizer, (body, tensor(new[] { 1.0f })));

        Optimizers.AddGroup(optimizer, new ParameterGroup("head", [head], 0.2));
        StepWithGradient(optimizer, (body, tensor(new[] { 1.0f })), (head, tensor(new[] { 1.0f })));

        // body: 1 − 0.1·1, then momentum 0.9·1 + 1 = 1.9; head's first step has no momentum yet.
        AssertEqual(tensor(new[] { 1.0f }).add(tensor(new[] { 1.0f }), alpha: -0.1).add(tensor(new[] { 1.9f }), alpha: -0.1), body);
        AssertEqual(tensor(new[] { 5.0f }).add(tensor(new[] { 1.0f }), alpha: -0.2), head);
        var groups = optimizer.ParamGroups.Cast<SGD.ParamGroup>().ToArray();
        Assert.Equal([0.1, 0.2], groups.Select(g => g.LearningRate));
        Assert.Equal([0.9, 0.9], groups.Select(g => g.Momentum));
        var error = Assert.Throws<ArgumentException>(() => Optimizers.AddGroup(optimizer, new ParameterGroup("again", [body], 0.1)));
        Assert.Contains("'again'", error.Message);
    }

    [Fact]
    public void Adam_and_AdamW_over_groups_are_one_FlatAdam_with_the_declared_settings()
    {
        using var scope = NewDisposeScope();
        var (expectedValue, actualValue) = (new Parameter(tensor(new[] { 1.0f, -2.0f })), new Parameter(tensor(new[] { 1.0f, -2.0f })));
        var other = new Parameter(tensor(new[] { 0.5f }));
        using var expected = new FlatAdam([expectedValue], lr: 0.05, beta1: 0.8, beta2: 0.99, weight_decay: 0.1, decoupled: true);
        using var actual = Optimizers.CreateForTrainer(new AdamW(LearningRate: 1.0, WeightDecay: 0.1, Beta1: 0.8, Beta2: 0.99), [new ParameterGroup("body", [actualValue], 0.05), new ParameterGroup("head", [other], 0.5)]);
        var flat = Assert.IsType<FlatAdam>(actual);
        Assert.Equal(["body", "head"], flat.GroupNames);
        for (var step = 0; step < 5; step++)
        {
            StepWithGradient(expected, (expectedValue, tensor(new[] { 1.0f, 0.5f }) * (step + 1)));
            StepWithGradient(actual, (actualValue, tensor(new[] { 1.0f, 0.5f }) * (step + 1)), (other, tensor(new[] { 1.0f })));
        }
        AssertEqual(expectedValue, actualValue);
    }

    [Fact]
    public void Groups_sharing_a_parameter_are_refused_for_sgd_too()
    {
        using var shared = new Parameter(zeros(1));
        var error = Assert.Throws<ArgumentException>(() => Optimizers.CreateForTrainer(new Sgd(), [new ParameterGroup("a", [shared], 0.1), new ParameterGroup("b", [shared], 0.1)]));
        Assert.Contains("'a'", error.Message);
        Assert.Contains("'b'", error.Message);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Scaling_the_rates_multiplies_every_base_rate_so_the_groups_keep_their_ratios(bool adam)
    {
        using var scope = NewDisposeScope();
        var (body, head) = (new Parameter(zeros(2)), new Parameter(zeros(1)));
        Optimizer declared = adam ? new Adam() : new Sgd();
        using var optimizer = Optimizers.CreateForTrainer(declared, [new ParameterGroup("body", [body], 1e-4), new ParameterGroup("head", [head], 1e-3)]);
        var schedule = new WarmupCosine(Steps: 10, WarmupSteps: 2, FinalFactor: 0.1);

        Optimizers.ScaleLearningRates(optimizer, [1e-4, 1e-3], LearningRateSchedules.Factor(schedule, 0));
        Assert.Equal([0.5e-4, 0.5e-3], optimizer.ParamGroups.Select(g => g.LearningRate));

        Optimizers.ScaleLearningRates(optimizer, [1e-4, 1e-3], LearningRateSchedules.Factor(schedule, 10));
        var rates = optimizer.ParamGroups.Select(g => g.LearningRate).ToArray();
        Assert.Equal(1e-5, rates[0], precision: 15);
        Assert.Equal(1e-4, rates[1], precision: 15);
        Assert.Equal(10.0, rates[1] / rates[0], precision: 9);

        Assert.Throws<ArgumentException>(() => Optimizers.ScaleLearningRates(optimizer, [1e-4], 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Optimizers.ScaleLearningRates(optimizer, [1e-4, 1e-3], double.NaN));
    }

    [Fact]
    public void A_scaled_rate_is_the_rate_the_next_flat_adam_update_uses()
    {
        using var scope = NewDisposeScope();
        var (scaled, direct) = (new Parameter(tensor(new[] { 1.0f, 2.0f })), new Parameter(tensor(new[] { 1.0f, 2.0f })));
        using var withScale = new FlatAdam([new ParameterGroup("all", [scaled], 0.1)]);
        using var withRate = new FlatAdam([direct], lr: 0.025);
        Optimizers.ScaleLearningRates(withScale, withScale.BaseLearningRates, 0.25);
        StepWithGradient(withScale, (scaled, tensor(new[] { 1.0f, -1.0f })));
        StepWithGradient(withRate, (direct, tensor(new[] { 1.0f, -1.0f })));
        AssertEqual(direct, scaled);
        Assert.Equal([0.1], withScale.BaseLearningRates);
    }

    private static void StepWithGradient(optim.Optimizer optimizer, params (Parameter Parameter, Tensor Gradient)[] gradients)
    {
        using var stepScope = NewDisposeScope();
        foreach (var (parameter, gradient) in gradients) parameter.grad = gradient.clone().detach();
        optimizer.step();
    }

    private static void AssertEqual(Tensor expected, Tensor actual) =>
        Assert.True(expected.equal(actual).all().item<bool>(), $"{expected.ToString(TorchSharp.TensorStringStyle.Julia)} vs {actual.ToString(TorchSharp.TensorStringStyle.Julia)}");
}

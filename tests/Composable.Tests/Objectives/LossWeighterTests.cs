using System;
using System.Linq;
using Composable.Interpretation;
using Composable.Objectives;
using Xunit;
using static TorchSharp.torch;

namespace Composable.Tests.Objectives;

/// <summary>Each loss weighting against its definition, on hand-checkable losses.</summary>
public sealed class LossWeighterTests
{
    private static Tensor Scalar(double value, bool requiresGrad = false) => tensor((float)value, requires_grad: requiresGrad);

    [Fact]
    public void Uncertainty_weighting_takes_kendalls_regression_and_classification_forms()
    {
        using var scope = NewDisposeScope();
        using var weighter = new UncertaintyWeighter(new UncertaintyWeighting(InitialLogVariance: 0.5), [true, false]);
        var (objective, weights) = weighter.Combine([Scalar(2.0), Scalar(3.0)]);

        var e = Math.Exp(-0.5);
        // Regression: ½·exp(−s)·L + ½·s; classification: exp(−s)·L + ½·s (Kendall et al. 2018, eq. 7 and 10 with s = log σ²).
        Assert.Equal(0.5 * e * 2.0 + 0.25 + e * 3.0 + 0.25, objective.item<float>(), 5);
        Assert.Equal([0.5 * e, e], weights, (a, b) => Math.Abs(a - b) < 1e-6);
        objective.backward();
        // ∂/∂s: −½·exp(−s)·L + ½ and −exp(−s)·L + ½.
        var gradient = weighter.LogVariances.grad!.data<float>().ToArray();
        Assert.Equal(-0.5 * e * 2.0 + 0.5, gradient[0], 5);
        Assert.Equal(-e * 3.0 + 0.5, gradient[1], 5);
    }

    [Fact]
    public void Imtl_l_scales_each_loss_by_exp_s_and_subtracts_s()
    {
        using var scope = NewDisposeScope();
        using var weighter = new ImtlLossWeighter(2);
        var (objective, weights) = weighter.Combine([Scalar(2.0), Scalar(0.25)]);
        Assert.Equal(2.25, objective.item<float>(), 6);
        Assert.Equal([1.0, 1.0], weights);
        objective.backward();
        // ∂/∂s_t = exp(s_t)·L_t − 1: the scaled loss is pushed to 1.
        Assert.Equal([1.0f, -0.75f], weighter.Scales.grad!.data<float>().ToArray());
    }

    [Fact]
    public void Geometric_loss_is_the_geometric_mean_and_reports_its_gradient_weights()
    {
        using var scope = NewDisposeScope();
        using var weighter = new GeometricLossWeighter();
        var first = Scalar(4.0, requiresGrad: true);
        var second = Scalar(1.0, requiresGrad: true);
        var (objective, weights) = weighter.Combine([first, second]);
        Assert.Equal(2.0, objective.item<float>(), 6);
        Assert.Equal(2.0 / (2 * 4.0), weights[0], 6);
        Assert.Equal(2.0 / (2 * 1.0), weights[1], 6);
        objective.backward();
        Assert.Equal(weights[0], first.grad!.item<float>(), 5);
        Assert.Equal(weights[1], second.grad!.item<float>(), 5);
    }

    [Fact]
    public void Random_weights_are_a_seeded_softmax_of_normal_draws()
    {
        using var scope = NewDisposeScope();
        using var a = new RandomLossWeighter(3, seed: 7);
        using var b = new RandomLossWeighter(3, seed: 7);
        using var c = new RandomLossWeighter(3, seed: 8);
        var losses = new[] { Scalar(1), Scalar(2), Scalar(3) };
        var first = a.Combine(losses).Weights;
        Assert.Equal(first, b.Combine(losses).Weights);
        Assert.NotEqual(first, c.Combine(losses).Weights);
        Assert.Equal(1.0, first.Sum(), 12);
        Assert.All(first, w => Assert.InRange(w, 0.0, 1.0));
        Assert.NotEqual(first, a.Combine(losses).Weights);
        var (objective, weights) = a.Combine(losses);
        Assert.Equal(weights[0] * 1 + weights[1] * 2 + weights[2] * 3, objective.item<float>(), 5);
    }

    [Fact]
    public void Dwa_keeps_weights_one_for_two_epochs_then_follows_the_loss_ratios()
    {
        using var scope = NewDisposeScope();
        using var weighter = new DynamicWeightAverager(new DynamicWeightAverage(Temperature: 2), 2);
        // Epoch 1: mean losses (1, 2); epoch 2: (0.5, 2). Weights are 1 throughout both (Liu et al. 2019: λ = 1 for e ≤ 2).
        Assert.Equal([1.0, 1.0], weighter.Combine([Scalar(1.5), Scalar(2)]).Weights);
        Assert.Equal([1.0, 1.0], weighter.Combine([Scalar(0.5), Scalar(2)]).Weights);
        weighter.EndEpoch();
        Assert.Equal([1.0, 1.0], weighter.Combine([Scalar(0.5), Scalar(2)]).Weights);
        weighter.EndEpoch();
        Assert.Equal([[1.0, 2.0], [0.5, 2.0]], weighter.EpochMeans.Select(m => m.ToArray()).ToArray());

        // r = (0.5, 1); λ = 2·softmax(r / 2).
        var e1 = Math.Exp(0.25);
        var e2 = Math.Exp(0.5);
        var weights = weighter.Combine([Scalar(1), Scalar(1)]).Weights;
        Assert.Equal(2 * e1 / (e1 + e2), weights[0], 12);
        Assert.Equal(2 * e2 / (e1 + e2), weights[1], 12);
        Assert.True(weights[1] > weights[0], "The task whose loss fell less gets the larger weight.");
    }

    [Fact]
    public void GradNorm_moves_weight_from_the_task_whose_gradient_norm_is_above_target_and_renormalises_to_the_task_count()
    {
        using var scope = NewDisposeScope();
        var spec = new MultiTaskSpec(new Features(4),
            [new TaskSpec("Big", new Regression()), new TaskSpec("Small", new Regression()), new TaskSpec("Mid", new Regression())],
            new HardSharing([6]), new GradNorm(Alpha: 1.5));
        manual_seed(3);
        using var model = new InterpretedModel(spec);
        var shared = new SharedParameters(model, model.Plan.ObjectivePlan);
        using var weighter = new GradNormWeighter(new GradNorm(Alpha: 1.5), shared);
        using var optimizer = optim.SGD(weighter.Parameters, 0.1);
        var inputs = randn(16, 4);
        var outputs = model.ForwardAll(inputs);
        // Losses whose gradients on the trunk differ by known factors: 10·x, 1·x, 3·x of the same loss.
        var basis = outputs[0].pow(2).mean() + outputs[1].pow(2).mean() + outputs[2].pow(2).mean();
        var losses = new[] { basis * 10, basis * 1, basis * 3 };

        var (objective, weights) = weighter.Combine(losses);
        Assert.Equal([1.0, 1.0, 1.0], weights);
        objective.backward();
        optimizer.step();
        weighter.AfterStep();

        var after = weighter.Weights.data<float>().ToArray();
        Assert.Equal(3.0, after.Sum(), 5);
        // Step 1: every loss ratio is 1, so every target is mean(G) = (10 + 1 + 3)/3·n. ∂|w_t·n_t − target|/∂w_t = ±n_t:
        // Big (above the target) loses 10·n·lr, Small and Mid (below) gain n·lr and 3·n·lr; then Σw is brought back to 3.
        Assert.True(after[0] < 1 && after[1] > 1 && after[2] > after[1], $"Weights after one step: {string.Join(", ", after)}.");
    }
}

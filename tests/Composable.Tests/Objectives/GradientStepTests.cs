using System.Linq;
using Composable.Interpretation;
using Composable.Objectives;
using Composable.Training;
using Xunit;
using static TorchSharp.torch;

namespace Composable.Tests.Objectives;

/// <summary>
/// The gradient-combination step writes βᵀG on the shared parameters and each task's own gradient on its own
/// parameters, G being the per-task gradients computed separately by autograd.
/// </summary>
public sealed class GradientStepTests
{
    private static readonly MultiTaskSpec Spec = new(
        new Features(5),
        [new TaskSpec("Price", new Regression()), new TaskSpec("Churn", new Binary()), new TaskSpec("Segment", new MultiClass(3))],
        new HardSharing([8], Towers: [4]),
        new PCGrad());

    [Theory]
    [InlineData("PCGrad")]
    [InlineData("CAGrad")]
    [InlineData("MGDA")]
    public void Shared_parameters_get_beta_times_g_and_own_parameters_their_task_gradient(string method)
    {
        using var scope = NewDisposeScope();
        GradientCombination objective = method switch { "PCGrad" => new PCGrad(), "CAGrad" => new CAGrad(0.5), _ => new Mgda(UpperBound: false) };
        var spec = Spec with { Objective = objective };
        manual_seed(11);
        using var model = new InterpretedModel(spec);
        var plan = model.Plan.ObjectivePlan;
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        var x = randn(12, 5);
        var targets = new[] { randn(12, 1), randint(0, 2, new long[] { 12, 1 }).to(ScalarType.Float32), randint(0, 3, new long[] { 12 }) };
        Tensor[] Losses()
        {
            var outputs = model.ForwardAll(x);
            return Enumerable.Range(0, 3).Select(t => LossFunctions.Compute(model.Plan.Tasks[t].Loss, outputs[t], targets[t])).ToArray();
        }

        // Expected: each task's gradient on every parameter, by separate backward passes.
        var perTask = Enumerable.Range(0, 3).Select(t =>
        {
            model.zero_grad();
            Losses()[t].backward();
            return parameters.ToDictionary(p => p.Key, p => p.Value.grad?.clone());
        }).ToArray();

        model.zero_grad();
        var step = new GradientCombinationStep(objective, new SharedParameters(model, plan), seed: 4);
        var beta = step.Backward(Losses());

        foreach (var name in plan.Shared)
        {
            var expected = perTask[0][name]! * beta[0] + perTask[1][name]! * beta[1] + perTask[2][name]! * beta[2];
            Assert.True(parameters[name].grad!.allclose(expected, rtol: 1e-4, atol: 1e-6), $"Shared gradient of {name}.");
        }
        for (var t = 0; t < 3; t++)
            foreach (var name in plan.Own[t])
                Assert.True(parameters[name].grad!.allclose(perTask[t][name]!, rtol: 1e-5, atol: 1e-7), $"Own gradient of {name} (task {t}).");
    }

    [Fact]
    public void The_gram_matrix_is_g_times_g_transposed_in_doubles()
    {
        using var scope = NewDisposeScope();
        var g = tensor(new float[] { 1, 2, 0, -1, 0, 3 }).reshape(2, 3);
        var gram = SharedParameters.Gram(g);
        Assert.Equal(5.0, gram[0, 0]);
        Assert.Equal(-1.0, gram[0, 1]);
        Assert.Equal(-1.0, gram[1, 0]);
        Assert.Equal(10.0, gram[1, 1]);
    }

    [Fact]
    public void A_batch_without_every_task_is_an_error_naming_the_missing_task()
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        using var trainer = InterpretedTrainer.Create(Spec, seed: 1);
        var x = randn(4, 5);
        var batch = new Composable.Data.MultiTaskBatch([
            new Composable.Data.TaskBatch(x, randn(4, 1)), null,
            new Composable.Data.TaskBatch(x, randint(0, 3, new long[] { 4 }))]);
        var error = Assert.Throws<System.ArgumentException>(() => trainer.Step(batch));
        Assert.Contains("'Churn'", error.Message);
        Assert.Contains("PCGrad", error.Message);
    }
}

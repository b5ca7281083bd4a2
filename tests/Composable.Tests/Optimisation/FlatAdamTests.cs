using System;
using System.Linq;
using Composable.Interpretation;
using Composable.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Composable.Tests.Optimisation;

/// <summary>
/// <see cref="FlatAdam"/> is TorchSharp's Adam/AdamW run over one buffer: the same model trained by both ends
/// with the same parameters, including parameters that receive their first gradient late.
/// </summary>
public sealed class FlatAdamTests
{
    private static readonly MultiTaskSpec Spec = new(
        Input: new Features(6),
        Tasks: [new TaskSpec("Price", new Regression()), new TaskSpec("Churn", new Binary())],
        Sharing: new MixtureOfExperts(Experts: 4, ExpertLayers: [8], TowerLayers: [5]));

    [Theory]
    [InlineData(0.0, false, 0)]
    [InlineData(0.01, false, 0)]
    [InlineData(0.01, true, 0)]
    [InlineData(0.0, false, 3)]
    [InlineData(0.05, true, 4)]
    public void Matches_torch_Adam_step_for_step(double weightDecay, bool decoupled, int churnFromStep)
    {
        using var scope = NewDisposeScope();
        manual_seed(11);
        var inputs = randn(32, 6);
        var price = randn(32, 1);
        var churn = rand(32, 1).gt(0.5).to_type(ScalarType.Float32);
        manual_seed(5);
        using var expectedModel = new InterpretedModel(Spec);
        var initial = expectedModel.parameters().Select(p => p.detach().clone()).ToArray();
        manual_seed(5);
        using var actualModel = new InterpretedModel(Spec);
        using var expected = decoupled
            ? optim.AdamW(expectedModel.parameters(), lr: 1e-2, weight_decay: weightDecay)
            : (optim.Optimizer)optim.Adam(expectedModel.parameters(), lr: 1e-2, weight_decay: weightDecay);
        using var actual = new FlatAdam(actualModel.parameters(), lr: 1e-2, weight_decay: weightDecay, decoupled: decoupled);

        for (var step = 0; step < 40; step++)
        {
            // Before churnFromStep only Price's loss counts: Churn's gate, tower and head join the updates late.
            foreach (var (model, optimizer) in new[] { (expectedModel, expected), (actualModel, (optim.Optimizer)actual) })
            {
                using var stepScope = NewDisposeScope();
                optimizer.zero_grad();
                var outputs = model.ForwardAll(inputs);
                var loss = nn.functional.mse_loss(outputs[0], price);
                if (step >= churnFromStep) loss = loss + nn.functional.binary_cross_entropy_with_logits(outputs[1], churn);
                loss.backward();
                optimizer.step();
            }
        }

        var pairs = expectedModel.named_parameters().Zip(actualModel.named_parameters()).ToArray();
        Assert.NotEmpty(pairs);
        foreach (var ((name, e), (_, a)) in pairs)
        {
            var difference = (e - a).abs().max().item<float>();
            Assert.True(difference <= 1e-6, $"{name} differs by {difference}.");
        }
        var trained = expectedModel.parameters().ToArray();
        Assert.All(Enumerable.Range(0, initial.Length), i => Assert.False(initial[i].equal(trained[i]).all().item<bool>(), "training changes every parameter"));
    }

    [Fact]
    public void Gradients_cleared_by_the_module_instead_of_the_optimiser_still_reach_the_update()
    {
        using var scope = NewDisposeScope();
        manual_seed(11);
        var inputs = randn(32, 6);
        var price = randn(32, 1);
        var churn = rand(32, 1).gt(0.5).to_type(ScalarType.Float32);
        manual_seed(5);
        using var expectedModel = new InterpretedModel(Spec);
        manual_seed(5);
        using var actualModel = new InterpretedModel(Spec);
        using var expected = optim.Adam(expectedModel.parameters(), lr: 1e-2);
        using var actual = new FlatAdam(actualModel.parameters(), lr: 1e-2);

        for (var step = 0; step < 20; step++)
        {
            foreach (var (model, optimizer) in new[] { (expectedModel, (optim.Optimizer)expected), (actualModel, (optim.Optimizer)actual) })
            {
                using var stepScope = NewDisposeScope();
                model.zero_grad(); // set_to_none: drops FlatAdam's gradient views every step
                var outputs = model.ForwardAll(inputs);
                var loss = nn.functional.mse_loss(outputs[0], price) + nn.functional.binary_cross_entropy_with_logits(outputs[1], churn);
                loss.backward();
                optimizer.step();
            }
        }

        foreach (var ((name, e), (_, a)) in expectedModel.named_parameters().Zip(actualModel.named_parameters()))
        {
            var difference = (e - a).abs().max().item<float>();
            Assert.True(difference <= 1e-6, $"{name} differs by {difference}.");
        }
    }

    [Fact]
    public void A_single_parameter_whose_gradient_is_replaced_still_reaches_the_update()
    {
        // With one parameter the buffer view sits at offset 0, like any fresh tensor: the replaced gradient must still count.
        using var scope = NewDisposeScope();
        using var expectedValue = new TorchSharp.Modules.Parameter(tensor(new[] { 1.0f, -2.0f, 0.5f }));
        using var actualValue = new TorchSharp.Modules.Parameter(tensor(new[] { 1.0f, -2.0f, 0.5f }));
        using var expected = optim.Adam([expectedValue], lr: 0.1);
        using var actual = new FlatAdam([actualValue], lr: 0.1);
        for (var step = 0; step < 10; step++)
        {
            foreach (var (value, optimizer) in new[] { (expectedValue, (optim.Optimizer)expected), (actualValue, (optim.Optimizer)actual) })
            {
                using var stepScope = NewDisposeScope();
                value.grad = (value * (step + 1)).detach(); // a fresh gradient tensor every step, as set_to_none + backward gives
                optimizer.step();
            }
        }
        Assert.True(expectedValue.allclose(actualValue, rtol: 1e-6, atol: 1e-7), $"{expectedValue.ToString(TorchSharp.TensorStringStyle.Julia)} vs {actualValue.ToString(TorchSharp.TensorStringStyle.Julia)}");
    }

    [Fact]
    public void Parameters_keep_their_values_when_they_move_into_the_buffer()
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        using var model = new InterpretedModel(Spec);
        var before = model.parameters().Select(p => p.detach().clone()).ToArray();

        using var optimizer = new FlatAdam(model.parameters());

        var after = model.parameters().ToArray();
        for (var i = 0; i < before.Length; i++)
            Assert.True(before[i].equal(after[i]).all().item<bool>());
    }

    [Fact]
    public void Made_and_disposed_outside_any_scope_it_leaves_no_live_tensor()
    {
        manual_seed(5);
        using var model = new InterpretedModel(Spec);
        var live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        new FlatAdam(model.parameters()).Dispose();

        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }
}

/// <summary>
/// Runs alone: its collector thread forces collections in the whole process, which would expose the bare-number
/// temporaries of TorchSharp's own operators (and of torch's optimisers) in tests running beside it.
/// </summary>
[CollectionDefinition(nameof(CollectsGarbageAlone), DisableParallelization = true)]
public sealed class CollectsGarbageAlone;

/// <summary><see cref="FlatAdam"/> while another thread collects garbage as fast as it can.</summary>
[Collection(nameof(CollectsGarbageAlone))]
public sealed class FlatAdamUnderCollectionTests
{
    [Fact]
    public void Steps_taken_while_another_thread_collects_garbage_give_the_same_numbers()
    {
        // Every number FlatAdam hands TorchSharp is held through the native call (see Scalars): a collection forced by
        // another thread in the middle of an update can neither change it nor crash it.
        static float[] Train(bool hammer)
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            manual_seed(3);
            var parameters = Enumerable.Range(0, 4).Select(_ => new TorchSharp.Modules.Parameter(randn(16))).ToArray();
            var gradients = parameters.Select(p => randn(16)).ToArray();
            using var optimizer = new FlatAdam(parameters, lr: 1e-2, weight_decay: 0.01, decoupled: true);
            using var stop = new System.Threading.CancellationTokenSource();
            var collector = hammer
                ? System.Threading.Tasks.Task.Run(() =>
                {
                    while (!stop.IsCancellationRequested) { GC.Collect(); GC.WaitForPendingFinalizers(); }
                })
                : System.Threading.Tasks.Task.CompletedTask;
            for (var step = 0; step < 2_000; step++)
            {
                using var stepScope = NewDisposeScope();
                using var factor = (step % 7 - 3).ToScalar(); // a bare number here would itself be the race under test
                for (var i = 0; i < parameters.Length; i++) parameters[i].grad = gradients[i].mul(factor);
                optimizer.step();
            }
            stop.Cancel();
            collector.Wait();
            return parameters.SelectMany(p => p.data<float>().ToArray()).ToArray();
        }

        var quiet = Train(hammer: false);
        var collected = Train(hammer: true);

        Assert.Equal(quiet, collected);
        Assert.All(quiet, value => Assert.True(float.IsFinite(value)));
    }

    [Fact]
    public void A_gradient_with_NaN_or_infinity_under_a_finite_loss_is_refused_and_nothing_changes()
    {
        using var scope = NewDisposeScope();
        using var healthy = new TorchSharp.Modules.Parameter(tensor(new[] { 1f, 2f }));
        using var atZero = new TorchSharp.Modules.Parameter(tensor(new[] { 4f, 0f, 9f }));
        using var adam = new FlatAdam([healthy, atZero], lr: 0.1);
        // A first step that leaves atZero[1] at 0 (its gradient there is 0).
        (healthy.sum() + (atZero * tensor(new[] { 1f, 0f, 1f })).sum()).backward();
        adam.step();
        Assert.Equal(0f, atZero[1].item<float>());
        var before = new[] { healthy.detach().clone(), atZero.detach().clone() };
        adam.zero_grad();
        // sqrt at 0 has an infinite slope: a finite loss whose gradient is not.
        var loss = healthy.sum() + atZero.sqrt().sum();
        Assert.True(float.IsFinite(loss.item<float>()));
        loss.backward();

        var error = Assert.Throws<TrainingDivergedException>(() => adam.step());

        Assert.Equal(2, error.Step);
        Assert.Contains("the gradient of parameter 1 of 2 (shape [3], group 'all') holds NaN or infinity although the loss was finite", error.Message);
        Assert.True(before[0].eq(healthy.detach()).all().item<bool>());
        Assert.True(before[1].eq(atZero.detach()).all().item<bool>());
    }

    [Fact]
    public void A_trainer_declared_with_SGD_refuses_a_gradient_with_NaN_or_infinity_too()
    {
        using var scope = NewDisposeScope();
        using var atZero = new TorchSharp.Modules.Parameter(tensor(new[] { 4f, 0f, 9f }));
        using var sgd = Optimizers.CreateForTrainer(new Sgd(LearningRate: 0.1, Momentum: 0.9), [atZero]);
        (atZero * tensor(new[] { 1f, 0f, 1f })).sum().backward();
        sgd.step();
        var before = atZero.detach().clone();
        sgd.zero_grad();
        atZero.sqrt().sum().backward();

        var error = Assert.Throws<TrainingDivergedException>(() => sgd.step());

        Assert.Equal(2, error.Step);
        Assert.Contains("the gradient of parameter 0 of 1 (shape [3]) holds NaN or infinity although the loss was finite", error.Message);
        Assert.True(before.eq(atZero.detach()).all().item<bool>());
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using Composable.Checkpoints;
using Composable.Interpretation;
using Composable.Training;
using TorchSharp;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace Composable.Tests.Optimisation;

/// <summary>
/// <see cref="FlatAdam"/> with parameter groups: each group is updated exactly as by its own single-group optimiser at
/// its own rate, a group added to a live optimiser leaves the others' trajectories bit for bit, and checkpoints record
/// the group layout.
/// </summary>
public sealed class FlatAdamGroupTests
{
    private static readonly MultiTaskSpec Spec = new(
        Input: new Features(6),
        Tasks: [new TaskSpec("Price", new Regression()), new TaskSpec("Churn", new Binary())],
        Sharing: new MixtureOfExperts(Experts: 4, ExpertLayers: [8], TowerLayers: [5]));

    [Theory]
    [InlineData(0.0, false, 0)]
    [InlineData(0.01, true, 3)]
    [InlineData(0.02, false, 4)]
    public void Two_groups_update_exactly_as_two_single_group_optimisers_at_their_rates(double weightDecay, bool decoupled, int churnFromStep)
    {
        using var scope = NewDisposeScope();
        var data = new Data();
        using var groupedModel = Model();
        using var separateModel = Model();
        var (groupedBody, groupedRest) = Halves(groupedModel);
        var (separateBody, separateRest) = Halves(separateModel);
        using var grouped = new FlatAdam([new ParameterGroup("body", groupedBody, 1e-2), new ParameterGroup("rest", groupedRest, 3e-3)], weight_decay: weightDecay, decoupled: decoupled);
        using var body = new FlatAdam(separateBody, lr: 1e-2, weight_decay: weightDecay, decoupled: decoupled);
        using var rest = new FlatAdam(separateRest, lr: 3e-3, weight_decay: weightDecay, decoupled: decoupled);
        var initial = Snapshot(groupedModel);

        for (var step = 0; step < 25; step++)
        {
            Step(groupedModel, data, step >= churnFromStep, grouped);
            Step(separateModel, data, step >= churnFromStep, body, rest);
        }

        AssertIdentical(separateModel, groupedModel);
        Assert.All(Snapshot(groupedModel).Zip(initial), pair => Assert.False(pair.Item1.equal(pair.Item2).all().item<bool>(), "training changes every parameter"));
    }

    [Fact]
    public void A_single_group_of_a_model_matches_the_parameter_list_constructor_bit_for_bit()
    {
        using var scope = NewDisposeScope();
        var data = new Data();
        using var groupedModel = Model();
        using var listModel = Model();
        using var grouped = new FlatAdam([new ParameterGroup("all", groupedModel.parameters().ToArray(), 1e-2)]);
        using var list = new FlatAdam(listModel.parameters(), lr: 1e-2);
        for (var step = 0; step < 10; step++)
        {
            Step(groupedModel, data, step >= 2, grouped);
            Step(listModel, data, step >= 2, list);
        }
        AssertIdentical(listModel, groupedModel);
        Assert.Equal(["all"], list.GroupNames);
        Assert.Equal([1e-2], list.BaseLearningRates);
    }

    [Fact]
    public void A_group_whose_parameters_get_no_gradient_is_not_updated()
    {
        using var scope = NewDisposeScope();
        using var used = new Parameter(tensor(new[] { 1.0f, -2.0f, 0.5f }));
        using var unused = new Parameter(tensor(new[] { 3.0f, 4.0f }));
        using var optimizer = new FlatAdam([new ParameterGroup("used", [used], 0.1), new ParameterGroup("unused", [unused], 0.1)]);
        var before = unused.detach().clone();
        var usedBefore = used.detach().clone();
        for (var step = 0; step < 5; step++)
        {
            using var stepScope = NewDisposeScope();
            optimizer.zero_grad();
            (used * used).sum().backward();
            optimizer.step();
        }
        Assert.True(unused.equal(before).all().item<bool>(), $"unused became {unused.ToString(TorchSharp.TensorStringStyle.Julia)}");
        Assert.False(used.equal(usedBefore).any().item<bool>(), "the group with gradients is updated");
    }

    [Fact]
    public void Frozen_parameters_outside_every_group_never_change()
    {
        using var scope = NewDisposeScope();
        var data = new Data();
        using var model = Model();
        var (trained, frozen) = Halves(model);
        foreach (var p in frozen) p.requires_grad = false;
        var frozenBefore = frozen.Select(p => p.detach().clone()).ToArray();
        var trainedBefore = trained.Select(p => p.detach().clone()).ToArray();
        using var optimizer = new FlatAdam([new ParameterGroup("trained", trained, 1e-2)]);
        for (var step = 0; step < 10; step++)
            Step(model, data, true, optimizer);
        Assert.All(frozen.Zip(frozenBefore), pair => Assert.True(pair.Item1.equal(pair.Item2).all().item<bool>()));
        Assert.Contains(trained.Zip(trainedBefore), pair => !pair.Item1.equal(pair.Item2).all().item<bool>());
    }

    [Theory]
    [InlineData(8)]
    [InlineData(0)]
    public void A_group_added_mid_training_leaves_the_other_parameters_trajectory_bit_for_bit_and_trains_from_zero_moments(int churnFromStep)
    {
        // The head's loss is separate from the model's, so adding it cannot change the model's gradients. Without
        // AddGroup the head is trained by its own optimiser from the same step: both runs must agree bit for bit.
        using var scope = NewDisposeScope();
        var data = new Data();
        using var addedModel = Model();
        using var separateModel = Model();
        using var addedHead = Head();
        using var separateHead = Head();
        var addedFrozen = new Parameter(ones(3));
        addedFrozen.requires_grad = false;
        using var withAdd = new FlatAdam([new ParameterGroup("model", addedModel.parameters().ToArray(), 1e-2)]);
        using var modelOnly = new FlatAdam(separateModel.parameters(), lr: 1e-2);
        FlatAdam? headOnly = null;
        const int addAt = 5;
        for (var step = 0; step < 16; step++)
        {
            if (step == addAt)
            {
                foreach (var p in addedHead.parameters().Concat(separateHead.parameters())) p.requires_grad = true;
                withAdd.AddGroup(new ParameterGroup("head", addedHead.parameters().ToArray(), 3e-2));
                headOnly = new FlatAdam(separateHead.parameters(), lr: 3e-2);
            }
            Step(addedModel, data, step >= churnFromStep, [withAdd], addedHead);
            Step(separateModel, data, step >= churnFromStep, headOnly is null ? [modelOnly] : [modelOnly, headOnly], separateHead);
        }

        AssertIdentical(separateModel, addedModel);
        AssertIdentical(separateHead, addedHead);
        Assert.Equal(["model", "head"], withAdd.GroupNames);
        Assert.Equal([1e-2, 3e-2], withAdd.BaseLearningRates);
        Assert.Equal(2, withAdd.ParamGroups.Count());
        Assert.True(addedFrozen.equal(ones(3)).all().item<bool>());
        headOnly!.Dispose();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Gradients_computed_before_a_group_is_added_still_reach_the_next_update(bool moduleClearsGradients)
    {
        // Adding a group between backward and step moves the gradients into the grown buffer; with Module.zero_grad
        // (set_to_none) they are fresh tensors outside the old buffer, which must be taken too.
        using var scope = NewDisposeScope();
        var data = new Data();
        using var addedModel = Model();
        using var plainModel = Model();
        using var extra = new Parameter(tensor(new[] { 1.0f, 2.0f }));
        using var withAdd = new FlatAdam(addedModel.parameters(), lr: 1e-2);
        using var plain = new FlatAdam(plainModel.parameters(), lr: 1e-2);
        for (var step = 0; step < 6; step++)
        {
            foreach (var (model, optimizer) in new[] { (addedModel, withAdd), (plainModel, plain) })
            {
                using var stepScope = NewDisposeScope();
                if (moduleClearsGradients) model.zero_grad();
                else optimizer.zero_grad();
                var outputs = model.ForwardAll(data.Inputs);
                (nn.functional.mse_loss(outputs[0], data.Price) + nn.functional.binary_cross_entropy_with_logits(outputs[1], data.Churn)).backward();
                if (step == 3 && optimizer == withAdd) withAdd.AddGroup(new ParameterGroup("extra", [extra], 0.1));
                optimizer.step();
            }
        }
        AssertIdentical(plainModel, addedModel);
        Assert.True(extra.equal(tensor(new[] { 1.0f, 2.0f })).all().item<bool>(), "a parameter without gradient stays");
    }

    [Fact]
    public void Parameters_added_to_a_live_optimiser_keep_their_values()
    {
        using var scope = NewDisposeScope();
        using var first = new Parameter(tensor(new[] { 1.0f, 2.0f }));
        using var second = new Parameter(tensor(new[] { 3.0f, 4.0f, 5.0f }));
        using var optimizer = new FlatAdam([new ParameterGroup("first", [first], 0.1)]);
        optimizer.AddGroup(new ParameterGroup("second", [second], 0.1));
        Assert.True(first.equal(tensor(new[] { 1.0f, 2.0f })).all().item<bool>());
        Assert.True(second.equal(tensor(new[] { 3.0f, 4.0f, 5.0f })).all().item<bool>());
        Assert.Equal(2, optimizer.parameters().Count());
    }

    [Fact]
    public void Adding_a_parameter_already_in_the_optimiser_is_refused_naming_its_group()
    {
        using var scope = NewDisposeScope();
        using var first = new Parameter(tensor(new[] { 1.0f, 2.0f }));
        using var second = new Parameter(tensor(new[] { 3.0f }));
        using var optimizer = new FlatAdam([new ParameterGroup("body", [first], 0.1)]);
        var error = Assert.Throws<ArgumentException>(() => optimizer.AddGroup(new ParameterGroup("head", [second, first], 0.1)));
        Assert.Contains("'head'", error.Message);
        Assert.Contains("'body'", error.Message);
        Assert.Throws<ArgumentException>(() => optimizer.AddGroup(new ParameterGroup("body", [second], 0.1)));
        Assert.Equal(["body"], optimizer.GroupNames);
        Assert.Single(optimizer.parameters());
    }

    [Fact]
    public void A_parameter_in_two_groups_is_refused_naming_both()
    {
        using var scope = NewDisposeScope();
        using var shared = new Parameter(tensor(new[] { 1.0f }));
        using var other = new Parameter(tensor(new[] { 2.0f }));
        var error = Assert.Throws<ArgumentException>(() => new FlatAdam([new ParameterGroup("encoder", [shared], 0.1), new ParameterGroup("decoder", [other, shared], 0.2)]));
        Assert.Contains("'encoder'", error.Message);
        Assert.Contains("'decoder'", error.Message);
    }

    [Fact]
    public void Save_and_restore_with_groups_continue_bit_for_bit()
    {
        using var scope = NewDisposeScope();
        var data = new Data();
        using var model = Model();
        var (body, rest) = Halves(model);
        using var optimizer = new FlatAdam([new ParameterGroup("body", body, 1e-2), new ParameterGroup("rest", rest, 2e-3)], weight_decay: 0.01, decoupled: true);
        for (var step = 0; step < 6; step++) Step(model, data, step >= 3, optimizer);
        var state = new ResumeState();
        optimizer.Save(state);
        var values = Snapshot(model);
        for (var step = 6; step < 12; step++) Step(model, data, true, optimizer);

        using var resumedModel = Model();
        var (resumedBody, resumedRest) = Halves(resumedModel);
        using var resumed = new FlatAdam([new ParameterGroup("body", resumedBody, 1e-2), new ParameterGroup("rest", resumedRest, 2e-3)], weight_decay: 0.01, decoupled: true);
        using (no_grad())
            foreach (var (p, v) in resumedModel.parameters().Zip(values)) p.copy_(v);
        resumed.Restore(state);
        for (var step = 6; step < 12; step++) Step(resumedModel, data, true, resumed);

        AssertIdentical(model, resumedModel);
        Assert.Equal("2", state.String("groups"));
        Assert.Equal("body", state.String("group.0.name"));
        Assert.Equal("rest", state.String("group.1.name"));
        state.DisposeTensors();
    }

    [Theory]
    [InlineData("body", "head", "'head'")]
    [InlineData("body", "rest", "parameters in group 'body'")]
    public void Restoring_into_another_group_layout_fails_naming_the_difference_and_changes_nothing(string firstName, string secondName, string expected)
    {
        using var scope = NewDisposeScope();
        var data = new Data();
        using var model = Model();
        var (body, rest) = Halves(model);
        using var saved = new FlatAdam([new ParameterGroup("body", body, 1e-2), new ParameterGroup("rest", rest, 1e-2)]);
        for (var step = 0; step < 3; step++) Step(model, data, true, saved);
        var state = new ResumeState();
        saved.Save(state);

        using var otherModel = Model();
        var all = otherModel.parameters().ToArray();
        // The same parameters in total, split one parameter later when the names agree.
        var split = secondName == "rest" ? body.Count + 1 : body.Count;
        using var other = new FlatAdam([new ParameterGroup(firstName, all[..split], 1e-2), new ParameterGroup(secondName, all[split..], 1e-2)]);
        Step(otherModel, data, true, other);
        var before = new ResumeState();
        other.Save(before);

        var error = Assert.Throws<FormatException>(() => other.Restore(state));
        Assert.Contains(expected, error.Message);
        var after = new ResumeState();
        other.Save(after);
        foreach (var (name, tensor) in before.Tensors)
            Assert.True(tensor.equal(after.Tensor(name)).all().item<bool>(), $"{name} changed");
        foreach (var s in new[] { state, before, after }) s.DisposeTensors();
    }

    [Fact]
    public void A_state_saved_before_groups_restores_into_a_single_group_named_all()
    {
        using var scope = NewDisposeScope();
        var data = new Data();
        using var model = Model();
        using var optimizer = new FlatAdam(model.parameters(), lr: 1e-2);
        for (var step = 0; step < 3; step++) Step(model, data, true, optimizer);
        var state = new ResumeState();
        optimizer.Save(state);
        var withoutGroups = ResumeState.From(state.Tensors, state.Values.Where(e => !e.Key.StartsWith("group", StringComparison.Ordinal)).ToDictionary(e => e.Key, e => e.Value));

        optimizer.Restore(withoutGroups);

        using var grouped = new FlatAdam([new ParameterGroup("body", Halves(model).Body, 1e-2), new ParameterGroup("rest", Halves(model).Others, 1e-2)]);
        var error = Assert.Throws<FormatException>(() => grouped.Restore(withoutGroups));
        Assert.Contains("all", error.Message);
        state.DisposeTensors();
    }

    private sealed class Data
    {
        public Data()
        {
            manual_seed(11);
            Inputs = randn(32, 6);
            Price = randn(32, 1);
            Churn = rand(32, 1).gt(0.5).to_type(ScalarType.Float32);
            Target = randn(32, 2);
        }

        public Tensor Inputs { get; }

        public Tensor Price { get; }

        public Tensor Churn { get; }

        public Tensor Target { get; }
    }

    private static InterpretedModel Model()
    {
        manual_seed(5);
        return new InterpretedModel(Spec);
    }

    /// <summary>A frozen linear layer trained on its own loss, separate from the model's.</summary>
    private static Linear Head()
    {
        manual_seed(7);
        var head = nn.Linear(6, 2);
        foreach (var p in head.parameters()) p.requires_grad = false;
        return head;
    }

    private static (IReadOnlyList<Parameter> Body, IReadOnlyList<Parameter> Others) Halves(InterpretedModel model)
    {
        var all = model.parameters().ToArray();
        return (all[..(all.Length / 2)], all[(all.Length / 2)..]);
    }

    private static void Step(InterpretedModel model, Data data, bool withChurn, params optim.Optimizer[] optimizers) =>
        Step(model, data, withChurn, optimizers, head: null);

    private static void Step(InterpretedModel model, Data data, bool withChurn, optim.Optimizer[] optimizers, Linear? head)
    {
        using var stepScope = NewDisposeScope();
        foreach (var optimizer in optimizers) optimizer.zero_grad();
        var outputs = model.ForwardAll(data.Inputs);
        var loss = nn.functional.mse_loss(outputs[0], data.Price);
        if (withChurn) loss = loss + nn.functional.binary_cross_entropy_with_logits(outputs[1], data.Churn);
        if (head is not null) loss = loss + nn.functional.mse_loss(head.forward(data.Inputs), data.Target);
        loss.backward();
        foreach (var optimizer in optimizers) optimizer.step();
    }

    private static Tensor[] Snapshot(nn.Module model) => model.parameters().Select(p => p.detach().clone()).ToArray();

    private static void AssertIdentical(nn.Module expected, nn.Module actual)
    {
        var pairs = expected.named_parameters().Zip(actual.named_parameters()).ToArray();
        Assert.NotEmpty(pairs);
        foreach (var ((name, e), (_, a)) in pairs)
            Assert.True(e.equal(a).all().item<bool>(), $"{name} differs by {(e - a).abs().max().item<float>()}.");
    }
}

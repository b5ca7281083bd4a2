using System;
using System.Linq;
using Composable.Data;
using Composable.Interpretation;
using Composable.Training;
using Xunit;
using static TorchSharp.torch;

namespace Composable.Tests.Generated;

/// <summary>
/// Generated and interpreted models of the same declaration, built with the same seed, hold identical parameters
/// and compute identical outputs and losses, step after step of training (dropout included).
/// </summary>
public sealed class EquivalenceTests
{
    private const int Seed = 17;
    private const int Steps = 25;

    [Theory]
    [MemberData(nameof(GeneratedCase.Cases), MemberType = typeof(GeneratedCase))]
    public void Generated_and_interpreted_models_start_with_identical_parameters(string name)
    {
        var c = GeneratedCase.Named(name);
        using var scope = NewDisposeScope();
        using var generated = c.CreateTrainer(Seed);
        using var interpreted = InterpretedTrainer.Create(c.Spec, Seed);

        AssertSameParameters(generated.Network, interpreted.Network);
    }

    [Theory]
    [MemberData(nameof(GeneratedCase.Cases), MemberType = typeof(GeneratedCase))]
    public void Generated_and_interpreted_models_give_identical_losses_and_parameters_over_training(string name)
    {
        var c = GeneratedCase.Named(name);
        using var scope = NewDisposeScope();
        using var data = SyntheticTasks.Generate(c.Spec, new SyntheticOptions(Examples: 256, Seed: 3, SharedInputs: name != nameof(Film)));
        using var generated = c.CreateTrainer(Seed);
        using var interpreted = InterpretedTrainer.Create(c.Spec, Seed);
        var sampling = c.Spec.Objective is WeightedSum w ? w.Sampling : TaskSampling.AllTasks;
        var generatedStream = new BatchStream(data, sampling, 32, Seed);
        var interpretedStream = new BatchStream(data, sampling, 32, Seed);

        for (var step = 0; step < Steps; step++)
        {
            StepResult expected, actual;
            using (NewDisposeScope())
            {
                manual_seed(1000 + step); // dropout masks come from torch's generator: give both the same draws
                actual = generated.Step(generatedStream.Next());
            }
            using (NewDisposeScope())
            {
                manual_seed(1000 + step);
                expected = interpreted.Step(interpretedStream.Next());
            }
            Assert.Equal(expected.Total, actual.Total);
            Assert.Equal(expected.TaskLosses, actual.TaskLosses);
            Assert.Equal(expected.TaskWeights, actual.TaskWeights);
            Assert.Equal(c.Spec.Objective is WeightedSum, actual.TaskWeights is null);
        }

        AssertSameParameters(generated.Network, interpreted.Network);
        generated.Network.Module.eval();
        interpreted.Model.eval();
        using var noGrad = no_grad();
        var inputs = data[0].Inputs;
        var expectedOutputs = interpreted.Model.ForwardAll(inputs);
        var actualOutputs = generated.Network.ForwardAll(inputs);
        for (var t = 0; t < c.Spec.Tasks.Count; t++)
            Assert.True(expectedOutputs[t].equal(actualOutputs[t]).all().item<bool>(), $"Outputs of task {c.Spec.Tasks[t].Name} differ.");
    }

    [Theory]
    [MemberData(nameof(GeneratedCase.ObjectiveCases), MemberType = typeof(GeneratedCase))]
    public void Generated_and_interpreted_fits_over_several_epochs_give_identical_steps_and_weights(string name)
    {
        // Fit ends epochs (DWA's weights change from the third epoch on) and runs every objective through TrainingLoop.
        var c = GeneratedCase.Named(name);
        using var scope = NewDisposeScope();
        using var data = SyntheticTasks.Generate(c.Spec, new SyntheticOptions(Examples: 96, Seed: 5));
        var options = new FitOptions(BatchSize: 32, Epochs: 4, Seed: 2);
        var generatedSteps = new System.Collections.Generic.List<StepResult>();
        var interpretedSteps = new System.Collections.Generic.List<StepResult>();
        using var generated = c.CreateTrainer(Seed);
        using var interpreted = InterpretedTrainer.Create(c.Spec, Seed);
        manual_seed(99);
        generated.Fit(data, options with { Callbacks = [FitCallbacks.OnStep((s, _) => generatedSteps.Add(s))] });
        manual_seed(99);
        interpreted.Fit(data, options with { Callbacks = [FitCallbacks.OnStep((s, _) => interpretedSteps.Add(s))] });

        Assert.Equal(12, generatedSteps.Count);
        for (var i = 0; i < generatedSteps.Count; i++)
        {
            Assert.Equal(interpretedSteps[i].TaskLosses, generatedSteps[i].TaskLosses);
            Assert.Equal(interpretedSteps[i].TaskWeights, generatedSteps[i].TaskWeights);
        }
        AssertSameParameters(generated.Network, interpreted.Network);
        if (c.Spec.Objective is DynamicWeightAverage)
        {
            Assert.All(generatedSteps.Take(6), s => Assert.All(s.TaskWeights!, w => Assert.Equal(1.0, w)));
            Assert.Contains(generatedSteps.Skip(6), s => s.TaskWeights!.Any(w => w != 1.0));
        }
    }

    [Fact]
    public void Training_changes_the_parameters_so_equality_is_not_vacuous()
    {
        using var scope = NewDisposeScope();
        using var data = SyntheticTasks.Generate(Shared.Spec, new SyntheticOptions(Examples: 128, Seed: 1));
        using var trainer = Shared.Trainer.Create(Seed);
        using var untrained = Shared.Trainer.Create(Seed);
        trainer.Fit(data, new FitOptions(BatchSize: 32, Steps: 5));

        var before = untrained.Model.parameters().ToArray();
        var after = trainer.Model.parameters().ToArray();
        Assert.Contains(Enumerable.Range(0, before.Length), i => !before[i].equal(after[i]).all().item<bool>());
    }

    private static void AssertSameParameters(IMultiTaskModule generated, IMultiTaskModule interpreted)
    {
        var expected = interpreted.Module.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        var actual = generated.Module.named_parameters().ToArray();
        Assert.Equal(expected.Keys.OrderBy(k => k), actual.Select(p => p.name).OrderBy(k => k));
        foreach (var (name, parameter) in actual)
        {
            Assert.Equal(expected[name].shape, parameter.shape);
            Assert.True(expected[name].equal(parameter).all().item<bool>(), $"Parameter {name} differs.");
        }
    }
}

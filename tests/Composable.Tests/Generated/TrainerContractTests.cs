using System;
using System.Collections.Generic;
using System.Linq;
using Composable.Data;
using Composable.Evaluation;
using Composable.Interpretation;
using Composable.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Composable.Tests.Generated;

/// <summary>
/// The multi-task trainers keep the shared trainer contract: a device that is resolved or refused clearly, ownership
/// of what they create, and one interface through which generated and interpreted trainers are driven alike.
/// </summary>
public sealed class TrainerContractTests
{
    [Fact]
    public void Create_on_the_cpu_gives_exactly_the_numbers_of_create_without_a_device()
    {
        using var data = SyntheticTasks.Generate(Shared.Spec, new SyntheticOptions(Examples: 128, Seed: 4));
        using var implicitDevice = Shared.Trainer.Create(seed: 4);
        var expected = Drive(implicitDevice, data);
        using var explicitCpu = Shared.Trainer.Create(seed: 4, CPU);
        var actual = Drive(explicitCpu, data);

        Assert.Equal(CPU.type, explicitCpu.Device.type);
        Assert.Equal(expected, actual);
        AssertSameParameters(implicitDevice.Model, explicitCpu.Model);
    }

    [Fact]
    public void A_cuda_request_on_a_cpu_build_is_an_argument_exception_that_names_cuda()
    {
        if (cuda.is_available()) return; // a CUDA build on a GPU machine takes the device instead

        // new Device(...), not torch.CUDA or device("cuda"): those initialise the backend and throw first, in TorchSharp.
        var generated = Assert.Throws<ArgumentException>(() => Shared.Trainer.Create(seed: 0, new Device(DeviceType.CUDA)));
        var interpreted = Assert.Throws<ArgumentException>(() => InterpretedTrainer.Create(Shared.Spec, seed: 0, new Device(DeviceType.CUDA)));

        Assert.Contains("CUDA", generated.Message);
        Assert.Contains("CUDA", interpreted.Message);
    }

    [Fact]
    public void Dispose_releases_the_parameters_of_the_model_the_trainer_created()
    {
        var generated = Shared.Trainer.Create(seed: 1);
        var interpreted = InterpretedTrainer.Create(Shared.Spec, seed: 1);
        var generatedParameters = generated.Model.parameters().ToArray();
        var interpretedParameters = interpreted.Model.parameters().ToArray();
        Assert.DoesNotContain(generatedParameters, p => p.IsInvalid);

        generated.Dispose();
        interpreted.Dispose();

        Assert.All(generatedParameters, p => Assert.True(p.IsInvalid));
        Assert.All(interpretedParameters, p => Assert.True(p.IsInvalid));
    }

    [Fact]
    public void A_trainer_given_a_model_leaves_the_model_to_its_caller()
    {
        manual_seed(1);
        using var model = new Shared.Model();
        var trainer = new Shared.Trainer(model);

        trainer.Dispose();

        Assert.DoesNotContain(model.parameters(), p => p.IsInvalid);
        using var noGrad = no_grad();
        Assert.Equal(4, model.ForwardAll(zeros(2, 6)).Count);
    }

    [Theory]
    [MemberData(nameof(GeneratedCase.Cases), MemberType = typeof(GeneratedCase))]
    public void Generated_and_interpreted_trainers_driven_through_the_interface_give_identical_numbers(string name)
    {
        var c = GeneratedCase.Named(name);
        using var data = SyntheticTasks.Generate(c.Spec, new SyntheticOptions(Examples: 96, Seed: 6, SharedInputs: name != nameof(Film)));
        using var generated = c.CreateTrainer(6);
        var expected = Drive(generated, data);
        using var interpreted = InterpretedTrainer.Create(c.Spec, 6);
        var actual = Drive(interpreted, data);

        Assert.Equal(expected, actual);
        Assert.Equal(generated.Steps, interpreted.Steps);
    }

    [Fact]
    public void A_batch_already_on_the_trainers_device_is_stepped_as_it_is()
    {
        using var scope = NewDisposeScope();
        var inputs = randn(4, 6);
        var batch = new MultiTaskBatch(new[] { new TaskBatch(inputs, randn(4, 1)), null, new TaskBatch(inputs, zeros(4, dtype: ScalarType.Int64)), null });

        Assert.Same(batch, batch.To(CPU));
    }

    /// <summary>
    /// A few steps, a short fit and an evaluation through the family's interface only: every loss, the evaluation's
    /// figures and the parameter count, in order.
    /// </summary>
    private static double[] Drive<TTrainer>(TTrainer trainer, MultiTaskDataset data)
        where TTrainer : ITrainer<MultiTaskBatch, MultiTaskDataset, EvaluationReport>
    {
        var numbers = new List<double>();
        var sampling = data.Spec.Objective is WeightedSum weighted ? weighted.Sampling : TaskSampling.AllTasks;
        var stream = new BatchStream(data, sampling, 16, seed: 6);
        for (var step = 0; step < 3; step++)
        {
            using var scope = NewDisposeScope();
            var result = trainer.Step(stream.Next());
            numbers.Add(result.Step);
            numbers.Add(result.Total);
            numbers.AddRange(result.TaskLosses);
        }
        var fit = trainer.Fit(data, new FitOptions(BatchSize: 32, Steps: 4, Seed: 6), validation: data);
        numbers.AddRange(fit.History.Select(epoch => epoch.MeanLoss));
        numbers.AddRange(fit.History.SelectMany(epoch => epoch.Validation!.Figures.Select(figure => figure.Value)));
        numbers.AddRange(trainer.Evaluate(data).Figures.Select(figure => figure.Value));
        numbers.Add(trainer.Steps);
        numbers.Add(trainer.Module.parameters().Sum(p => p.numel()));
        return numbers.ToArray();
    }

    private static void AssertSameParameters(nn.Module expected, nn.Module actual)
    {
        var expectedParameters = expected.named_parameters().ToArray();
        var actualParameters = actual.named_parameters().ToArray();
        Assert.Equal(expectedParameters.Select(p => p.name), actualParameters.Select(p => p.name));
        for (var i = 0; i < expectedParameters.Length; i++)
            Assert.True(expectedParameters[i].parameter.equal(actualParameters[i].parameter).all().item<bool>(), $"Parameter {expectedParameters[i].name} differs.");
    }
}

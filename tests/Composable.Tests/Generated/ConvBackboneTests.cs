using System.Linq;
using Composable.Data;
using Composable.Data.Glyphs;
using Composable.Interpretation;
using Composable.Tests.Reporting;
using Composable.Training;
using Xunit;
using static TorchSharp.torch;

namespace Composable.Tests.Generated;

/// <summary>
/// Multi-task declarations with a convolutional backbone: the topologies <see cref="GeneratedCase.All"/> leaves out
/// list the parameters their built models hold and train alike generated and interpreted; the run time rejects a
/// backbone whose image is not the input with the generator's message; a small hard-sharing model learns MultiKanji.
/// </summary>
/// <remarks>
/// Few steps here: conv steps are slow. Training beside a thread that collects garbage is
/// <see cref="TrainingUnderCollectionTests"/>'s (it found the temporary scalars TorchSharp made inside <c>a + b</c>).
/// </remarks>
public sealed class ConvBackboneTests
{
    private const int Seed = 17;

    public static TheoryData<string> Topologies() => new(GeneratedCase.ConvTopologies.Select(c => c.Name));

    private static GeneratedCase Named(string name) => GeneratedCase.ConvTopologies.Single(c => c.Name == name);

    [Theory]
    [MemberData(nameof(Topologies))]
    public void Graph_lists_the_parameters_of_the_built_generated_and_interpreted_models(string name)
    {
        var c = Named(name);
        using var scope = NewDisposeScope();
        using var interpreted = new InterpretedModel(c.Spec);

        GraphListing.AssertDescribes(c.Graph, c.CreateModel().Module);
        GraphListing.AssertDescribes(c.Graph, interpreted);
    }

    [Theory]
    [MemberData(nameof(Topologies))]
    public void Generated_and_interpreted_models_train_alike(string name)
    {
        var c = Named(name);
        using var scope = NewDisposeScope();
        using var data = SyntheticTasks.Generate(c.Spec, new SyntheticOptions(Examples: 64, Seed: 3));
        using var generated = c.CreateTrainer(Seed);
        using var interpreted = InterpretedTrainer.Create(c.Spec, Seed);
        var generatedStream = new BatchStream(data, TaskSampling.AllTasks, 16, Seed);
        var interpretedStream = new BatchStream(data, TaskSampling.AllTasks, 16, Seed);

        for (var step = 0; step < 4; step++)
        {
            StepResult expected, actual;
            using (NewDisposeScope()) actual = generated.Step(generatedStream.Next());
            using (NewDisposeScope()) expected = interpreted.Step(interpretedStream.Next());
            Assert.Equal(expected.TaskLosses, actual.TaskLosses);
        }
        var expectedParameters = interpreted.Network.Module.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (parameterName, parameter) in generated.Network.Module.named_parameters())
            Assert.True(expectedParameters[parameterName].equal(parameter).all().item<bool>(), $"Parameter {parameterName} differs.");
    }

    /// <summary>
    /// Cross-stitched conv columns are whole networks coupled only by the units: with every unit the identity, another
    /// task's backbone does not reach Price's output; a unit after block 1 alone makes it reach, generated as interpreted.
    /// </summary>
    [Fact]
    public void Cross_stitched_conv_columns_are_coupled_by_the_units_after_their_blocks()
    {
        using var scope = NewDisposeScope();
        using var trainer = ConvStitched.Trainer.Create(Seed);
        IMultiTaskTrainer generated = trainer;
        var module = generated.Network.Module;
        var parameters = module.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        Assert.Equal(["cross_stitch_block_0", "cross_stitch_block_1", "cross_stitch_0", "cross_stitch_1"],
            parameters.Keys.Where(n => n.StartsWith("cross_stitch", System.StringComparison.Ordinal)).Select(n => n[..n.LastIndexOf('.')]));
        Assert.Contains("churn_backbone.block_1.conv.weight", parameters.Keys);
        Assert.Contains("one per task (price_backbone, churn_backbone), stitched after block_0, block_1", ConvStitched.Graph);
        var input = rand(new long[] { 5, 64 }, generator: new TorchSharp.torch.Generator(7));
        module.eval();

        Tensor PriceAfterChangingChurnsBackbone()
        {
            using var noGrad = no_grad();
            var before = generated.Network.ForwardAll(input)[0].clone();
            parameters["churn_backbone.block_0.conv.weight"].add_(0.5);
            var after = generated.Network.ForwardAll(input)[0];
            return (after - before).abs().max();
        }

        using (no_grad())
            foreach (var unit in parameters.Where(p => p.Key.StartsWith("cross_stitch", System.StringComparison.Ordinal)))
                unit.Value.copy_(eye(2));
        Assert.Equal(0f, PriceAfterChangingChurnsBackbone().item<float>());

        using (no_grad())
            parameters["cross_stitch_block_1.weight"].copy_(tensor(new float[] { 0.9f, 0.1f, 0.1f, 0.9f }).reshape(2, 2));
        Assert.True(PriceAfterChangingChurnsBackbone().item<float>() > 1e-4);
    }

    [Fact]
    public void The_run_time_rejects_an_input_that_is_not_the_backbone_image_with_the_generator_message()
    {
        var spec = ConvShared.Spec with { Input = new Image(1, 8, 7) };

        var error = Assert.Throws<InvalidDeclarationException>(() => new InterpretedModel(spec));

        var only = Assert.Single(error.Errors);
        Assert.Equal(DeclarationErrorIds.ImageDoesNotFitInput, only.Id);
        Assert.Equal("Backbone.Input", only.Path);
        Assert.Equal("The backbone reads 1×8×8 images but Input is 1×8×7; declare the data's image on both (Input and Backbone.Input).", only.Message);
        Assert.Contains("Backbone.Input", error.Message);
    }

    [Fact]
    public void The_run_time_rejects_an_mlp_backbone()
    {
        var spec = ConvShared.Spec with { Backbone = new MlpBackbone(new Features(64), [16]) };

        var error = Assert.Throws<InvalidDeclarationException>(() => new InterpretedModel(spec));

        Assert.Equal(DeclarationErrorIds.BackboneNotSupported, Assert.Single(error.Errors).Id);
    }

    [Fact]
    public void A_conv_hard_sharing_model_fits_multi_kanji_and_its_loss_falls()
    {
        var options = new MultiKanjiOptions(Characters: 10, TrainSize: 256, TestSize: 32, TrainVariants: 5, TestVariants: 2, Seed: 4);
        using var scope = NewDisposeScope();
        var (train, test) = MultiKanji.Generate(KanjiConv.Spec, options);
        using var _ = train;
        using var __ = test;
        using var trainer = KanjiConv.Trainer.Create(seed: 5);
        var stream = new BatchStream(train, TaskSampling.AllTasks, 32, 5);

        var losses = new double[40];
        for (var step = 0; step < losses.Length; step++)
            using (NewDisposeScope()) losses[step] = trainer.Step(stream.Next()).Total;

        var first = losses.Take(5).Average();
        var last = losses.Skip(losses.Length - 5).Average();
        Assert.True(last < 0.8 * first, $"The loss fell from {first:F3} (first 5 steps) to only {last:F3} (last 5): {string.Join(", ", losses.Select(l => l.ToString("F3")))}");
    }
}

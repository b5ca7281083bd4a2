using System;
using System.IO;
using System.Linq;
using Composable.Checkpoints;
using Composable.Data;
using Composable.Interpretation;
using Composable.Training;
using Composable.Transfer;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Composable.Tests.Transfer;

public sealed class FineTuningTests : IDisposable
{
    private const int Seed = 7;
    private readonly string _folder = Directory.CreateTempSubdirectory("composable-transfer-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A pretrained source for the tiny conv declarations: a network of the source's tasks with its own seed, saved as safetensors.</summary>
    private string ConvSource(int seed = 11, BackboneSource? source = null)
    {
        source ??= TinyConvProbe.Source;
        var plan = FineTuningPlan.For(new FineTuningSpec(source, source.Tasks));
        manual_seed(seed);
        using var network = new BackboneNetwork(plan);
        using (no_grad())
            foreach (var (name, buffer) in network.named_buffers().Where(b => b.name.EndsWith("running_mean", StringComparison.Ordinal)))
                buffer.fill_(0.25);
        var path = Path.Combine(_folder, $"source-{seed}-{source.GetHashCode():x}.safetensors");
        ModuleCheckpoint.Save(network, path);
        return path;
    }

    private static MultiTaskDataset Data(MultiTaskSpec target, int examples = 48) =>
        SyntheticTasks.Generate(target, new SyntheticOptions(Examples: examples, Seed: 3));

    private static FitOptions ThreeEpochs => new(BatchSize: 16, Epochs: 3, Seed: 2);

    private static void AssertSameParameters(nn.Module expected, nn.Module actual)
    {
        var left = StateDict.Of(expected);
        var right = StateDict.Of(actual);
        Assert.Equal(left.Keys.Order(), right.Keys.Order());
        foreach (var (name, tensor) in left)
            Assert.True(tensor.equal(right[name]).all().item<bool>(), $"'{name}' differs.");
    }

    private static (string Name, Tensor Value)[] Snapshot(nn.Module module) =>
        StateDict.Of(module).Select(p => (p.Key, p.Value.detach().clone())).ToArray();

    private static void AssertUnchanged((string Name, Tensor Value)[] before, nn.Module module)
    {
        var now = StateDict.Of(module);
        foreach (var (name, value) in before)
            Assert.True(value.equal(now[name]).all().item<bool>(), $"'{name}' changed.");
    }

    [Fact]
    public void Plan_gives_each_block_its_discriminative_rate_and_thaw_epoch_top_first()
    {
        var plan = FineTuningPlan.For(TinyConvGradual.Spec);

        Assert.Equal(new[] { "block_0", "block_1", "head" }, plan.Groups.Select(b => b.Name));
        Assert.Equal(new[] { 1e-2 / 4, 1e-2 / 2, 1e-2 }, plan.Groups.Select(b => b.LearningRate));
        Assert.Equal(new int?[] { 2, 1, 0 }, plan.Groups.Select(b => b.ThawEpoch));
        Assert.Equal(new[] { "backbone.block_0.conv", "backbone.block_0.norm" }, plan.Blocks[0].Layers.Select(l => l.Name));
        Assert.Equal(64, plan.InputWidth);
        Assert.Equal(4 * 2 * 2, plan.EmbeddingWidth);
    }

    [Fact]
    public void Explicit_rates_and_frozen_blocks_are_planned_as_declared()
    {
        var trunk = FineTuningPlan.For(FourthRelated.Spec);
        Assert.Equal(new[] { ("trunk_0", 1e-3), ("trunk_1", 1e-2), ("head", 2e-2) }, trunk.Groups.Select(b => (b.Name, b.LearningRate)));
        Assert.Equal(new[] { "trunk_0", "trunk_1" }, trunk.Blocks.Select(b => b.Name));
        Assert.Contains(trunk.Heads.Layers, l => l.Name == "d_tower_0");

        var probe = FineTuningPlan.For(TinyConvProbe.Spec);
        Assert.All(probe.Blocks, b => Assert.Null(b.ThawEpoch));
        Assert.Equal(0, probe.Heads.ThawEpoch);
    }

    public static TheoryData<string> Declarations => new() { nameof(TinyConvProbe), nameof(TinyConvGradual), nameof(TinyConvKeep), nameof(FourthRelated) };

    [Theory]
    [MemberData(nameof(Declarations))]
    public void Generated_and_interpreted_trainers_fine_tune_identically(string name)
    {
        var (spec, create) = name switch
        {
            nameof(TinyConvProbe) => (TinyConvProbe.Spec, (Func<IMultiTaskTrainer>)(() => TinyConvProbe.Trainer.Create(Seed))),
            nameof(TinyConvGradual) => (TinyConvGradual.Spec, () => TinyConvGradual.Trainer.Create(Seed)),
            nameof(TinyConvKeep) => (TinyConvKeep.Spec, () => TinyConvKeep.Trainer.Create(Seed)),
            _ => (FourthRelated.Spec, (Func<IMultiTaskTrainer>)(() => FourthRelated.Trainer.Create(Seed))),
        };
        using var source = ThreeRelated.Trainer.Create(3);
        string? path = spec.Source is BackboneSource ? ConvSource() : null;
        using var generated = create();
        using var interpreted = FineTuningTrainer.Create(spec, Seed);
        switch (generated)
        {
            case TinyConvProbe.Trainer t: t.LoadSource(path!); break;
            case TinyConvGradual.Trainer t: t.LoadSource(path!); break;
            case TinyConvKeep.Trainer t: t.LoadSource(path!); break;
            case FourthRelated.Trainer t: t.LoadSource(source.Model); break;
        }
        if (path is not null) interpreted.LoadSource(path);
        else interpreted.LoadSource(source.Model);
        AssertSameParameters(interpreted.Network.Module, generated.Module);

        using var data = Data(FineTuningPlan.TargetOf(spec));
        var left = generated.Fit(data, ThreeEpochs);
        var right = interpreted.Fit(data, ThreeEpochs);

        Assert.Equal(left.History.Select(e => e.MeanLoss), right.History.Select(e => e.MeanLoss));
        Assert.All(left.History, e => Assert.True(double.IsFinite(e.MeanLoss)));
        AssertSameParameters(interpreted.Network.Module, generated.Module);
        Assert.Equal(interpreted.Declaration, ((IResumableTrainer)generated).Declaration);
    }

    [Theory]
    [MemberData(nameof(Declarations))]
    public void Graph_lists_the_parameters_of_the_built_generated_and_interpreted_networks(string name)
    {
        var (graph, spec, model) = name switch
        {
            nameof(TinyConvProbe) => (TinyConvProbe.Graph, TinyConvProbe.Spec, (nn.Module)new TinyConvProbe.Model()),
            nameof(TinyConvGradual) => (TinyConvGradual.Graph, TinyConvGradual.Spec, new TinyConvGradual.Model()),
            nameof(TinyConvKeep) => (TinyConvKeep.Graph, TinyConvKeep.Spec, new TinyConvKeep.Model()),
            _ => (FourthRelated.Graph, FourthRelated.Spec, new FourthRelated.Model()),
        };
        using (model)
        using (var interpreted = FineTuningTrainer.Create(spec, Seed))
        {
            Composable.Tests.Reporting.GraphListing.AssertDescribes(graph, model);
            Composable.Tests.Reporting.GraphListing.AssertDescribes(graph, interpreted.Network.Module);
        }
    }

    [Fact]
    public void A_linear_probe_trains_only_the_head_and_keeps_frozen_features_fixed()
    {
        var path = ConvSource();
        using var trainer = TinyConvProbe.Trainer.Create(Seed);
        trainer.LoadSource(path);
        var blocks = Snapshot(trainer.Model).Where(p => p.Name.StartsWith("backbone.", StringComparison.Ordinal)).ToArray();
        var head = trainer.Model.named_parameters().Single(p => p.name == "glyph_head.weight").parameter.detach().clone();
        using var data = Data(TinyConvProbe.Target);

        trainer.Fit(data, ThreeEpochs);

        AssertUnchanged(blocks, trainer.Model);
        Assert.False(head.equal(trainer.Model.named_parameters().Single(p => p.name == "glyph_head.weight").parameter).all().item<bool>());
        Assert.All(trainer.Model.named_parameters().Where(p => p.name.StartsWith("backbone.", StringComparison.Ordinal)), p => Assert.False(p.parameter.requires_grad));
        var optimised = ((IResumableTrainer)trainer).Optimizer.parameters().Select(p => p.Handle).ToHashSet();
        Assert.Equal(2, optimised.Count);
        Assert.Equal(new[] { "head" }, trainer.Blocks.Training);
    }

    [Fact]
    public void Gradual_unfreezing_thaws_the_top_block_first_one_per_epoch()
    {
        using var trainer = FineTuningTrainer.Create(TinyConvGradual.Spec, Seed);
        trainer.LoadSource(ConvSource());
        using var data = Data(trainer.Plan.Target);
        var bottom = Snapshot(trainer.Network.Module).Where(p => p.Name.StartsWith("backbone.block_0.", StringComparison.Ordinal)).ToArray();
        var top = Snapshot(trainer.Network.Module).Where(p => p.Name.StartsWith("backbone.block_1.conv", StringComparison.Ordinal)).ToArray();
        Assert.Equal(new[] { "head" }, trainer.Blocks.Training);

        trainer.Fit(data, new FitOptions(BatchSize: 16, Epochs: 1, Seed: 2));
        Assert.Equal(new[] { "block_1", "head" }, trainer.Blocks.Training);
        AssertUnchanged(top, trainer.Network.Module);

        trainer.Fit(data, new FitOptions(BatchSize: 16, Epochs: 1, Seed: 3));
        Assert.Equal(new[] { "block_0", "block_1", "head" }, trainer.Blocks.Training);
        AssertUnchanged(bottom, trainer.Network.Module);
        Assert.Throws<Xunit.Sdk.TrueException>(() => AssertUnchanged(top, trainer.Network.Module));

        trainer.Fit(data, new FitOptions(BatchSize: 16, Epochs: 1, Seed: 4));
        Assert.Throws<Xunit.Sdk.TrueException>(() => AssertUnchanged(bottom, trainer.Network.Module));
        Assert.Equal(3, trainer.Blocks.Epoch);
    }

    [Fact]
    public void Every_group_trains_at_its_base_rate_times_the_schedule_factor()
    {
        using var trainer = TinyConvGradual.Trainer.Create(Seed);
        using var data = Data(TinyConvGradual.Target);

        var batch = new MultiTaskBatch(new[] { new TaskBatch(data[0].Inputs, data[0].Targets) });

        trainer.Step(batch);
        Assert.Equal(1e-2 / 3, trainer.Blocks.Optimizer.ParamGroups.Single().LearningRate, 15);
        trainer.Step(batch);
        trainer.Step(batch);
        trainer.EndEpoch();                                                // block_1 thaws
        trainer.Step(batch);
        trainer.Step(batch);
        trainer.Step(batch);                                               // step 5 (0-based)
        var factor = 0.1 + 0.9 * 0.5 * (1 + Math.Cos(Math.PI * (5 - 3) / 9.0));
        var rates = trainer.Blocks.Optimizer.ParamGroups.Select(g => g.LearningRate).ToArray();
        Assert.Equal(new[] { "block_1", "head" }, trainer.Blocks.Training);
        Assert.Equal(1e-2 * factor, rates[0], 15);
        Assert.Equal(1e-2 / 2 * factor, rates[1], 15);
        Assert.Equal(factor, trainer.Blocks.Factor(5), 15);
    }

    [Fact]
    public void A_kept_head_starts_from_the_source_head()
    {
        var path = ConvSource();
        using var trainer = TinyConvKeep.Trainer.Create(Seed);
        trainer.LoadSource(path);
        using var file = ModuleCheckpoint.Read(path);

        Assert.True(file.Tensors["glyph_head.weight"].equal(StateDict.Of(trainer.Model)["glyph_head.weight"]).all().item<bool>());
        Assert.True(file.Tensors["backbone.block_1.norm.running_mean"].equal(StateDict.Of(trainer.Model)["backbone.block_1.norm.running_mean"]).all().item<bool>());
    }

    [Fact]
    public void A_re_initialised_head_ignores_the_source_head()
    {
        var path = ConvSource();
        using var trainer = TinyConvProbe.Trainer.Create(Seed);
        var head = StateDict.Of(trainer.Model)["glyph_head.weight"].clone();
        trainer.LoadSource(path);

        Assert.True(head.equal(StateDict.Of(trainer.Model)["glyph_head.weight"]).all().item<bool>());
        Assert.Equal(StateDict.Of(trainer.Model).Keys.Where(k => k.StartsWith("backbone.", StringComparison.Ordinal)).Order(),
            SourceWeights.Names(TinyConvProbe.Trainer.Plan, trainer.Model).Order());
    }

    [Fact]
    public void A_source_of_another_shape_names_every_mismatch_and_changes_nothing()
    {
        var wide = new BackboneSource(new ConvBackbone(new Image(1, 8, 8), Blocks: 2, Channels: 5), TinyConvProbe.Source.Tasks);
        var path = ConvSource(source: wide);
        var bytes = File.ReadAllBytes(path);
        using var trainer = TinyConvProbe.Trainer.Create(Seed);
        var before = Snapshot(trainer.Model);

        var error = Assert.Throws<StateDictMismatchException>(() => trainer.LoadSource(path));

        Assert.Contains("mismatched 'backbone.block_0.conv.weight': expected Float32[4, 1, 3, 3], found Float32[5, 1, 3, 3]", error.Message);
        Assert.Contains("backbone.block_1.norm.running_var", error.Message);
        Assert.Contains(path, error.Message);
        AssertUnchanged(before, trainer.Model);
        Assert.Equal(bytes, File.ReadAllBytes(path));
    }

    [Fact]
    public void A_source_without_the_blocks_names_what_is_missing()
    {
        using var other = ThreeRelated.Trainer.Create(1);
        using var trainer = TinyConvProbe.Trainer.Create(Seed);
        var before = Snapshot(trainer.Model);

        var error = Assert.Throws<StateDictMismatchException>(() => trainer.LoadSource(other.Model));

        Assert.Contains("missing 'backbone.block_0.conv.weight'", error.Message);
        AssertUnchanged(before, trainer.Model);
    }

    [Fact]
    public void A_truncated_source_file_is_an_error_and_changes_nothing()
    {
        var path = ConvSource();
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        using var trainer = TinyConvProbe.Trainer.Create(Seed);
        var before = Snapshot(trainer.Model);

        Assert.Throws<CheckpointFormatException>(() => trainer.LoadSource(path));

        AssertUnchanged(before, trainer.Model);
    }

    [Fact]
    public void Target_labels_that_do_not_fit_the_re_initialised_head_are_refused_naming_task_row_and_label()
    {
        using var trainer = TinyConvProbe.Trainer.Create(Seed);
        trainer.LoadSource(ConvSource());
        var before = Snapshot(trainer.Model);
        using var inputs = rand(4, 64);
        using var labels = tensor(new long[] { 0, 2, 5, 1 });

        var error = Assert.ThrowsAny<ArgumentException>(() =>
            MultiTaskDataset.FromShared(TinyConvProbe.Target, inputs, new System.Collections.Generic.Dictionary<string, Tensor> { ["Glyph"] = labels }));
        Assert.Contains("'Glyph'", error.Message);
        Assert.Contains("label 5 at row 2", error.Message);
        Assert.Contains("[0, 3)", error.Message);

        var step = Assert.ThrowsAny<Exception>(() => trainer.Step(new MultiTaskBatch(new[] { new TaskBatch(inputs, labels) })));
        Assert.Contains("Glyph", step.Message);
        AssertUnchanged(before, trainer.Model);
        Assert.Equal(0, trainer.Steps);
    }

    [Fact]
    public void A_trainer_checkpoint_of_another_declaration_is_refused()
    {
        using var probe = TinyConvProbe.Trainer.Create(Seed);
        using var data = Data(TinyConvProbe.Target);
        probe.Fit(data, new FitOptions(BatchSize: 16, Steps: 2));
        var path = Path.Combine(_folder, "probe.ckpt.safetensors");
        TrainerCheckpoint.Save(probe, path);
        using var keep = TinyConvKeep.Trainer.Create(Seed);
        var before = Snapshot(keep.Model);

        var error = Assert.ThrowsAny<Exception>(() => TrainerCheckpoint.Load(keep, path));

        Assert.Contains("the declaration differs at Classes: the trainer has 6, the checkpoint 3.", error.Message);
        Assert.Contains("the declaration differs at Head: the trainer has Keep, the checkpoint Reinitialise.", error.Message);
        Assert.DoesNotContain("Nesterov", error.Message);
        AssertUnchanged(before, keep.Model);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(7)]
    public void A_fit_resumed_mid_unfreezing_takes_exactly_the_steps_of_the_uninterrupted_fit(long resumeAtStep)
    {
        var source = ConvSource();
        using var data = Data(TinyConvGradual.Target);
        using var straight = TinyConvGradual.Trainer.Create(Seed);
        straight.LoadSource(source);
        var full = straight.Fit(data, ThreeEpochs);

        var folder = Path.Combine(_folder, "run");
        using (var interrupted = TinyConvGradual.Trainer.Create(Seed))
        {
            interrupted.LoadSource(source);
            interrupted.Fit(data, ThreeEpochs with { Steps = resumeAtStep, Checkpoints = new CheckpointOptions(folder, EverySteps: 1, KeepLast: 20) });
        }
        using var resumed = TinyConvGradual.Trainer.Create(Seed + 1);
        var rest = resumed.Fit(data, ThreeEpochs with { ResumeFrom = CheckpointFolder.StepPath(folder, resumeAtStep - 1) });

        Assert.Equal(full.History[^1].MeanLoss, rest.History[^1].MeanLoss);
        Assert.Equal(new[] { "block_0", "block_1", "head" }, resumed.Blocks.Training);
        Assert.Equal(3, resumed.Blocks.Epoch);
        AssertSameParameters(straight.Model, resumed.Model);
    }

    [Fact]
    public void A_checkpoint_from_before_blocks_thawed_is_refused_by_a_trainer_that_thawed_them()
    {
        using var data = Data(TinyConvGradual.Target);
        using var early = TinyConvGradual.Trainer.Create(Seed);
        early.Fit(data, new FitOptions(BatchSize: 16, Steps: 1));
        var path = Path.Combine(_folder, "early.ckpt.safetensors");
        TrainerCheckpoint.Save(early, path);
        using var later = TinyConvGradual.Trainer.Create(Seed);
        later.Fit(data, ThreeEpochs);
        var before = Snapshot(later.Model);

        var error = Assert.Throws<CheckpointMismatchException>(() => TrainerCheckpoint.Load(later, path));

        Assert.Contains("cannot be frozen again", error.Message);
        AssertUnchanged(before, later.Model);
    }

    [Fact]
    public void Invalid_declarations_are_refused_at_run_time_with_every_error()
    {
        var spec = TinyConvProbe.Spec with { Frozen = ["block_9"], Rates = new DiscriminativeRates(0) };

        var error = Assert.Throws<InvalidDeclarationException>(() => FineTuningTrainer.Create(spec, Seed));

        Assert.Equal(new[] { "CMP0081", "CMP0083" }, error.Errors.Select(e => e.Id));
    }
}

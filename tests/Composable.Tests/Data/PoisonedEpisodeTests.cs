using System;
using System.Collections.Generic;
using System.Linq;
using Composable.Data.Episodes;
using Composable.Meta;
using Composable.Tests.Checkpoints;
using Composable.Tests.FewShot;
using Composable.Tests.Meta;
using Composable.Training;
using Xunit;
using static TorchSharp.torch;

namespace Composable.Tests.Data;

/// <summary>
/// Poisoned episodes for the meta-learner (MAML family) and few-shot (prototypical) families, generated and
/// interpreted: NaN or infinite inputs and targets, labels out of range, wrong dtypes and widths, empty sets, a
/// ragged meta-batch, a class without support examples. Each is refused by the step that receives the episodes (or by
/// the class-indexed family made from poisoned tensors) with an error naming the episode, the set, the row and the
/// value, and the trainer's weights and checkpoints on disk unchanged.
/// </summary>
public sealed class PoisonedEpisodeTests
{
    /// <summary>How one poison changes episode <c>1</c> of a clean meta-batch of three, and what the error must say.</summary>
    public sealed record Poison(Func<Episode, Episode> Apply, string[] Says);

    private static Tensor Set(Tensor tensor, float value, params long[] at)
    {
        var copy = tensor.clone();
        copy[at.Select(i => TensorIndex.Single(i)).ToArray()] = TorchSharp.torch.tensor(value);
        return copy;
    }

    private static Tensor Label(Tensor labels, long row, long label)
    {
        var copy = labels.clone();
        copy[row] = tensor(label);
        return copy;
    }

    /// <summary>Poisons of a sinusoid episode: 5 support and 5 query points, 1 input, 1 output.</summary>
    private static readonly IReadOnlyDictionary<string, Poison> Regression = new Dictionary<string, Poison>
    {
        ["nan-support-inputs"] = new(e => e with { SupportInputs = Set(e.SupportInputs, float.NaN, 2, 0) },
            ["Episode 1 of the meta-batch, support set: inputs contain NaN at row 2."]),
        ["infinite-query-targets"] = new(e => e with { QueryTargets = Set(e.QueryTargets, float.PositiveInfinity, 3, 0) },
            ["Episode 1 of the meta-batch, query set: targets contain infinity at row 3."]),
        ["wrong-dtype"] = new(e => e with { QueryTargets = e.QueryTargets.to_type(ScalarType.Float64) },
            ["Episode 1 of the meta-batch, query set: targets have dtype float64, expected float32"]),
        ["wrong-width"] = new(e => e with { SupportInputs = e.SupportInputs.repeat(1, 2) },
            ["Episode 1 of the meta-batch, support set: inputs have shape [5, 2], expected [5, 1]"]),
        ["empty-support"] = new(e => e with { SupportInputs = e.SupportInputs[..0], SupportTargets = e.SupportTargets[..0] },
            ["Episode 1 of the meta-batch, support set: inputs have no rows"]),
        ["ragged-set"] = new(e => e with { QueryTargets = e.QueryTargets[..4] },
            ["Episode 1 of the meta-batch, query set: inputs have 5 rows but targets have 4"]),
        ["ragged-meta-batch"] = new(e => e with { SupportInputs = e.SupportInputs[..3], SupportTargets = e.SupportTargets[..3] },
            ["Episode 1 of the meta-batch has 3 support and 5 query rows but episode 0 has 5 support and 5 query rows"]),
    };

    /// <summary>Poisons of a 3-way 2-shot 2-query episode of 8 features, for a classifying meta-learner.</summary>
    private static readonly IReadOnlyDictionary<string, Poison> MetaClassification = new Dictionary<string, Poison>
    {
        ["label-out-of-range"] = new(e => e with { QueryTargets = Label(e.QueryTargets, 4, 3) },
            ["Episode 1 of the meta-batch (classes ", "query set: label 3 at row 4 is outside [0, 3)."]),
        ["negative-label"] = new(e => e with { SupportTargets = Label(e.SupportTargets, 1, -1) },
            ["support set: label -1 at row 1 is outside [0, 3)."]),
        ["float-labels"] = new(e => e with { SupportTargets = e.SupportTargets.to_type(ScalarType.Float32) },
            ["support set: targets have dtype float32, expected int64"]),
        ["infinite-query-inputs"] = new(e => e with { QueryInputs = Set(e.QueryInputs, float.NegativeInfinity, 5, 7) },
            ["query set: inputs contain infinity at row 5."]),
    };

    /// <summary>Poisons of a 3-way 2-shot 3-query episode of 32 features, for a few-shot classifier.</summary>
    private static readonly IReadOnlyDictionary<string, Poison> FewShot = new Dictionary<string, Poison>
    {
        ["nan-query-inputs"] = new(e => e with { QueryInputs = Set(e.QueryInputs, float.NaN, 4, 31) },
            ["Episode 1 of the meta-batch (classes ", "query set: inputs contain NaN at row 4."]),
        ["infinite-support-inputs"] = new(e => e with { SupportInputs = Set(e.SupportInputs, float.PositiveInfinity, 0, 0) },
            ["support set: inputs contain infinity at row 0."]),
        ["label-out-of-range"] = new(e => e with { SupportTargets = Label(e.SupportTargets, 5, 9) },
            ["support set: label 9 at row 5 is outside [0, 3)."]),
        ["class-without-support"] = new(e => e with { SupportTargets = e.SupportTargets.clamp(0, 1) },
            ["support set: label 2 has no example; every one of the 3 ways needs a support example."]),
        ["wrong-dtype"] = new(e => e with { QueryTargets = e.QueryTargets.to_type(ScalarType.Int32) },
            ["query set: targets have dtype int32, expected int64"]),
        ["empty-query"] = new(e => e with { QueryInputs = e.QueryInputs[..0], QueryTargets = e.QueryTargets[..0] },
            ["query set: inputs have no rows"]),
        ["not-a-classification-episode"] = new(e => e with { Task = new SinusoidTask(1, 0) },
            ["Episode 1 of the meta-batch is a SinusoidTask task; a few-shot classifier needs classification episodes"]),
    };

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var trainer in new[] { "maml", "interpreted-maml" })
            foreach (var poison in Regression.Keys) data.Add(trainer, poison);
        foreach (var trainer in new[] { "metasgd-classification", "interpreted-metasgd-classification" })
            foreach (var poison in MetaClassification.Keys) data.Add(trainer, poison);
        foreach (var trainer in new[] { "prototypes", "interpreted-prototypes" })
            foreach (var poison in FewShot.Keys) data.Add(trainer, poison);
        return data;
    }

    internal static EpisodicTrainerContractTests.Case Named(string name) => name == "interpreted-metasgd-classification"
        ? new((seed, device) => MetaTrainer.Create(ClassifyingMetaSgd.Spec, seed, device), EpisodicTrainerContractTests.Named("metasgd-classification").Family)
        : EpisodicTrainerContractTests.Named(name);

    private static Poison PoisonOf(string trainer, string poison) =>
        trainer.Contains("maml", StringComparison.Ordinal) ? Regression[poison]
        : trainer.Contains("metasgd", StringComparison.Ordinal) ? MetaClassification[poison]
        : FewShot[poison];

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_poisoned_episode_is_refused_before_the_step_naming_episode_set_row_and_value(string trainerName, string poisonName)
    {
        using var folder = new CheckpointFolder();
        var sample = Named(trainerName);
        using var trainer = sample.Create(5, null);
        trainer.Fit(new EpisodeSource(sample.Family, MetaSplit.Train, Episodes: 4),
            new FitOptions(BatchSize: 2, Steps: 2) { Checkpoints = new CheckpointOptions(folder.Path, EverySteps: 1, KeepLast: 5) });
        Assert.NotEmpty(NothingLost.Files(folder.Path));
        var poison = PoisonOf(trainerName, poisonName);
        var episodes = sample.Family.SampleBatch(MetaSplit.Train, 0, 3, seed: 1);
        var batch = new List<Episode>(episodes) { [1] = poison.Apply(episodes[1]) };
        using var before = NothingLost.Of(trainer, folder.Path);

        var error = Assert.Throws<ArgumentException>(() => trainer.Step(batch));

        Assert.All(poison.Says, says => Assert.Contains(says, error.Message));
        Assert.Equal(2, trainer.Steps);
        before.AssertUnchanged(trainer);
    }

    /// <summary>A family whose episode <see cref="Poisoned"/> of the training split has a NaN support input.</summary>
    private sealed class PoisonedFamily(ITaskFamily family, long poisoned) : ITaskFamily
    {
        public long Poisoned => poisoned;

        public Composable.Episodes Shape => family.Shape;

        public int InputWidth => family.InputWidth;

        public Episode Sample(MetaSplit split, long index, int seed = 0)
        {
            var episode = family.Sample(split, index, seed);
            return index == poisoned ? episode with { SupportInputs = Set(episode.SupportInputs, float.NaN, 1, 0) } : episode;
        }
    }

    [Theory]
    [InlineData("maml")]
    [InlineData("interpreted-maml")]
    [InlineData("prototypes")]
    [InlineData("interpreted-prototypes")]
    public void A_fit_that_meets_a_poisoned_episode_stops_there_with_its_checkpoints_and_weights_intact(string trainerName)
    {
        using var folder = new CheckpointFolder();
        var sample = Named(trainerName);
        using var trainer = sample.Create(5, null);
        var family = new PoisonedFamily(sample.Family, poisoned: 5);
        var options = new FitOptions(BatchSize: 1, Steps: 8, Seed: 0) { Checkpoints = new CheckpointOptions(folder.Path, EverySteps: 1, KeepLast: 10) };
        // One episode per step, in an order drawn from the seed: the step that meets episode 5 is the order's position of 5, plus 1.
        NothingLost? before = null;
        var watching = new WatchingFamily(family, index =>
        {
            if (index == family.Poisoned) before = NothingLost.Of(trainer, folder.Path);
        });

        var error = Assert.Throws<ArgumentException>(() => trainer.Fit(new EpisodeSource(watching, MetaSplit.Train, Episodes: 8), options));

        Assert.Contains("support set: inputs contain NaN at row 1.", error.Message);
        Assert.StartsWith($"Step {trainer.Steps + 1} of the fit, on episodes 5 of the Train split (episodes 0 to 0 of its meta-batch): ", error.Message);
        Assert.NotNull(before);
        using (before)
            before!.AssertUnchanged(trainer);
        Assert.InRange(trainer.Steps, 1, 7);
        using var reloaded = sample.Create(9, null);
        Composable.Checkpoints.TrainerCheckpoint.Load(reloaded, Composable.Checkpoints.CheckpointFolder.Latest(folder.Path));
        using var loaded = NothingLost.Of(reloaded);
        loaded.AssertUnchanged(trainer);
    }

    [Theory]
    [InlineData("maml", "Evaluating episodes 0 to 3 of the Validation split: ")]
    [InlineData("interpreted-maml", "Evaluating episodes 0 to 3 of the Validation split: ")]
    [InlineData("prototypes", "Evaluating episode 2 of the Validation split: ")]
    [InlineData("interpreted-prototypes", "Evaluating episode 2 of the Validation split: ")]
    public void An_evaluation_that_meets_a_poisoned_episode_names_it_and_changes_nothing(string trainerName, string context)
    {
        var sample = Named(trainerName);
        using var trainer = sample.Create(5, null);
        using var before = NothingLost.Of(trainer);

        var error = Assert.Throws<ArgumentException>(() => trainer.Evaluate(new EpisodeSource(new PoisonedFamily(sample.Family, poisoned: 2), MetaSplit.Validation, Episodes: 4)));

        Assert.StartsWith(context, error.Message);
        Assert.Contains("support set: inputs contain NaN at row 1.", error.Message);
        before.AssertUnchanged(trainer);
    }

    [Fact]
    public void A_class_indexed_family_of_poisoned_tensors_is_refused_at_its_construction_naming_example_class_and_value()
    {
        var inputs = rand(12, 4);
        inputs[7, 2] = tensor(float.NaN);
        inputs[9, 0] = tensor(float.PositiveInfinity);
        var labels = Enumerable.Range(0, 12).Select(i => i / 3).ToArray();

        var error = Assert.Throws<ArgumentException>(() => new ClassIndexedFamily(inputs, labels, new FewShotClassification(2, 1, 1)));

        Assert.Contains("Example 7 (class 2) of the inputs contains NaN (2 examples with NaN or infinity in all)", error.Message);
        var empty = Assert.Throws<ArgumentException>(() => new ClassIndexedFamily(zeros(0, 4), [], new FewShotClassification(2, 1, 1)));
        Assert.Contains("needs examples", empty.Message);
    }
}

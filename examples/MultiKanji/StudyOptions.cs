using Composable.Data.Glyphs;

namespace Composable.Examples.MultiKanjiStudy;

/// <summary>Settings of the study; <see cref="StudyCommandLine"/> reads them from the command line.</summary>
public sealed record StudyOptions
{
    /// <summary>Replicates: seed s draws its own MultiKanji images (data seed s) and initial weights (seed s) for every model.</summary>
    public int Seeds { get; init; } = 3;
    /// <summary>Passes over the training images per model; ignored when <see cref="Steps"/> is given.</summary>
    public int Epochs { get; init; } = 1;
    /// <summary>Optimisation steps per model instead of <see cref="Epochs"/>, when given.</summary>
    public int? Steps { get; init; }
    /// <summary>Images per step, the same for every model.</summary>
    public int BatchSize { get; init; } = 64;
    /// <summary>Training images (MultiKanji's default).</summary>
    public int TrainImages { get; init; } = 50_000;
    /// <summary>Test images (MultiKanji's default).</summary>
    public int TestImages { get; init; } = 10_000;
    /// <summary>Renderings per character in the training pool (MultiKanji's default).</summary>
    public int TrainVariants { get; init; } = 200;
    /// <summary>Renderings per character in the test pool (MultiKanji's default).</summary>
    public int TestVariants { get; init; } = 50;
    /// <summary>Torch intra-op threads: one by default, as the other examples; a second thread spins idle when the cores are shared.</summary>
    public int Threads { get; init; } = 1;
    /// <summary>Where to write the JSON of all numbers, if anywhere.</summary>
    public string? Out { get; init; }
    /// <summary>Where to write the PNG plot; beside <see cref="Out"/> by default.</summary>
    public string? Plot { get; init; }
    /// <summary>The quick setting: small sets, few steps, one seed.</summary>
    public bool Quick { get; init; }

    /// <summary>The MultiKanji sets of seed <paramref name="seed"/>.</summary>
    public MultiKanjiOptions Data(int seed) => new(
        Characters: Declarations.KanjiDesign.Characters, TrainSize: TrainImages, TestSize: TestImages,
        TrainVariants: TrainVariants, TestVariants: TestVariants, Seed: seed);

    /// <summary>The budget of every model: <see cref="Steps"/> when given, else <see cref="Epochs"/>.</summary>
    public Training.FitOptions Fit(int seed) => Steps is { } steps
        ? new Training.FitOptions(BatchSize: BatchSize, Steps: steps, Seed: seed)
        : new Training.FitOptions(BatchSize: BatchSize, Epochs: Epochs, Seed: seed);
}

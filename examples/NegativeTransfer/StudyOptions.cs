using System.Collections.Generic;

namespace Composable.Examples.NegativeTransfer;

/// <summary>Settings of the study; <see cref="StudyCommandLine"/> reads them from the command line.</summary>
public sealed record StudyOptions
{
    /// <summary>Task correlations p to compare.</summary>
    public IReadOnlyList<double> Correlations { get; init; } = new[] { 0.5, 0.9, 1.0 };
    /// <summary>Replicates per correlation: each seed draws its own task family, data and initial weights.</summary>
    public int Seeds { get; init; } = 3;
    /// <summary>d, the input width.</summary>
    public int Dimension { get; init; } = 100;
    /// <summary>c, the norm of the task weight vectors.</summary>
    public double Scale { get; init; } = 0.3;
    /// <summary>m, the number of shared sinusoids.</summary>
    public int Sinusoids { get; init; } = 5;
    /// <summary>Training examples per run.</summary>
    public int TrainExamples { get; init; } = 10_000;
    /// <summary>Test examples per run.</summary>
    public int TestExamples { get; init; } = 2_000;
    /// <summary>Optimisation steps per run.</summary>
    public int Steps { get; init; } = 3_000;
    /// <summary>Examples per step.</summary>
    public int BatchSize { get; init; } = 128;
    /// <summary>Adam learning rate, the same for every topology.</summary>
    public double LearningRate { get; init; } = 1e-3;
    /// <summary>Where to write the JSON of all numbers, if anywhere.</summary>
    public string? Out { get; init; }
    /// <summary>Where to write the PNG plot; beside --out by default.</summary>
    public string? Plot { get; init; }
    /// <summary>The quick setting (2 seeds, 300 steps, 2,000 training examples).</summary>
    public bool Quick { get; init; }
}

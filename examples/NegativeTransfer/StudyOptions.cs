using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Composable.Examples.NegativeTransfer;

/// <summary>Settings of the study; <see cref="Parse"/> reads them from the command line.</summary>
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

    /// <summary>Command-line help.</summary>
    public const string Usage = """
        NegativeTransfer [--quick] [--out FILE.json] [--plot FILE.png] [--seeds N] [--steps N]
                         [--correlations 0.5,0.9,1.0] [--d 100] [--c 0.3] [--m 5] [--train N] [--test N] [--lr 0.001]
          --quick  2 seeds, 300 steps, 2,000 training examples: about a minute or less.
        """;

    /// <summary>Reads the options from <paramref name="args"/>; throws <see cref="ArgumentException"/> with the usage on a bad one.</summary>
    public static StudyOptions Parse(IReadOnlyList<string> args)
    {
        var options = args.Contains("--quick")
            ? new StudyOptions { Quick = true, Seeds = 2, Steps = 300, TrainExamples = 2_000, TestExamples = 1_000 }
            : new StudyOptions();
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.\n{Usage}");
            int Int() => int.Parse(Value(), CultureInfo.InvariantCulture);
            double Double() => double.Parse(Value(), CultureInfo.InvariantCulture);
            options = args[i] switch
            {
                "--quick" => options,
                "--out" => options with { Out = Value() },
                "--plot" => options with { Plot = Value() },
                "--seeds" => options with { Seeds = Int() },
                "--steps" => options with { Steps = Int() },
                "--correlations" => options with { Correlations = Value().Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray() },
                "--d" => options with { Dimension = Int() },
                "--c" => options with { Scale = Double() },
                "--m" => options with { Sinusoids = Int() },
                "--train" => options with { TrainExamples = Int() },
                "--test" => options with { TestExamples = Int() },
                "--lr" => options with { LearningRate = Double() },
                var other => throw new ArgumentException($"Unknown option {other}.\n{Usage}"),
            };
        }
        return options;
    }
}

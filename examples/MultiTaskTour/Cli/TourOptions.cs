using System;
using System.Collections.Generic;
using System.Globalization;

namespace MultiTaskTour.Cli;

/// <summary>Settings of a tour; every topology trains with the same ones.</summary>
/// <param name="Examples">Training examples (shared by the three tasks). Small on purpose: sharing has most to
/// offer when each task alone has little data.</param>
/// <param name="TestExamples">Held-out examples the table is computed on.</param>
/// <param name="Relatedness">ρ of <see cref="Composable.Data.SyntheticOptions.Relatedness"/>, in [0, 1].</param>
/// <param name="Noise">Noise of <see cref="Composable.Data.SyntheticOptions.Noise"/>, finite and ≥ 0.</param>
/// <param name="Epochs">Passes over the training set, per topology.</param>
/// <param name="BatchSize">Rows per step.</param>
/// <param name="Seed">Seed of the data, of the train/test split, of the initial weights and of the batch order.</param>
/// <param name="Threads">torch intra-op threads.</param>
/// <param name="OutputFile">Where to write the results as JSON, if anywhere.</param>
internal sealed record TourOptions(
    int Examples = 300,
    int TestExamples = 2000,
    double Relatedness = 0.8,
    double Noise = 0.1,
    int Epochs = 50,
    int BatchSize = 32,
    int Seed = 1,
    int Threads = 1,
    string? OutputFile = null)
{
    /// <summary>A few seconds in all: tiny data, two epochs. Enough to see every topology train and report.</summary>
    public static TourOptions Quick { get; } = new(Examples: 96, TestExamples: 200, Epochs: 2);

    public const string Usage = """
        Usage: MultiTaskTour [options]

        Trains one three-task model (Demand regression, Churn binary, Segment 4-class) in every sharing
        topology on the same synthetic data and budget, and compares each with the independent baseline.

          --examples N       training examples (default 300)
          --test-examples N  held-out examples the table is computed on (default 2000)
          --relatedness R    how related the tasks are, 0 to 1 (default 0.8)
          --noise S          target noise, >= 0 (default 0.1)
          --epochs N         epochs per topology (default 50)
          --batch-size N     rows per step (default 32)
          --seed N           seed of data, split, weights and batch order (default 1)
          --threads N        torch intra-op threads (default 1: fastest for models this small)
          --out FILE         also write the results as JSON to FILE
          --quick            a few seconds in all (96 examples, 200 test, 2 epochs); later options still apply
          --help             this text
        """;

    /// <summary>Parses <paramref name="args"/>.</summary>
    /// <returns>The options, or null when help was asked for.</returns>
    /// <exception cref="ArgumentException">An unknown argument or a bad value; the message names the argument.</exception>
    public static TourOptions? Parse(IReadOnlyList<string> args)
    {
        var options = new TourOptions();
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] is "--help" or "-h") return null;
            options = args[i] switch
            {
                "--quick" => Quick with { Relatedness = options.Relatedness, Noise = options.Noise, Seed = options.Seed, Threads = options.Threads, OutputFile = options.OutputFile },
                "--examples" => options with { Examples = AtLeast(2, args, ref i) },
                "--test-examples" => options with { TestExamples = AtLeast(1, args, ref i) },
                "--relatedness" => options with { Relatedness = Number(args, ref i, r => r is >= 0 and <= 1, "a number from 0 to 1") },
                "--noise" => options with { Noise = Number(args, ref i, s => s >= 0 && double.IsFinite(s), "a finite number >= 0") },
                "--epochs" => options with { Epochs = AtLeast(1, args, ref i) },
                "--batch-size" => options with { BatchSize = AtLeast(1, args, ref i) },
                "--seed" => options with { Seed = Whole(args, ref i, "a whole number") },
                "--threads" => options with { Threads = AtLeast(1, args, ref i) },
                "--out" => options with { OutputFile = Value(args, ref i) },
                _ => throw new ArgumentException($"unknown argument '{args[i]}'"),
            };
        }
        return options;
    }

    private static string Value(IReadOnlyList<string> args, ref int i)
    {
        var flag = args[i];
        if (++i >= args.Count || args[i].StartsWith("--", StringComparison.Ordinal))
            throw new ArgumentException($"{flag} needs a value");
        return args[i];
    }

    private static int Whole(IReadOnlyList<string> args, ref int i, string expected)
    {
        var flag = args[i];
        var text = Value(args, ref i);
        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new ArgumentException($"{flag} needs {expected}, got '{text}'");
    }

    private static int AtLeast(int minimum, IReadOnlyList<string> args, ref int i)
    {
        var flag = args[i];
        var n = Whole(args, ref i, $"a whole number >= {minimum}");
        return n >= minimum ? n : throw new ArgumentException($"{flag} needs a whole number >= {minimum}, got {n}");
    }

    private static double Number(IReadOnlyList<string> args, ref int i, Func<double, bool> valid, string expected)
    {
        var flag = args[i];
        var text = Value(args, ref i);
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && valid(x)
            ? x
            : throw new ArgumentException($"{flag} needs {expected}, got '{text}'");
    }
}

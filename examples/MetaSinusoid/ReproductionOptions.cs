using System;
using System.Collections.Generic;
using System.Globalization;

namespace MetaSinusoid;

/// <summary>Settings of the sinusoid reproduction (Finn et al. 2017, §5.1).</summary>
/// <param name="MetaIterations">Meta-updates per method (the paper: 70,000).</param>
/// <param name="EvaluationTasks">Held-out meta-test tasks (the paper: 600).</param>
/// <param name="EvaluationQueries">Query points per held-out task.</param>
/// <param name="TestSteps">Largest number of test-time gradient steps reported.</param>
/// <param name="Shots">The K values.</param>
/// <param name="Methods">Methods to run (names as in <see cref="SinusoidReproduction.AllMethods"/>).</param>
/// <param name="Seed">Seed of initialisation and task streams.</param>
/// <param name="Out">JSON output file, if any.</param>
/// <param name="Plot">PNG output file, if any (one per K: <c>name_k5.png</c>…).</param>
/// <param name="Memory">Also measure peak memory of second-order MAML against inner steps.</param>
/// <param name="ProgressEvery">Progress line every this many meta-iterations (0: none).</param>
public sealed record ReproductionOptions(
    int MetaIterations,
    int EvaluationTasks,
    int EvaluationQueries,
    int TestSteps,
    IReadOnlyList<int> Shots,
    IReadOnlyList<string> Methods,
    int Seed = 0,
    string? Out = null,
    string? Plot = null,
    bool Memory = false,
    int ProgressEvery = 1000)
{
    /// <summary>Seconds, for tests: few iterations, few tasks.</summary>
    public static ReproductionOptions Quick => new(200, 100, 50, 10, new[] { 5, 10 }, SinusoidReproduction.AllMethods, ProgressEvery: 100);

    /// <summary>The paper's evaluation (600 tasks, 0…10 steps, K = 5 and 10); meta-iterations default to 10,000.</summary>
    public static ReproductionOptions Full => new(10_000, 600, 100, 10, new[] { 5, 10 }, SinusoidReproduction.AllMethods);

    /// <summary>Parses <c>--quick</c>, <c>--iterations N</c>, <c>--tasks N</c>, <c>--methods a,b</c>, <c>--shots 5,10</c>,
    /// <c>--seed N</c>, <c>--out FILE</c>, <c>--plot FILE</c>, <c>--memory</c>, <c>--progress N</c>.</summary>
    public static ReproductionOptions Parse(string[] args)
    {
        var options = Array.IndexOf(args, "--quick") >= 0 ? Quick : Full;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            int NextInt() => int.Parse(Next(), CultureInfo.InvariantCulture);
            options = args[i] switch
            {
                "--quick" => options,
                "--iterations" => options with { MetaIterations = NextInt() },
                "--tasks" => options with { EvaluationTasks = NextInt() },
                "--methods" => options with { Methods = Next().Split(',') },
                "--shots" => options with { Shots = Array.ConvertAll(Next().Split(','), s => int.Parse(s, CultureInfo.InvariantCulture)) },
                "--seed" => options with { Seed = NextInt() },
                "--out" => options with { Out = Next() },
                "--plot" => options with { Plot = Next() },
                "--memory" => options with { Memory = true },
                "--progress" => options with { ProgressEvery = NextInt() },
                _ => throw new ArgumentException($"Unknown argument '{args[i]}'."),
            };
        }
        return options;
    }
}

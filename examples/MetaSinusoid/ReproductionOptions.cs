using System.Collections.Generic;

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
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Composable.Data;

namespace Composable.Examples.ObjectivesStudy;

/// <summary>Sizes of one training run: steps, batch and examples.</summary>
/// <param name="Steps">Optimisation steps.</param>
/// <param name="BatchSize">Rows per step.</param>
/// <param name="TrainExamples">Training examples.</param>
/// <param name="TestExamples">Test examples the metrics are computed on.</param>
public sealed record Budget(int Steps, int BatchSize, int TrainExamples, int TestExamples);

/// <summary>
/// A task family and the networks trained on it: the declaration for each topology and objective, and fresh
/// training and test data for each seed.
/// </summary>
public abstract record Setting(string Name, string Description, Budget Budget)
{
    /// <summary>The declaration of <paramref name="topology"/> trained with <paramref name="objective"/>.</summary>
    public abstract MultiTaskSpec Spec(Topology topology, Objective objective);

    /// <summary>Training and test data of <paramref name="seed"/> for <paramref name="spec"/> (a declaration of this setting).</summary>
    public abstract (MultiTaskDataset Train, MultiTaskDataset Test) Draw(MultiTaskSpec spec, int seed, Budget budget);
}

/// <summary>
/// The MMoE paper's regression family (<see cref="RegressionFamily"/>), every seed a fresh family; networks as in
/// the negative-transfer example: independent towers [64, 8] or a hard-shared trunk [128] with towers [8], Adam lr 1e-3.
/// </summary>
/// <param name="Name">Short name.</param>
/// <param name="Tasks">k.</param>
/// <param name="Correlation">p.</param>
/// <param name="Scale">c.</param>
/// <param name="TargetScales">s_t per task, or null for all 1.</param>
/// <param name="Budget">Steps, batch and examples.</param>
/// <param name="Dimension">d.</param>
/// <param name="Sinusoids">m.</param>
public sealed record RegressionSetting(
    string Name, int Tasks, double Correlation, double Scale, IReadOnlyList<double>? TargetScales, Budget Budget, int Dimension = 100, int Sinusoids = 5)
    : Setting(Name, Describe(Tasks, Correlation, Scale, TargetScales, Budget), Budget)
{
    /// <inheritdoc />
    public override MultiTaskSpec Spec(Topology topology, Objective objective) => new(
        new Features(Dimension),
        [.. Enumerable.Range(1, Tasks).Select(t => new TaskSpec($"Task{t}", new Regression()))],
        topology == Topology.Independent ? new Independent([64, 8]) : new HardSharing([128], Towers: [8]),
        Objective: objective,
        Optimizer: new Adam(LearningRate: 1e-3));

    /// <inheritdoc />
    public override (MultiTaskDataset Train, MultiTaskDataset Test) Draw(MultiTaskSpec spec, int seed, Budget budget)
    {
        var family = RegressionFamily.Create(Tasks, Correlation, seed, Dimension, Scale, Sinusoids, TargetScales);
        return (family.Sample(spec, budget.TrainExamples, seed: 1000 + seed), family.Sample(spec, budget.TestExamples, seed: 2000 + seed));
    }

    private static string Describe(int tasks, double p, double c, IReadOnlyList<double>? scales, Budget budget) =>
        FormattableString.Invariant($"MMoE regression family, {tasks} tasks, p = {p}, c = {c}") +
        (scales is null ? "" : ", target scales " + string.Join("/", scales.Select(s => s.ToString(CultureInfo.InvariantCulture)))) +
        FormattableString.Invariant($", {budget.TrainExamples} training examples");
}

/// <summary>
/// The multi-task tour's family (<see cref="SyntheticTasks"/>: Demand regression, Churn binary, Segment 4-class on
/// 16 features, relatedness 0.8, noise 0.1), drawn afresh per seed; the tour's networks: independent towers [32, 16]
/// or a hard-shared trunk [64, 32] with linear heads, Adam lr 3e-3.
/// </summary>
/// <param name="Budget">Steps, batch and examples (the tour: 500 steps of 32 on 300 examples).</param>
public sealed record TourSetting(Budget Budget)
    : Setting("tour", FormattableString.Invariant($"multi-task tour family (regression, binary, 4-class), relatedness 0.8, {Budget.TrainExamples} training examples"), Budget)
{
    /// <inheritdoc />
    public override MultiTaskSpec Spec(Topology topology, Objective objective) => new(
        new Features(16),
        [new TaskSpec("Demand", new Regression()), new TaskSpec("Churn", new Binary()), new TaskSpec("Segment", new MultiClass(Classes: 4))],
        topology == Topology.Independent ? new Independent([32, 16]) : new HardSharing([64, 32]),
        Objective: objective,
        Optimizer: new Adam(LearningRate: 3e-3));

    /// <inheritdoc />
    public override (MultiTaskDataset Train, MultiTaskDataset Test) Draw(MultiTaskSpec spec, int seed, Budget budget)
    {
        using var data = SyntheticTasks.Generate(spec, new SyntheticOptions(Examples: budget.TrainExamples + budget.TestExamples, Relatedness: 0.8, Noise: 0.1, Seed: seed));
        return data.Split((double)budget.TestExamples / (budget.TrainExamples + budget.TestExamples), seed);
    }
}

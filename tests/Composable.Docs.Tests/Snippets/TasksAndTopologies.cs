using System;
using System.Collections.Generic;
using System.Linq;
using Composable.Data;
using Composable.Evaluation;
using Composable.Interpretation;
using Composable.Training;
using TorchSharp;

namespace Composable.Docs.Tests.Snippets;

// begin-snippet: declare-tasks
[MultiTaskModel]
public static partial class Census
{
    public static readonly MultiTaskSpec Spec = new(
        Input: new Features(Width: 16),
        Tasks: [
            new TaskSpec("Income", new Binary()),                                   // BCE on logits
            new TaskSpec("Marital", new MultiClass(Classes: 4), Weight: 0.5),       // cross-entropy, half weight
            new TaskSpec("Age", new Regression(Outputs: 1), Loss: Loss.Huber)],     // Huber instead of MSE
        Sharing: new HardSharing(Trunk: [32, 16], Towers: [8]),
        Objective: new WeightedSum(Sampling: TaskSampling.AllTasks),
        Optimizer: new AdamW(LearningRate: 1e-2),
        Activation: Activation.Relu,
        Dropout: 0.0);
}
// end-snippet

/// <summary>The snippets of docs/tasks-and-topologies.md.</summary>
public static class TasksAndTopologiesSnippets
{
    // begin-snippet: every-topology
    public static readonly IReadOnlyList<Sharing> Topologies =
    [
        new Independent(Layers: [16]),
        new HardSharing(Trunk: [16], Towers: [8]),
        new TaskConditioned(Layers: [16, 16], Conditioning.Concatenation),
        new TaskConditioned(Layers: [16, 16], Conditioning.Additive, new LearnedEmbedding(Width: 4), At: [0, 1]),
        new TaskConditioned(Layers: [16, 16], Conditioning.Multiplicative),                      // FiLM
        new MixtureOfExperts(Experts: 3, ExpertLayers: [8], Gating: Gating.Single),              // OMoE
        new MixtureOfExperts(Experts: 3, ExpertLayers: [8], TowerLayers: [4]),                   // MMoE
        new MixtureOfExperts(Experts: 2, ExpertLayers: [8], TaskExperts: 1),                     // CGC
        new MixtureOfExperts(Experts: 2, ExpertLayers: [8], TaskExperts: 1, Levels: 2),          // PLE
        new SoftSharing(Layers: [16], Strength: 0.1, Penalty: SharingPenalty.SquaredDistanceToMean),
        new CrossStitch(Layers: [16, 16], At: [0]),
        new Sluice(Layers: [16, 16], Subspaces: 2),
        new Composition(Trunk: [16], Then: new MixtureOfExperts(Experts: 2, ExpertLayers: [8])),
    ];
    // end-snippet

    /// <summary>Trains the generated <see cref="Census"/> trainer; returns the fit and the held-out evaluation.</summary>
    public static (FitResult Fit, EvaluationReport Report) TrainGenerated()
    {
        // begin-snippet: train-generated
        using var data = SyntheticTasks.Generate(Census.Spec, new SyntheticOptions(Examples: 400, Relatedness: 0.8, Seed: 1));
        var (train, test) = data.Split(testFraction: 0.25, seed: 1);

        using var trainer = Census.Trainer.Create(seed: 1);          // seeds torch, builds Census.Model on the CPU
        var fit = trainer.Fit(train, new FitOptions(BatchSize: 32, Epochs: 10));
        var report = trainer.Evaluate(test);                          // per task: loss and its kind's metrics
        Console.WriteLine($"{fit.History[0].MeanLoss:F3} → {fit.History[^1].MeanLoss:F3}");
        Console.WriteLine($"Income AUC {report["Income"][Metric.AreaUnderRoc]:F3}, Age R² {report["Age"][Metric.RSquared]:F3}");
        // end-snippet
        return (fit, report);
    }

    /// <summary>One typed step of the generated trainer, and the graph text.</summary>
    public static (StepResult Step, string Graph) TypedStep()
    {
        // begin-snippet: typed-step
        using var trainer = Census.Trainer.Create(seed: 2);
        var inputs = torch.randn(8, 16);
        var step = trainer.Step(new Census.Batch(
            Income: new TaskBatch(inputs, torch.randint(0, 2, [8, 1]).to_type(torch.float32)),
            Marital: new TaskBatch(inputs, torch.randint(0, 4, [8])),
            Age: null));                                              // a task may sit a step out
        Console.WriteLine(Census.Graph);                              // module tree, parameter names, shapes, counts
        // end-snippet
        return (step, Census.Graph);
    }

    /// <summary>Every topology, interpreted from the declaration value and trained for a few steps.</summary>
    public static IReadOnlyList<(Sharing Sharing, double First, double Last)> InterpretEveryTopology()
    {
        var results = new List<(Sharing, double, double)>();
        // begin-snippet: interpret
        foreach (var sharing in Topologies)
        {
            var spec = Census.Spec with { Sharing = sharing };
            using var data = SyntheticTasks.Generate(spec, new SyntheticOptions(Examples: 200, Seed: 3));
            using var trainer = InterpretedTrainer.Create(spec, seed: 1);   // no generator: built from the value
            var fit = trainer.Fit(data, new FitOptions(BatchSize: 50, Epochs: 5));
            results.Add((sharing, fit.History[0].MeanLoss, fit.History[^1].MeanLoss));
        }
        // end-snippet
        return results;
    }

    /// <summary>Hard sharing against independent towers over two seeds: Δp on the headline metrics and on every metric.</summary>
    public static (DeltaPResult Headline, DeltaPResult Every) DeltaPAgainstIndependentTowers()
    {
        // begin-snippet: delta-p
        static EvaluationReport TrainAndTest(Sharing sharing, int seed)
        {
            var spec = Census.Spec with { Sharing = sharing };
            using var data = SyntheticTasks.Generate(spec, new SyntheticOptions(Examples: 400, Relatedness: 0.8, Seed: seed));
            var (train, test) = data.Split(testFraction: 0.25, seed: seed);
            using var trainer = InterpretedTrainer.Create(spec, seed);
            trainer.Fit(train, new FitOptions(BatchSize: 50, Epochs: 5));
            return trainer.Evaluate(test);
        }

        int[] seeds = [1, 2];
        var independent = seeds.Select(seed => TrainAndTest(new Independent(Layers: [16]), seed)).ToArray();
        var shared = seeds.Select(seed => TrainAndTest(new HardSharing(Trunk: [16], Towers: [8]), seed)).ToArray();

        var deltaP = DeltaP.Compute(shared, independent);                  // headline metrics, seed means first
        var every = DeltaP.Compute(shared, independent, DeltaPMetrics.All);
        Console.WriteLine($"Δp {deltaP.Percent:+0.0;-0.0}% (every metric: {every.Percent:+0.0;-0.0}%)");
        foreach (var term in deltaP.Terms)                                  // Income Accuracy, Marital Accuracy, Age MSE
            Console.WriteLine($"  {term.Task} {term.Metric}: {term.Value:F4} against {term.Baseline:F4}, {term.Percent:+0.0;-0.0}%");
        // end-snippet
        return (deltaP, every);
    }
}

using System.Collections.Generic;
using System.Linq;
using Composable.Data;
using Composable.Interpretation;
using Composable.Objectives;
using Composable.Training;

namespace Composable.Docs.Tests.Snippets;

// begin-snippet: declare-objective
[MultiTaskModel]
public static partial class SceneModel
{
    public static readonly MultiTaskSpec Spec = new(
        Input: new Features(Width: 16),
        Tasks: [
            new TaskSpec("Depth", new Regression()),
            new TaskSpec("Segment", new MultiClass(Classes: 4)),
            new TaskSpec("Edge", new Binary())],
        Sharing: new HardSharing(Trunk: [32, 32], Towers: [8]),
        Objective: new PCGrad(),                       // or new CAGrad(C: 0.4), new NashMtl(), new UncertaintyWeighting() …
        Optimizer: new Adam(LearningRate: 1e-3));
}
// end-snippet

/// <summary>The snippets of docs/objectives.md.</summary>
public static class ObjectivesSnippets
{
    // begin-snippet: objective-catalogue
    public static readonly IReadOnlyList<Objective> Catalogue =
    [
        new WeightedSum(),                                   // EW: fixed weights, one backward
        new UncertaintyWeighting(),                          // UW   (Kendall et al. 2018)
        new DynamicWeightAverage(Temperature: 2),            // DWA  (Liu et al. 2019)
        new RandomLossWeighting(),                           // RLW  (Lin et al. 2022)
        new GradNorm(Alpha: 1.5),                            // GradNorm (Chen et al. 2018)
        new ImtlLoss(),                                      // IMTL-L (Liu et al. 2021)
        new GeometricLoss(),                                 // GLS  (Chennupati et al. 2019)
        new PCGrad(),                                        // PCGrad (Yu et al. 2020)
        new Mgda(UpperBound: true),                          // MGDA-UB (Sener and Koltun 2018)
        new Mgda(UpperBound: false, GradientNormalization.LossPlus),
        new CAGrad(C: 0.4),                                  // CAGrad (Liu et al. 2021)
        new ImtlGradient(),                                  // IMTL-G (Liu et al. 2021)
        new NashMtl(MaxNorm: 1.0),                           // Nash-MTL (Navon et al. 2022)
        new AlignedMtl(),                                    // Aligned-MTL (Senushkin et al. 2023)
        new GradVac(Beta: 0.01),                             // GradVac (Wang et al. 2021)
    ];
    // end-snippet

    /// <summary>Trains the generated PCGrad trainer with a conflict monitor; returns the coefficients of the last step and the monitor.</summary>
    public static (IReadOnlyList<double> Coefficients, ConflictMonitor Monitor) TrainWithMonitor()
    {
        // begin-snippet: train-objective
        using var data = SyntheticTasks.Generate(SceneModel.Spec, new SyntheticOptions(Examples: 512, Relatedness: 0.3, Seed: 1));
        using var trainer = SceneModel.Trainer.Create(seed: 1);
        var monitor = new ConflictMonitor(every: 10);        // cosines and norm ratios of the task gradients
        var steps = new List<StepResult>();
        trainer.Fit(data, new FitOptions(BatchSize: 64, Steps: 40)
        {
            Callbacks = [monitor, FitCallbacks.OnStep((step, _) => steps.Add(step))],
        });
        IReadOnlyList<double> coefficients = steps[^1].TaskWeights!;    // β_t of d = Σ β_t g_t this step
        double worst = monitor.Records[^1].MinimumCosine;                 // < 0: two tasks pull apart
        System.Console.WriteLine($"step {steps[^1].Step}: β = {string.Join(", ", coefficients)}; worst cosine {worst:F2}");
        // end-snippet
        return (coefficients, monitor);
    }

    /// <summary>Every declared objective, interpreted on hard sharing for a few steps; each step's weights.</summary>
    public static IReadOnlyList<(Objective Objective, IReadOnlyList<double> Weights)> InterpretEveryObjective()
    {
        var results = new List<(Objective, IReadOnlyList<double>)>();
        foreach (var objective in Catalogue)
        {
            var spec = SceneModel.Spec with { Objective = objective };
            using var data = SyntheticTasks.Generate(spec, new SyntheticOptions(Examples: 128, Seed: 2));
            using var trainer = InterpretedTrainer.Create(spec, seed: 2);
            StepResult? last = null;
            trainer.Fit(data, new FitOptions(BatchSize: 32, Steps: 8) { Callbacks = [FitCallbacks.OnStep((s, _) => last = s)] });
            results.Add((objective, last!.TaskWeights ?? Enumerable.Repeat(1.0, 3).ToArray()));
        }
        return results;
    }
}

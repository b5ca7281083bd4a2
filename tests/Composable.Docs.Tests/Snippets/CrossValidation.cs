using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Composable.Data;
using Composable.Evaluation.Selection;
using Composable.Interpretation;
using Composable.Training;

namespace Composable.Docs.Tests.Snippets;

/// <summary>The snippets of docs/cross-validation.md.</summary>
public static class CrossValidationSnippets
{
    /// <summary>Stratified folds of the census data; returns each validation fold's count of each Marital class.</summary>
    public static IReadOnlyList<long[]> StratifiedFolds()
    {
        // begin-snippet: cv-folds
        using var data = SyntheticTasks.Generate(Census.Spec, new SyntheticOptions(Examples: 300, Seed: 1));
        var counts = new List<long[]>();                                      // per fold, the rows of each Marital class

        foreach (var (train, validation) in data.Folds(k: 5, seed: 1, stratifyBy: "Marital"))
        {
            using (train)
            using (validation)
            {
                var labels = validation["Marital"].Targets;                  // int64 [60]
                counts.Add(Enumerable.Range(0, 4).Select(c => labels.eq(c).sum().item<long>()).ToArray());
            }
        }
        // end-snippet
        return counts;
    }

    /// <summary>A grid of learning rates and dropouts, cross-validated with the interpreted trainer.</summary>
    public static (CrossValidationResult<Setting> Result, string Progress) ChooseLearningRateAndDropout()
    {
        var progress = new StringWriter();
        // begin-snippet: cv-grid
        IReadOnlyList<Setting> grid = Grid.Of(
            ("LearningRate", new[] { 1e-2, 1e-6 }),
            ("Dropout", new[] { 0.0, 0.2 }));
        // LearningRate=0.01, Dropout=0 · LearningRate=0.01, Dropout=0.2 · LearningRate=1E-06, Dropout=0 · …
        double rate = grid[0].Get<double>("LearningRate");
        // end-snippet

        // begin-snippet: cv-run
        using var data = SyntheticTasks.Generate(Census.Spec, new SyntheticOptions(Examples: 300, Seed: 1));

        var result = CrossValidation.Run(grid, data, folds: 3, seed: 11, (setting, train, validation, fold) =>
            {
                var variant = Census.Spec with
                {
                    Optimizer = new AdamW(LearningRate: setting.Get<double>("LearningRate")),
                    Dropout = setting.Get<double>("Dropout"),
                };
                using var trainer = InterpretedTrainer.Create(variant, seed: fold);
                // A trainer accepts only data made for its own declaration: re-declare the fold's data for the variant.
                using var trainData = train.For(variant);
                using var validationData = validation.For(variant);
                trainer.Fit(trainData, new FitOptions(BatchSize: 32, Epochs: 3, Seed: fold));
                return trainer.Evaluate(validationData)["Age"].Loss;
            },
            ScoreDirection.Lower,
            progress: (setting, fold, score) => progress.WriteLine($"{setting} · fold {fold}: {score:G4}"));

        Console.Write(result.Table());
        Setting best = result.BestSetting;
        // end-snippet
        return (result, progress.ToString());
    }
}

using System;
using System.Collections.Generic;
using Composable.Data;

namespace Composable.Evaluation.Selection;

/// <summary>
/// Chooses among settings (hyper-parameters) by k-fold cross-validation: every setting is trained and scored on the
/// same folds of one dataset, and the setting with the best mean score wins.
/// </summary>
public static class CrossValidation
{
    /// <summary>
    /// Scores every setting on every fold of <paramref name="data"/> (<see cref="MultiTaskDataset.Folds"/> with
    /// <paramref name="folds"/> and <paramref name="seed"/>) and summarises the scores. The folds are made once each,
    /// in order, and every setting is scored on a fold before the next is made; a fold's datasets are disposed once its
    /// settings are scored (also when <paramref name="evaluate"/> throws, whose exception then propagates).
    /// </summary>
    /// <typeparam name="TSetting">The type of the settings: a <see cref="Setting"/> from <see cref="Grid.Of"/>, or any
    /// record of your own.</typeparam>
    /// <param name="settings">The settings to try, at least one; their order breaks ties.</param>
    /// <param name="data">The dataset to cross-validate on; unchanged.</param>
    /// <param name="folds">Number of folds, at least 2 and at most the rows of the smallest task.</param>
    /// <param name="seed">Seed of the fold partition.</param>
    /// <param name="evaluate">
    /// Trains a model with the setting on the training part and returns its score on the validation part; the last
    /// argument is the fold index from 0 (seed the model with it, say, so a run is repeatable). The two datasets
    /// belong to the run: neither dispose nor keep them. A NaN score ranks the setting last and is reported.
    /// </param>
    /// <param name="direction">Whether higher or lower scores are better.</param>
    /// <param name="stratifyBy">A multi-class task whose class proportions each fold keeps; none when null.</param>
    /// <param name="progress">Called after every score with the setting, the fold index and the score.</param>
    /// <exception cref="ArgumentException"><paramref name="settings"/> is empty, or <paramref name="stratifyBy"/> is not a
    /// multi-class task.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="folds"/> is out of range (the message names the task
    /// that has too few rows).</exception>
    public static CrossValidationResult<TSetting> Run<TSetting>(
        IReadOnlyList<TSetting> settings,
        MultiTaskDataset data,
        int folds,
        int seed,
        Func<TSetting, MultiTaskDataset, MultiTaskDataset, int, double> evaluate,
        ScoreDirection direction = ScoreDirection.Higher,
        string? stratifyBy = null,
        Action<TSetting, int, double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(evaluate);
        if (settings.Count == 0) throw new ArgumentException("Cross-validation needs at least one setting.", nameof(settings));

        var partition = data.Folds(folds, seed, stratifyBy);
        var scores = new double[settings.Count, folds];
        var fold = 0;
        foreach (var (train, validation) in partition)
        {
            using (train)
            using (validation)
            {
                for (var s = 0; s < settings.Count; s++)
                {
                    scores[s, fold] = evaluate(settings[s], train, validation, fold);
                    progress?.Invoke(settings[s], fold, scores[s, fold]);
                }
            }
            fold++;
        }
        return new CrossValidationResult<TSetting>(settings, scores, seed, direction);
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Composable.Evaluation.Selection;

/// <summary>
/// The outcome of <see cref="CrossValidation.Run{TSetting}"/>: every setting's score on every fold, their summaries, and
/// the chosen setting. <see cref="Table"/> (and <see cref="ToString"/>) renders it with aligned columns.
/// </summary>
/// <typeparam name="TSetting">The type of the settings tried.</typeparam>
public sealed class CrossValidationResult<TSetting>
{
    internal CrossValidationResult(IReadOnlyList<TSetting> settings, double[,] scores, int seed, ScoreDirection direction)
    {
        Folds = scores.GetLength(1);
        Seed = seed;
        Direction = direction;
        Settings = settings.Select((setting, s) =>
            new SettingScores<TSetting>(s, setting, Enumerable.Range(0, Folds).Select(f => scores[s, f]).ToArray())).ToArray();
        var ranked = Settings.OrderBy(r => double.IsNaN(r.Mean));
        Ranking = (direction == ScoreDirection.Higher ? ranked.ThenByDescending(r => r.Mean) : ranked.ThenBy(r => r.Mean))
            .ThenBy(r => r.Index).ToArray();
    }

    /// <summary>Every setting's scores and summary, in the order the settings were given.</summary>
    public IReadOnlyList<SettingScores<TSetting>> Settings { get; }

    /// <summary>
    /// The settings best first: by mean score in <see cref="Direction"/>, equal means in the order given, and settings
    /// with a NaN score last.
    /// </summary>
    public IReadOnlyList<SettingScores<TSetting>> Ranking { get; }

    /// <summary>Number of folds.</summary>
    public int Folds { get; }

    /// <summary>Seed of the fold partition.</summary>
    public int Seed { get; }

    /// <summary>Which way the scores improve.</summary>
    public ScoreDirection Direction { get; }

    /// <summary>
    /// The chosen setting's scores: the best mean; among equal means the earlier setting. A setting with a NaN score
    /// is chosen only when every setting has one (then the first).
    /// </summary>
    public SettingScores<TSetting> Best => Ranking[0];

    /// <summary>The chosen setting (see <see cref="Best"/>).</summary>
    public TSetting BestSetting => Best.Setting;

    /// <summary>The settings with a NaN score on some fold, in the order given; empty when none.</summary>
    public IReadOnlyList<SettingScores<TSetting>> WithNaN => Settings.Where(s => s.NaNFolds.Count > 0).ToArray();

    /// <summary>The score of setting <paramref name="setting"/> (its index in the list given) on fold <paramref name="fold"/>.</summary>
    public double this[int setting, int fold] => Settings[setting].Scores[fold];

    /// <summary>
    /// A header line, then one row per setting in the order given, the chosen one marked <c>*</c>: the setting, its
    /// score per fold, mean, standard deviation and 95 % interval, numbers right-aligned to 4 significant digits; then a
    /// line per setting with NaN scores.
    /// </summary>
    public string Table()
    {
        static string Number(double value) => value.ToString("G4", CultureInfo.InvariantCulture);
        var header = new[] { "", "Setting" }.Concat(Enumerable.Range(0, Folds).Select(f => $"Fold {f}"))
            .Concat(["Mean", "SD", "95 % interval"]).ToArray();
        var rows = Settings.Select(s => new[] { ReferenceEquals(s, Best) ? "*" : "", s.Setting?.ToString() ?? "" }
            .Concat(s.Scores.Select(Number))
            .Concat([Number(s.Mean), Number(s.StandardDeviation), $"[{Number(s.Interval95.Low)}, {Number(s.Interval95.High)}]"])
            .ToArray()).ToArray();
        var widths = Enumerable.Range(0, header.Length).Select(c => rows.Append(header).Max(r => r[c].Length)).ToArray();

        var text = new StringBuilder();
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"Cross-validation: {Settings.Count} settings × {Folds} folds (seed {Seed}), {(Direction == ScoreDirection.Higher ? "higher" : "lower")} scores are better"));
        foreach (var row in rows.Prepend(header))
            text.AppendLine(string.Join("  ", row.Select((cell, c) => c < 2 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]))).TrimEnd());
        foreach (var failed in WithNaN)
            text.AppendLine($"NaN scores: {failed.Setting} on fold{(failed.NaNFolds.Count > 1 ? "s" : "")} {string.Join(", ", failed.NaNFolds)}.");
        return text.ToString();
    }

    /// <summary>The <see cref="Table"/>.</summary>
    public override string ToString() => Table();
}

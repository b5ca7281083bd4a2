using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Composable.Data.Glyphs;
using Composable.Examples.KanjiTransfer.Declarations;
using Composable.FewShot.Metric;
using static TorchSharp.torch;

namespace Composable.Examples.KanjiTransfer;

/// <summary>One method at one k: accuracy on held-out renderings of the target characters over the draws.</summary>
/// <param name="Method">Method name.</param>
/// <param name="Shots">k.</param>
/// <param name="Mean">Mean accuracy over the draws.</param>
/// <param name="HalfWidth95">Half-width of the normal 95 % interval of the mean (1.96 · s / √draws).</param>
/// <param name="Accuracies">Accuracy of each draw, in draw order.</param>
public sealed record CellSummary(string Method, int Shots, double Mean, double HalfWidth95, IReadOnlyList<double> Accuracies);

/// <summary>The kanji part of the study: the split, pretraining, every cell and the time each method took.</summary>
/// <param name="SourceCharacters">Pretraining characters.</param>
/// <param name="TargetPool">Target characters the draws choose from.</param>
/// <param name="Ways">Characters of each target task.</param>
/// <param name="DrawnCharacters">The characters of each draw, as one string per draw.</param>
/// <param name="Pretraining">What pretraining gave.</param>
/// <param name="Cells">Every method at every k.</param>
/// <param name="MethodSeconds">Wall time of each method over all its cells.</param>
public sealed record KanjiResult(int SourceCharacters, int TargetPool, int Ways, IReadOnlyList<string> DrawnCharacters, PretrainingSummary Pretraining,
    IReadOnlyList<CellSummary> Cells, IReadOnlyDictionary<string, double> MethodSeconds);

/// <summary>Pretrains on the source characters, then runs every method at every k on every draw of target characters.</summary>
public static class KanjiStudy
{
    /// <summary>Characters of a target task, as declared.</summary>
    public static int Ways => ((MultiClass)FromScratch.Spec.Tasks[0].Target).Classes;

    /// <summary>The study for <paramref name="options"/> on the kanji <paramref name="all"/>; the checkpoint goes to <paramref name="cache"/>.</summary>
    public static KanjiResult Run(TransferOptions options, IReadOnlyList<Glyph> all, string cache, Action<string> log)
    {
        var split = CharacterSplit.Of(all, Pretraining.SourceCharacters, options.TargetPool);
        var pretraining = Pretraining.Ensure(options, split, cache, log);
        var methods = TransferMethod.All;
        var accuracies = methods.ToDictionary(m => m.Name, _ => options.Shots.ToDictionary(k => k, _ => new List<double>()));
        var seconds = methods.ToDictionary(m => m.Name, _ => 0.0);
        var drawn = new List<string>();
        var maxShots = options.Shots.Max();
        for (var d = 0; d < options.Draws; d++)
        {
            var draw = TargetDraw.Of(split.Target, Ways, maxShots, options.TestRenders, options.Seed, d);
            drawn.Add(string.Concat(draw.Characters.Select(c => c.Character)));
            log($"Draw {d + 1}/{options.Draws}: {drawn[^1]}");
            using var scope = NewDisposeScope();
            var (testInputs, testLabels) = draw.Test();
            foreach (var shots in options.Shots)
            {
                var (supportInputs, supportLabels) = draw.Support(shots);
                var cell = new Cell(supportInputs, supportLabels, testInputs, testLabels, Ways, pretraining.Checkpoint, Seeds.Of(options.Seed, d),
                    options.FineTuneSteps, Math.Min(TransferOptions.FineTuneBatch, Ways * shots));
                var line = new List<string>();
                foreach (var method in methods)
                {
                    var clock = Stopwatch.StartNew();
                    var accuracy = method.Accuracy(cell);
                    seconds[method.Name] += clock.Elapsed.TotalSeconds;
                    accuracies[method.Name][shots].Add(accuracy);
                    line.Add(FormattableString.Invariant($"{method.Name} {100 * accuracy:F1}"));
                }
                log($"  k = {shots,2}: {string.Join(", ", line)}");
            }
        }
        var cells = methods.SelectMany(m => options.Shots.Select(k =>
        {
            var estimate = AccuracyEstimate.Of(accuracies[m.Name][k]);
            return new CellSummary(m.Name, k, estimate.Mean, estimate.HalfWidth95, accuracies[m.Name][k].ToArray());
        })).ToArray();
        return new KanjiResult(split.Source.Count, split.Target.Count, Ways, drawn, pretraining with { Checkpoint = Path.GetFileName(pretraining.Checkpoint) }, cells, seconds);
    }
}

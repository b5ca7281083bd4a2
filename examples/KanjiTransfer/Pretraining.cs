using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Composable.Checkpoints;
using Composable.Data;
using Composable.Data.Glyphs;
using Composable.Examples.KanjiTransfer.Declarations;
using Composable.Training;
using Composable.Transfer;
using static TorchSharp.torch;

namespace Composable.Examples.KanjiTransfer;

/// <summary>What pretraining gave: the checkpoint and the classifier's accuracy on held-out renderings of the source characters.</summary>
/// <param name="Checkpoint">The safetensors file (state-dict names <c>backbone.block_i…</c>, <c>Character_head…</c>).</param>
/// <param name="SourceCharacters">Classes of the source task.</param>
/// <param name="Renders">Training renderings per source character.</param>
/// <param name="Steps">Steps taken.</param>
/// <param name="HeldOutAccuracy">Accuracy on <see cref="Pretraining.HeldOutRenders"/> unseen renderings of every source character.</param>
/// <param name="Seconds">Wall time of the pretraining run that wrote the checkpoint (cached or not).</param>
/// <param name="Cached">Whether the checkpoint came from the cache (same declaration, split, renders, steps and seed).</param>
public sealed record PretrainingSummary(string Checkpoint, int SourceCharacters, int Renders, int Steps, double HeldOutAccuracy, double Seconds, bool Cached);

/// <summary>
/// Pretrains <see cref="PretrainedClassifier"/> on the source characters and saves it, or finds the checkpoint a
/// run with the same declaration, split, renderings, steps and seed saved before in the cache folder.
/// </summary>
public static class Pretraining
{
    /// <summary>Held-out renderings per source character the pretrained classifier is scored on.</summary>
    public const int HeldOutRenders = 2;

    private const string AccuracyKey = "held_out_accuracy";
    private const string SecondsKey = "seconds";

    /// <summary>Classes of the source task, as declared.</summary>
    public static int SourceCharacters => ((MultiClass)PretrainedClassifier.Spec.Tasks[0].Target).Classes;

    /// <summary>The checkpoint for <paramref name="options"/> in <paramref name="cache"/>, pretrained now unless cached.</summary>
    public static PretrainingSummary Ensure(TransferOptions options, CharacterSplit split, string cache, Action<string> log)
    {
        Directory.CreateDirectory(cache);
        var path = Path.Combine(cache, $"pretrained-{Key(options)}.safetensors");
        if (File.Exists(path))
        {
            using var cached = ModuleCheckpoint.Read(path);
            if (cached.Metadata.TryGetValue(AccuracyKey, out var stored) && cached.Metadata.TryGetValue(SecondsKey, out var took))
            {
                log($"Pretrained classifier from the cache: {path}");
                return new PretrainingSummary(path, split.Source.Count, options.SourceRenders, options.PretrainSteps,
                    double.Parse(stored, CultureInfo.InvariantCulture), double.Parse(took, CultureInfo.InvariantCulture), Cached: true);
            }
        }

        var clock = Stopwatch.StartNew();
        using var scope = NewDisposeScope();
        var renders = new GlyphDataset(split.Source, options.SourceRenders + HeldOutRenders, seed: 0);
        using var trainer = PretrainedClassifier.Trainer.Create(options.Seed);
        using var train = Rows(trainer, renders, Enumerable.Range(0, options.SourceRenders));
        using var heldOut = Rows(trainer, renders, Enumerable.Range(options.SourceRenders, HeldOutRenders));
        log($"Pretraining on {split.Source.Count} source characters × {options.SourceRenders} renderings, {options.PretrainSteps} steps of {TransferOptions.PretrainBatch}");
        var every = Math.Max(1, options.PretrainSteps / 10);
        var sum = 0.0;
        trainer.Fit(train, new FitOptions(BatchSize: TransferOptions.PretrainBatch, Steps: options.PretrainSteps, Seed: options.Seed)
        {
            Callbacks = [FitCallbacks.OnStep((step, _) =>
            {
                sum += step.Total;
                if (step.Step % every != 0) return;
                log(FormattableString.Invariant($"  step {step.Step,5}/{options.PretrainSteps}  loss {sum / every:F3}  {clock.Elapsed.TotalSeconds:F0} s"));
                sum = 0;
            })],
        });
        var accuracy = trainer.Evaluate(heldOut)[TransferMethod.Task][Metric.Accuracy];
        log(FormattableString.Invariant($"  held-out accuracy on the {split.Source.Count} source characters: {100 * accuracy:F1} %  ({clock.Elapsed.TotalSeconds:F0} s)"));
        var seconds = clock.Elapsed.TotalSeconds;
        ModuleCheckpoint.Save(trainer.Model, path, new Dictionary<string, string>
        {
            [AccuracyKey] = accuracy.ToString("R", CultureInfo.InvariantCulture),
            [SecondsKey] = seconds.ToString("R", CultureInfo.InvariantCulture),
            ["declaration"] = PretrainedClassifier.Spec.ToString(),
        });
        return new PretrainingSummary(path, split.Source.Count, options.SourceRenders, options.PretrainSteps, accuracy, seconds, Cached: false);
    }

    /// <summary>The samples <paramref name="samples"/> of every character as a data set of the trainer's target.</summary>
    private static MultiTaskDataset Rows(IFineTuningTrainer trainer, GlyphDataset renders, IEnumerable<int> samples)
    {
        var picked = Enumerable.Range(0, renders.Glyphs.Count).SelectMany(c => samples.Select(s => (Class: c, Index: (long)c * renders.SamplesPerClass + s))).ToArray();
        var inputs = renders.Gather(picked.Select(p => p.Index).ToArray());
        return MultiTaskDataset.FromShared(trainer.Plan.Target, inputs, new Dictionary<string, Tensor> { [TransferMethod.Task] = tensor(picked.Select(p => (long)p.Class).ToArray()) });
    }

    /// <summary>Names what the checkpoint depends on: a stable hash of the declaration and the split, the renderings, steps and seed.</summary>
    private static string Key(TransferOptions options)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes($"{PretrainedClassifier.Spec}|{CharacterSplit.Seed}|renders 0"))
            hash = unchecked((hash ^ b) * 16777619u);
        return FormattableString.Invariant($"{hash:x8}-r{options.SourceRenders}-s{options.PretrainSteps}-seed{options.Seed}");
    }
}

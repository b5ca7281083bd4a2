using System;
using System.Collections.Generic;
using Composable.Examples.MultiKanjiStudy.Declarations;
using Composable.Training;

namespace Composable.Examples.MultiKanjiStudy;

/// <summary>One compared model: a generated declaration and how to make its trainer.</summary>
/// <param name="Name">Short name shown in the table.</param>
/// <param name="Declaration">The declaring class.</param>
/// <param name="Shares">What its tasks share, in words.</param>
/// <param name="Spec">The declaration.</param>
/// <param name="CreateTrainer">The generated <c>Trainer.Create(seed)</c>.</param>
public sealed record KanjiModel(string Name, string Declaration, string Shares, MultiTaskSpec Spec, Func<int, IMultiTaskTrainer> CreateTrainer);

/// <summary>The four compared models, baseline first; each is trained through its generated, typed trainer.</summary>
public static class KanjiModels
{
    /// <summary>The model every other is compared with (by Δp).</summary>
    public const string Baseline = "Independent";

    /// <summary>The cross-stitch model: a conv network per task, stitched after every block and MLP layer (see <see cref="CrossStitchConv"/>).</summary>
    public const string CrossStitch = "Cross-stitch";

    /// <summary>Every model, baseline first.</summary>
    public static IReadOnlyList<KanjiModel> All { get; } =
    [
        new(Baseline, nameof(IndependentConv), "nothing: a conv backbone and tower per task", IndependentConv.Spec, seed => IndependentConv.Trainer.Create(seed)),
        new("Hard sharing", nameof(HardSharedConv), "conv backbone + [256] trunk", HardSharedConv.Spec, seed => HardSharedConv.Trainer.Create(seed)),
        new("MMoE", nameof(MixtureConv), "conv backbone + 4 gated experts", MixtureConv.Spec, seed => MixtureConv.Trainer.Create(seed)),
        new(CrossStitch, nameof(CrossStitchConv), "nothing alone: conv networks stitched", CrossStitchConv.Spec, seed => CrossStitchConv.Trainer.Create(seed)),
    ];
}

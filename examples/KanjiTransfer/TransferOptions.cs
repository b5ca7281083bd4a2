using System.Collections.Generic;

namespace Composable.Examples.KanjiTransfer;

/// <summary>
/// Sizes and budgets of a run. The declarations fix the networks, the 500 source and 20 target characters of a
/// task and the rates; these say how much data and how many steps each part gets. <see cref="Full"/> is the
/// README's setting, <see cref="Quick"/> the tested seconds-long one (its budgets truncate the declared schedules).
/// </summary>
/// <param name="Draws">Random draws per cell: target characters, support images and initial weights (the multi-task view's seeds too).</param>
/// <param name="Seed">Seed of the draws, the pretraining and every initialisation; the character split is fixed.</param>
/// <param name="Shots">k, labelled images per target character.</param>
/// <param name="SourceRenders">Renderings per source character in pretraining.</param>
/// <param name="PretrainSteps">Mini-batch steps of pretraining (batches of <see cref="PretrainBatch"/>).</param>
/// <param name="FineTuneSteps">Optimiser steps of every trained method in every cell.</param>
/// <param name="TestRenders">Held-out renderings per target character a cell is scored on.</param>
/// <param name="TargetPool">Target characters the draws choose from (never seen in pretraining).</param>
/// <param name="SourceExamples">Rows of the multi-task source data (tasks A, B, C share them).</param>
/// <param name="SourceSteps">Steps of the multi-task source training.</param>
/// <param name="FewExamples">Training rows of the fourth task D in the multi-task view.</param>
/// <param name="TargetSteps">Steps of every method on D.</param>
/// <param name="Threads">Torch intra-op threads.</param>
/// <param name="Out">Folder of the JSON, the PNG and the checkpoint cache; nothing is written when null.</param>
public sealed record TransferOptions(
    int Draws,
    int Seed,
    IReadOnlyList<int> Shots,
    int SourceRenders,
    int PretrainSteps,
    int FineTuneSteps,
    int TestRenders,
    int TargetPool,
    int SourceExamples,
    int SourceSteps,
    IReadOnlyList<int> FewExamples,
    int TargetSteps,
    int Threads = 2,
    string? Out = null)
{
    /// <summary>Rows per pretraining step.</summary>
    public const int PretrainBatch = 64;

    /// <summary>Largest support batch of a fine-tuning step (a k-shot support set of 20·k images is one batch up to this size).</summary>
    public const int FineTuneBatch = 50;

    /// <summary>Largest batch of a step on task D.</summary>
    public const int TargetBatch = 32;

    /// <summary>Test rows of task D per seed.</summary>
    public const int TargetTestExamples = 2000;

    /// <summary>The README's setting: 10–20 minutes on 2 cores.</summary>
    public static TransferOptions Full { get; } = new(
        Draws: 5, Seed: 0, Shots: [1, 5, 10, 20], SourceRenders: 12, PretrainSteps: 1500, FineTuneSteps: 100, TestRenders: 20,
        TargetPool: 500, SourceExamples: 2000, SourceSteps: 600, FewExamples: [20, 100], TargetSteps: 150);

    /// <summary>The tested setting: well under a minute.</summary>
    public static TransferOptions Quick { get; } = new(
        Draws: 2, Seed: 0, Shots: [1, 2], SourceRenders: 1, PretrainSteps: 20, FineTuneSteps: 5, TestRenders: 2,
        TargetPool: 500, SourceExamples: 300, SourceSteps: 30, FewExamples: [20], TargetSteps: 15);
}

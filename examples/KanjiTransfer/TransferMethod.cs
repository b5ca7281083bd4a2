using System;
using System.Collections.Generic;
using System.Linq;
using Composable.Data;
using Composable.Examples.KanjiTransfer.Declarations;
using Composable.FewShot.Metric;
using Composable.Training;
using Composable.Transfer;
using static TorchSharp.torch;

namespace Composable.Examples.KanjiTransfer;

/// <summary>What a method is given in one cell: a k-shot support set, the held-out images, the source checkpoint and the budget.</summary>
/// <param name="SupportInputs">Support images [ways·k, 784].</param>
/// <param name="SupportLabels">Their classes, int64 [ways·k].</param>
/// <param name="TestInputs">Held-out images.</param>
/// <param name="TestLabels">Their classes.</param>
/// <param name="Ways">Target characters.</param>
/// <param name="Checkpoint">The pretrained classifier's safetensors file.</param>
/// <param name="Seed">Seed of the initial weights (heads, scratch) and of the batch order; shared by every method of a draw.</param>
/// <param name="Steps">Optimiser steps.</param>
/// <param name="BatchSize">Support images per step (an epoch is ⌈ways·k / BatchSize⌉ steps).</param>
public sealed record Cell(Tensor SupportInputs, Tensor SupportLabels, Tensor TestInputs, Tensor TestLabels, int Ways, string Checkpoint, int Seed, int Steps, int BatchSize);

/// <summary>How a method adapts.</summary>
public enum Adaptation
{
    /// <summary>Trains its declaration from random weights.</summary>
    Scratch,

    /// <summary>Loads the checkpoint's blocks into its declaration, then trains it.</summary>
    FineTune,

    /// <summary>No training: the nearest class mean of the pretrained backbone's embeddings (a prototypical network's rule).</summary>
    Prototypes,
}

/// <summary>One method of the kanji study: its name, its declaration's generated trainer and how it adapts.</summary>
/// <param name="Name">Name in tables, JSON and the chart.</param>
/// <param name="Spec">The declaration trained (for <see cref="Adaptation.Prototypes"/>, the one whose backbone embeds).</param>
/// <param name="Create">Its generated trainer for a seed (<c>X.Trainer.Create</c>).</param>
/// <param name="Adaptation">How it adapts.</param>
public sealed record TransferMethod(string Name, FineTuningSpec Spec, Func<int, IFineTuningTrainer> Create, Adaptation Adaptation)
{
    /// <summary>Every method, in table order.</summary>
    public static IReadOnlyList<TransferMethod> All { get; } =
    [
        new("scratch", FromScratch.Spec, seed => FromScratch.Trainer.Create(seed), Adaptation.Scratch),
        new("linear probe", LinearProbe.Spec, seed => LinearProbe.Trainer.Create(seed), Adaptation.FineTune),
        new("full fine-tuning", FullFineTuning.Spec, seed => FullFineTuning.Trainer.Create(seed), Adaptation.FineTune),
        new("discriminative rates", DiscriminativeFineTuning.Spec, seed => DiscriminativeFineTuning.Trainer.Create(seed), Adaptation.FineTune),
        new("gradual unfreezing", GraduallyUnfrozen.Spec, seed => GraduallyUnfrozen.Trainer.Create(seed), Adaptation.FineTune),
        new("prototypes (ProtoNet rule)", LinearProbe.Spec, seed => LinearProbe.Trainer.Create(seed), Adaptation.Prototypes),
    ];

    /// <summary>The name of the target task in every declaration.</summary>
    public const string Task = "Character";

    /// <summary>Accuracy on the cell's held-out images.</summary>
    public double Accuracy(Cell cell)
    {
        using var scope = NewDisposeScope();
        using var trainer = Create(cell.Seed);
        if (Adaptation != Adaptation.Scratch) trainer.LoadSource(cell.Checkpoint);
        if (Adaptation == Adaptation.Prototypes) return NearestPrototype((LinearProbe.Model)trainer.Network, cell);
        using var train = MultiTaskDataset.FromShared(trainer.Plan.Target, cell.SupportInputs.clone(), new Dictionary<string, Tensor> { [Task] = cell.SupportLabels.clone() });
        using var test = MultiTaskDataset.FromShared(trainer.Plan.Target, cell.TestInputs.clone(), new Dictionary<string, Tensor> { [Task] = cell.TestLabels.clone() });
        trainer.Fit(train, new FitOptions(BatchSize: cell.BatchSize, Steps: cell.Steps, Seed: cell.Seed));
        return trainer.Evaluate(test)[Task][Metric.Accuracy];
    }

    /// <summary>Each held-out image goes to the class whose support embeddings' mean is nearest (squared Euclidean).</summary>
    private static double NearestPrototype(LinearProbe.Model network, Cell cell)
    {
        using var noGrad = no_grad();
        network.eval();
        var prototypes = Prototypes.Of(network.Embed(cell.SupportInputs), cell.SupportLabels, cell.Ways);
        var logits = Prototypes.Logits(network.Embed(cell.TestInputs), prototypes, Distance.SquaredEuclidean);
        return AccuracyEstimate.OfScores(logits, cell.TestLabels);
    }
}

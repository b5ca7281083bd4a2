using System.Collections.Generic;

namespace Composable.Checkpoints;

/// <summary>What a trainer checkpoint's metadata says about it.</summary>
/// <param name="Path">The file.</param>
/// <param name="Declaration">The declaration's printed form.</param>
/// <param name="Step">Optimiser steps completed.</param>
/// <param name="Epoch">Epochs completed.</param>
/// <param name="Position">Where the fit stood, when a fit wrote the file.</param>
/// <param name="Metrics">Validation figures at this step, by name (mean loss as <c>loss</c>).</param>
/// <param name="Metadata">Every metadata entry.</param>
public sealed record CheckpointInfo(
    string Path, string Declaration, long Step, int Epoch, FitPosition? Position,
    IReadOnlyDictionary<string, double> Metrics, IReadOnlyDictionary<string, string> Metadata);

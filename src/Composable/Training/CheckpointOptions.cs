namespace Composable.Training;

/// <summary>
/// When and where a fit writes checkpoints (<see cref="Checkpoints.TrainerCheckpoint"/> files, named by
/// <see cref="Checkpoints.CheckpointFolder"/>).
/// </summary>
/// <param name="Folder">Where the files go; created when missing.</param>
/// <param name="EverySteps">Write after every this many steps (positive), when given.</param>
/// <param name="EachEpoch">Write at the end of every epoch.</param>
/// <param name="KeepLast">Step checkpoints kept (positive); older ones are deleted once a new one is safely written.</param>
/// <param name="BestMetric">
/// Keep <c>best.safetensors</c>, the epoch-end checkpoint with the best validation value of this figure (<c>loss</c> for
/// the mean loss, or a figure name such as <c>Income/accuracy</c>); needs validation data. None when null.
/// </param>
/// <param name="HigherIsBetter">Whether a higher <paramref name="BestMetric"/> is better (accuracy) rather than lower (loss).</param>
public sealed record CheckpointOptions(
    string Folder, long? EverySteps = null, bool EachEpoch = true, int KeepLast = 3, string? BestMetric = null, bool HigherIsBetter = false);

/// <summary>Stops a fit when a validation figure has not improved for <paramref name="Patience"/> epochs.</summary>
/// <param name="Metric"><c>loss</c> for the mean validation loss, or a figure name.</param>
/// <param name="Patience">Epochs without improvement tolerated (positive).</param>
/// <param name="HigherIsBetter">Whether a higher value is better.</param>
/// <param name="RestoreBestWeights">At the end of the fit, put back the network's weights of the best epoch.</param>
public sealed record EarlyStopping(string Metric = "loss", int Patience = 3, bool HigherIsBetter = false, bool RestoreBestWeights = true);

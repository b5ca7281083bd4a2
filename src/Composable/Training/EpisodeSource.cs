using System;
using Composable.Data.Episodes;

namespace Composable.Training;

/// <summary>
/// Where an episodic trainer's episodes come from: episodes 0…<paramref name="Episodes"/>−1 of
/// <paramref name="Split"/> of <paramref name="Family"/>, sampled with <paramref name="Seed"/>. An evaluation reads
/// all of them; a fit's epoch holds all of them (in an order drawn from the fit's seed).
/// </summary>
/// <param name="Family">The task family.</param>
/// <param name="Split">The part of the family: meta-training, validation or test tasks.</param>
/// <param name="Episodes">How many episodes an evaluation reads, or an epoch of a fit holds; positive.</param>
/// <param name="Seed">Seed of the episodes themselves (the same index and seed always give the same episode).</param>
public sealed record EpisodeSource(ITaskFamily Family, MetaSplit Split, int Episodes, int Seed = 0)
{
    /// <summary>
    /// Told after every episode (or meta-batch) an evaluation reads from this source, e.g. <c>Watch.Progress()</c>;
    /// a fit's progress goes to <see cref="FitOptions.Callbacks"/> instead.
    /// </summary>
    public IProgress<EvaluationProgress>? Progress { get; init; }

    /// <summary>Episode <paramref name="index"/> of this source.</summary>
    public Episode Sample(long index) => Family.Sample(Split, index, Seed);

    /// <summary>Throws <see cref="ArgumentException"/> when <see cref="Episodes"/> is not positive.</summary>
    public void Validate(string parameterName)
    {
        if (Episodes <= 0)
            throw new ArgumentException($"EpisodeSource.Episodes is {Episodes}; it must be positive.", parameterName);
    }
}

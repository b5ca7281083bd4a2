using System;
using System.Collections.Generic;
using System.Linq;
using Composable.Data.Episodes;
using static TorchSharp.torch;

namespace Composable.Meta;

/// <summary>
/// A meta-batch of episodes stacked along a leading task dimension: support inputs [T, S, in], support targets
/// [T, S, out] (or [T, S] labels), and the same for the query set. All episodes must have one shape.
/// </summary>
/// <param name="SupportInputs">[T, S, in].</param>
/// <param name="SupportTargets">[T, S, out] or [T, S].</param>
/// <param name="QueryInputs">[T, Q, in].</param>
/// <param name="QueryTargets">[T, Q, out] or [T, Q].</param>
public sealed record EpisodeBatch(Tensor SupportInputs, Tensor SupportTargets, Tensor QueryInputs, Tensor QueryTargets)
{
    /// <summary>Number of tasks T.</summary>
    public int Tasks => (int)SupportInputs.shape[0];

    /// <summary>Stacks <paramref name="episodes"/> on <paramref name="device"/> (in the current dispose scope).</summary>
    public static EpisodeBatch Of(IReadOnlyList<Episode> episodes, Device device)
    {
        var batch = Of(episodes);
        return Episode.IsOn(batch.SupportInputs, device)
            ? batch
            : new EpisodeBatch(batch.SupportInputs.to(device), batch.SupportTargets.to(device), batch.QueryInputs.to(device), batch.QueryTargets.to(device));
    }

    /// <summary>Stacks <paramref name="episodes"/> (in the current dispose scope).</summary>
    public static EpisodeBatch Of(IReadOnlyList<Episode> episodes)
    {
        if (episodes.Count == 0) throw new ArgumentException("A meta-batch needs at least one episode.", nameof(episodes));
        return new EpisodeBatch(
            stack(episodes.Select(e => e.SupportInputs).ToArray(), 0),
            stack(episodes.Select(e => e.SupportTargets).ToArray(), 0),
            stack(episodes.Select(e => e.QueryInputs).ToArray(), 0),
            stack(episodes.Select(e => e.QueryTargets).ToArray(), 0));
    }
}

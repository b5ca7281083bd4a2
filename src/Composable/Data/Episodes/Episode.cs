using System;
using TorchSharp;
using static TorchSharp.torch;

namespace Composable.Data.Episodes;

/// <summary>
/// One task as a meta-learner sees it: a support set to adapt on and a query set to score the adapted weights.
/// Inputs are float32 [N, features]; targets float32 [N, outputs] (regression) or int64 [N] labels in
/// [0, ways) (classification, already remapped for this episode). The episode owns its tensors.
/// </summary>
/// <param name="SupportInputs">Support inputs.</param>
/// <param name="SupportTargets">Support targets.</param>
/// <param name="QueryInputs">Query inputs.</param>
/// <param name="QueryTargets">Query targets.</param>
/// <param name="Task">What the task is: a <see cref="SinusoidTask"/> or a <see cref="ClassEpisodeTask"/>.</param>
public sealed record Episode(Tensor SupportInputs, Tensor SupportTargets, Tensor QueryInputs, Tensor QueryTargets, object Task) : IDisposable
{
    /// <summary>Moves the tensors out of the current dispose scope (for episodes that outlive a step).</summary>
    public Episode MoveToOuterDisposeScope()
    {
        SupportInputs.MoveToOuterDisposeScope();
        SupportTargets.MoveToOuterDisposeScope();
        QueryInputs.MoveToOuterDisposeScope();
        QueryTargets.MoveToOuterDisposeScope();
        return this;
    }

    /// <summary>
    /// This episode with its tensors on <paramref name="device"/>: itself when they are there already, else copies
    /// made in the current dispose scope (with the same <see cref="Task"/>).
    /// </summary>
    public Episode To(Device device) => IsOn(SupportInputs, device)
        ? this
        : new Episode(SupportInputs.to(device), SupportTargets.to(device), QueryInputs.to(device), QueryTargets.to(device), Task);

    /// <summary>Whether <paramref name="tensor"/> lives on <paramref name="device"/> (any CPU is the CPU).</summary>
    internal static bool IsOn(Tensor tensor, Device device) =>
        tensor.device_type == device.type && (device.type == DeviceType.CPU || tensor.device_index == device.index);

    /// <inheritdoc />
    public void Dispose()
    {
        SupportInputs.Dispose();
        SupportTargets.Dispose();
        QueryInputs.Dispose();
        QueryTargets.Dispose();
    }
}

/// <summary>Which part of a task family an episode comes from; the parts never share a task (or a class).</summary>
public enum MetaSplit
{
    /// <summary>Tasks for meta-training.</summary>
    Train,

    /// <summary>Tasks for model selection.</summary>
    Validation,

    /// <summary>Held-out tasks for the final report.</summary>
    Test,
}

/// <summary>A distribution over tasks that produces episodes, deterministically from a seed.</summary>
public interface ITaskFamily
{
    /// <summary>The episode shape this family produces.</summary>
    Composable.Episodes Shape { get; }

    /// <summary>Input features per example.</summary>
    int InputWidth { get; }

    /// <summary>
    /// Episode number <paramref name="index"/> of <paramref name="split"/>: the same (split, index, seed) always gives
    /// the same episode; different splits never give the same task.
    /// </summary>
    Episode Sample(MetaSplit split, long index, int seed = 0);
}

/// <summary>Helpers over task families.</summary>
public static class TaskFamilies
{
    /// <summary>Episodes <paramref name="first"/>…<paramref name="first"/>+<paramref name="count"/>−1 of a split.</summary>
    public static Episode[] SampleBatch(this ITaskFamily family, MetaSplit split, long first, int count, int seed = 0)
    {
        var batch = new Episode[count];
        for (var i = 0; i < count; i++)
            batch[i] = family.Sample(split, first + i, seed);
        return batch;
    }

    /// <summary>A seed for one (split, index, seed) triple, mixed so that neighbouring indices are unrelated.</summary>
    internal static int Mix(MetaSplit split, long index, int seed)
    {
        unchecked
        {
            var h = (ulong)seed * 0x9E3779B97F4A7C15UL ^ ((ulong)split + 1) * 0xC2B2AE3D27D4EB4FUL ^ (ulong)index * 0x165667B19E3779F9UL;
            h ^= h >> 33; h *= 0xFF51AFD7ED558CCDUL; h ^= h >> 33; h *= 0xC4CEB9FE1A85EC53UL; h ^= h >> 33;
            return (int)(h & 0x7FFFFFFF);
        }
    }
}

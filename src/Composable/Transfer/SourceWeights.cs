using System;
using System.Collections.Generic;
using System.Linq;
using Composable.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace Composable.Transfer;

/// <summary>
/// Carries a pretrained network's weights into a fine-tuned one: every parameter and buffer of the source's blocks,
/// and of the heads when the declaration keeps them, by state-dict name. Everything is checked before anything is
/// copied: a source that lacks an entry, or holds one of another shape or dtype, changes nothing and the error lists
/// every such entry. Entries the fine-tuned network does not take from its source (the source's other heads) are
/// ignored.
/// </summary>
public static class SourceWeights
{
    /// <summary>The state-dict names <paramref name="network"/> takes from its source under <paramref name="plan"/>.</summary>
    public static IReadOnlyList<string> Names(FineTuningPlan plan, nn.Module network)
    {
        var prefixes = plan.Blocks.SelectMany(b => b.Prefixes)
            .Concat(plan.Spec.Head == HeadInitialisation.Keep ? plan.Heads.Prefixes : Enumerable.Empty<string>()).ToArray();
        return StateDict.Of(network).Keys.Where(name => prefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal))).ToArray();
    }

    /// <summary>Copies the source entries of <paramref name="tensors"/> into <paramref name="network"/>.</summary>
    /// <param name="plan">The fine-tuning plan.</param>
    /// <param name="network">The fine-tuned network.</param>
    /// <param name="tensors">The source's tensors by its names (a checkpoint's, or a live network's state dict).</param>
    /// <param name="rename">Maps the source's names to the network's; identity when null (see <see cref="StateDict.Renaming"/>).</param>
    /// <param name="source">Names the source in messages.</param>
    /// <exception cref="StateDictMismatchException">An entry is missing from the source or has another layout; nothing was changed.</exception>
    public static void Load(FineTuningPlan plan, nn.Module network, IReadOnlyDictionary<string, Tensor> tensors, Func<string, string>? rename, string source)
    {
        var map = rename ?? (name => name);
        var wanted = Names(plan, network).ToHashSet(StringComparer.Ordinal);
        var targets = StateDict.Of(network).Where(t => wanted.Contains(t.Key)).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
        var offered = tensors.Where(t => wanted.Contains(map(t.Key))).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
        var problems = StateDict.Compare(
            targets.ToDictionary(t => t.Key, t => TensorLayout.Of(t.Value)),
            offered.ToDictionary(t => t.Key, t => TensorLayout.Of(t.Value)),
            map);
        if (problems.Count > 0) throw new StateDictMismatchException(source, network.GetType().Name, problems);
        using var noGrad = no_grad();
        foreach (var (name, tensor) in offered) targets[map(name)].copy_(tensor);
    }

    /// <summary>Copies the source entries of the checkpoint at <paramref name="path"/> (safetensors or PyTorch) into <paramref name="network"/>.</summary>
    /// <exception cref="CheckpointFormatException">The file is truncated, corrupt or of an unknown kind; nothing was changed.</exception>
    /// <exception cref="StateDictMismatchException">The file does not hold the source's entries; nothing was changed.</exception>
    public static void Load(FineTuningPlan plan, nn.Module network, string path, Func<string, string>? rename = null)
    {
        using var file = ModuleCheckpoint.Read(path);
        Load(plan, network, file.Tensors, rename, $"'{path}'");
    }
}

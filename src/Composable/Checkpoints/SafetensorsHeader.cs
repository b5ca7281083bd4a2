using System.Collections.Generic;
using System.Linq;

namespace Composable.Checkpoints;

/// <summary>One tensor's entry in a safetensors header.</summary>
/// <param name="Name">The tensor's name (a state-dict key).</param>
/// <param name="Layout">Its dtype and shape.</param>
/// <param name="Begin">Offset of its first byte in the data buffer (after the header).</param>
/// <param name="End">Offset one past its last byte in the data buffer.</param>
public sealed record SafetensorsEntry(string Name, TensorLayout Layout, long Begin, long End);

/// <summary>
/// A validated safetensors header: every tensor, in data order, and the <c>__metadata__</c> map (empty when the file
/// has none). Reading one costs a few reads of the file's start, so a caller can look at a checkpoint's metadata or
/// compare its layout with a module without loading any tensor.
/// </summary>
/// <param name="Tensors">Every tensor, ordered by <see cref="SafetensorsEntry.Begin"/>.</param>
/// <param name="Metadata">The string-to-string <c>__metadata__</c> entries.</param>
public sealed record SafetensorsHeader(IReadOnlyList<SafetensorsEntry> Tensors, IReadOnlyDictionary<string, string> Metadata)
{
    /// <summary>Bytes of the data buffer the header describes: the end of its last tensor.</summary>
    public long DataLength => Tensors.Count == 0 ? 0 : Tensors[^1].End;

    /// <summary>Each tensor's layout by name.</summary>
    public IReadOnlyDictionary<string, TensorLayout> Layouts() => Tensors.ToDictionary(t => t.Name, t => t.Layout);
}

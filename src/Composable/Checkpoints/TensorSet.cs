using System;
using System.Collections.Generic;
using TorchSharp;

namespace Composable.Checkpoints;

/// <summary>
/// Named tensors read from a checkpoint file, with the file's string metadata. It owns the tensors: disposing it
/// disposes every one of them.
/// </summary>
public sealed class TensorSet : IDisposable
{
    /// <summary>A set owning <paramref name="tensors"/>.</summary>
    /// <param name="tensors">The tensors by name.</param>
    /// <param name="metadata">The file's metadata (empty when it has none).</param>
    public TensorSet(IReadOnlyDictionary<string, torch.Tensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        Tensors = tensors;
        Metadata = metadata;
    }

    /// <summary>The tensors by name, on the CPU.</summary>
    public IReadOnlyDictionary<string, torch.Tensor> Tensors { get; }

    /// <summary>The file's string-to-string metadata.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Disposes every tensor.</summary>
    public void Dispose()
    {
        foreach (var tensor in Tensors.Values) tensor.Dispose();
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Composable.Training;
using Xunit;
using static TorchSharp.torch;

namespace Composable.Tests.Data;

/// <summary>
/// What a refused call must leave as it was: the trainer's state dict (compared tensor by tensor with <c>equal</c>)
/// and every file of a checkpoint folder (compared byte for byte).
/// </summary>
internal sealed class NothingLost : IDisposable
{
    private readonly Dictionary<string, Tensor> _parameters;
    private readonly SortedDictionary<string, byte[]> _files;
    private readonly string? _folder;

    private NothingLost(Dictionary<string, Tensor> parameters, SortedDictionary<string, byte[]> files, string? folder)
    {
        _parameters = parameters;
        _files = files;
        _folder = folder;
    }

    /// <summary>Copies of <paramref name="trainer"/>'s state dict and of the files in <paramref name="folder"/> (when given).</summary>
    public static NothingLost Of(ITrainer trainer, string? folder = null) =>
        new(trainer.Module.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone().DetachFromDisposeScope()), Files(folder), folder);

    /// <summary>The bytes of every file in <paramref name="folder"/>, by name; none when null.</summary>
    public static SortedDictionary<string, byte[]> Files(string? folder) =>
        folder is null || !Directory.Exists(folder)
            ? new SortedDictionary<string, byte[]>(StringComparer.Ordinal)
            : new SortedDictionary<string, byte[]>(Directory.GetFiles(folder).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes), StringComparer.Ordinal);

    /// <summary>Asserts the trainer's tensors are bit-identical to the copies and the folder holds the very same files.</summary>
    public void AssertUnchanged(ITrainer trainer)
    {
        var now = trainer.Module.state_dict();
        Assert.Equal(_parameters.Keys.Order(), now.Keys.Order());
        Assert.All(_parameters, p => Assert.True(p.Value.equal(now[p.Key]).all().item<bool>(), $"{p.Key} changed"));
        var files = Files(_folder);
        Assert.Equal(_files.Keys, files.Keys);
        Assert.All(_files, f => Assert.True(f.Value.AsSpan().SequenceEqual(files[f.Key]), $"{f.Key} changed on disk"));
    }

    public void Dispose()
    {
        foreach (var tensor in _parameters.Values) tensor.Dispose();
    }
}

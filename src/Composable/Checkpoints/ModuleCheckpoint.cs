using System;
using System.Collections.Generic;
using System.IO;
using TorchSharp;

namespace Composable.Checkpoints;

/// <summary>
/// Saves a module's state dict to a safetensors file and loads a checkpoint into a module, checked first: a file
/// that does not fit changes nothing and the error lists every difference.
/// </summary>
public static class ModuleCheckpoint
{
    /// <summary>
    /// Writes <paramref name="module"/>'s parameters and persistent buffers under their state-dict names, with
    /// <paramref name="metadata"/>, to <paramref name="path"/> in safetensors format, atomically.
    /// </summary>
    public static void Save(torch.nn.Module module, string path, IReadOnlyDictionary<string, string>? metadata = null) =>
        SafetensorsFile.Write(path, StateDict.Of(module), metadata);

    /// <summary>
    /// Loads <paramref name="path"/> into <paramref name="module"/> and returns the file's metadata. A
    /// <c>.safetensors</c> file is read by <see cref="SafetensorsFile"/>; a <c>.pt</c>, <c>.pth</c> or <c>.bin</c>
    /// file (PyTorch's <c>torch.save</c> of a state dict) by <see cref="PyTorchFile"/>, which refuses pickles that
    /// reference anything but tensors and plain containers.
    /// </summary>
    /// <param name="module">The module to fill.</param>
    /// <param name="path">The checkpoint file.</param>
    /// <param name="rename">Maps the file's names to the module's; identity when null (see <see cref="StateDict.Renaming"/>).</param>
    /// <exception cref="CheckpointFormatException">The file is truncated, corrupt or of an unknown kind.</exception>
    /// <exception cref="StateDictMismatchException">The file's entries do not fit the module; nothing was changed.</exception>
    public static IReadOnlyDictionary<string, string> Load(torch.nn.Module module, string path, Func<string, string>? rename = null)
    {
        using var tensors = Read(path);
        StateDict.Load(module, tensors.Tensors, rename, $"'{path}'");
        return tensors.Metadata;
    }

    /// <summary>Reads a checkpoint file of either kind, chosen by its extension.</summary>
    /// <exception cref="CheckpointFormatException">The file is truncated, corrupt or of an unknown kind.</exception>
    public static TensorSet Read(string path) =>
        Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".safetensors" => SafetensorsFile.Read(path),
            ".pt" or ".pth" or ".bin" => PyTorchFile.ReadStateDict(path),
            var other => throw new CheckpointFormatException(path,
                $"the extension '{other}' names no checkpoint format known here (.safetensors, or PyTorch's .pt, .pth, .bin)."),
        };
}

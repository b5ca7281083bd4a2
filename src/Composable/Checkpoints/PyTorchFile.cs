using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using TorchSharp;
using TorchSharp.PyBridge;

namespace Composable.Checkpoints;

/// <summary>
/// Reads a state dict that PyTorch wrote with <c>torch.save(model.state_dict(), path)</c>: a zip archive holding a
/// pickle (<c>data.pkl</c>) and one entry per storage. Every pickle in the archive is checked by
/// <see cref="PickleGuard"/> before anything is unpickled, so a file that references any function or class besides
/// tensors and plain containers is refused without running any of it; the tensors are then rebuilt by
/// TorchSharp.PyBridge.
/// </summary>
public static class PyTorchFile
{
    /// <summary>Reads the flat state dict of <paramref name="path"/> (no metadata: PyTorch files carry none).</summary>
    /// <exception cref="UnsafePickleException">The pickle references something other than tensors and plain containers.</exception>
    /// <exception cref="CheckpointFormatException">The file is not a zip-format <c>torch.save</c> file of a flat state dict, or is corrupt.</exception>
    public static TensorSet ReadStateDict(string path)
    {
        using (var file = File.OpenRead(path))
            CheckPickles(path, file);
        Hashtable loaded;
        try
        {
            using var file = File.OpenRead(path);
            loaded = PyTorchUnpickler.UnpickleStateDict(file);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new CheckpointFormatException(path, $"its pickle could not be read as a state dict ({e.GetType().Name}: {e.Message}).");
        }
        return ToTensorSet(path, loaded);
    }

    private static void CheckPickles(string path, Stream file)
    {
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException)
        {
            throw new CheckpointFormatException(path,
                "it is not a zip archive: PyTorch's legacy (pre-1.6) format is not read here; re-save it with a current torch.save, or as .safetensors.");
        }
        using (archive)
        {
            var pickles = archive.Entries.Where(e => e.FullName.EndsWith(".pkl", StringComparison.Ordinal)).ToArray();
            if (!pickles.Any(e => e.Name == "data.pkl"))
                throw new CheckpointFormatException(path, "the archive has no data.pkl: it was not written by torch.save.");
            foreach (var entry in pickles)
            {
                using var stream = entry.Open();
                using var bytes = new MemoryStream();
                stream.CopyTo(bytes);
                IReadOnlyList<string> refused;
                try
                {
                    refused = PickleGuard.Refusals(bytes.GetBuffer().AsSpan(0, (int)bytes.Length));
                }
                catch (FormatException e)
                {
                    throw new CheckpointFormatException(path, $"{entry.FullName}: {e.Message}");
                }
                if (refused.Count > 0) throw new UnsafePickleException(path, refused);
            }
        }
    }

    private static TensorSet ToTensorSet(string path, Hashtable loaded)
    {
        var tensors = new Dictionary<string, torch.Tensor>(StringComparer.Ordinal);
        var wrong = new List<string>();
        foreach (DictionaryEntry entry in loaded)
        {
            if (entry.Key is string name && entry.Value is torch.Tensor tensor) tensors.Add(name, tensor);
            else wrong.Add($"'{entry.Key}' ({entry.Value?.GetType().Name ?? "None"})");
        }
        if (wrong.Count == 0) return new TensorSet(tensors, new Dictionary<string, string>());
        foreach (var tensor in tensors.Values) tensor.Dispose();
        throw new CheckpointFormatException(path, $"it is not a flat state dict: {string.Join(", ", wrong)} {(wrong.Count == 1 ? "is" : "are")} not named tensors.");
    }
}

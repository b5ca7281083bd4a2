using System;
using System.IO;
using System.Linq;
using static TorchSharp.torch;

namespace Composable.Tests.Checkpoints;

/// <summary>A fresh temporary folder per test, removed afterwards; the fixtures' folder; tensor comparisons by bytes.</summary>
internal sealed class CheckpointFolder : IDisposable
{
    public CheckpointFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "composable-ckpt-" + Guid.NewGuid().ToString("N"));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Every file in the folder, by name (temporary files included).</summary>
    public string[] Names() => Directory.GetFiles(Path).Select(System.IO.Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    public static string Fixture(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "Checkpoints", "Fixtures", name);

    /// <summary>The raw bytes of a tensor (made contiguous on the CPU), for bit-exact comparisons.</summary>
    public static byte[] Bytes(Tensor tensor)
    {
        using var scope = NewDisposeScope();
        return tensor.detach().cpu().contiguous().bytes.ToArray();
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

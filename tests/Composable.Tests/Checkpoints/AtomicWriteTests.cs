using System;
using System.Collections.Generic;
using System.IO;
using Composable.Checkpoints;
using Xunit;
using static TorchSharp.torch;

namespace Composable.Tests.Checkpoints;

public sealed class AtomicWriteTests : IDisposable
{
    private readonly CheckpointFolder folder = new();

    public void Dispose() => folder.Dispose();

    /// <summary>Passes writes through until <see cref="Limit"/> bytes have gone, then fails as a full disk would.</summary>
    private sealed class FailingStream(Stream inner, long limit) : Stream
    {
        private long written;

        public long Limit => limit;

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            var allowed = (int)Math.Min(buffer.Length, limit - written);
            inner.Write(buffer[..allowed]);
            written += allowed;
            if (allowed < buffer.Length) throw new IOException($"No space left on device (injected after {limit} bytes).");
        }

        public override void Flush() => inner.Flush();
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => written; set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }

    private static Dictionary<string, Tensor> Tensors(float value) => new()
    {
        ["w"] = full(64, 64, value),
        ["b"] = full(64, value, dtype: ScalarType.Float64),
    };

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(40)]
    [InlineData(10_000)]
    public void Failure_mid_write_leaves_the_old_file_byte_identical_and_no_temporary(long failAfter)
    {
        var path = folder.File("model.safetensors");
        SafetensorsFile.Write(path, Tensors(1f), new Dictionary<string, string> { ["composable.step"] = "1" });
        var before = File.ReadAllBytes(path);

        var error = Assert.Throws<IOException>(() =>
            SafetensorsFile.Write(path, Tensors(2f), new Dictionary<string, string> { ["composable.step"] = "2" }, s => new FailingStream(s, failAfter)));

        Assert.Contains("injected", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(["model.safetensors"], folder.Names());
    }

    [Fact]
    public void Success_replaces_the_file_whole_and_leaves_no_temporary()
    {
        var path = folder.File("model.safetensors");
        SafetensorsFile.Write(path, Tensors(1f));
        SafetensorsFile.Write(path, Tensors(2f), new Dictionary<string, string> { ["composable.step"] = "2" });

        using var read = SafetensorsFile.Read(path);
        Assert.Equal(2f, read.Tensors["w"][0, 0].item<float>());
        Assert.Equal("2", read.Metadata["composable.step"]);
        Assert.Equal(["model.safetensors"], folder.Names());
    }

    [Fact]
    public void Failure_on_a_new_file_leaves_nothing_behind()
    {
        var path = folder.File("new.safetensors");

        Assert.Throws<IOException>(() => SafetensorsFile.Write(path, Tensors(1f), null, s => new FailingStream(s, 100)));

        Assert.Empty(folder.Names());
    }

    [Fact]
    public void Missing_folder_is_named_in_the_error()
    {
        var path = Path.Combine(folder.Path, "absent", "model.safetensors");

        var error = Assert.Throws<DirectoryNotFoundException>(() => SafetensorsFile.Write(path, Tensors(1f)));

        Assert.Contains(Path.Combine(folder.Path, "absent"), error.Message, StringComparison.Ordinal);
    }
}

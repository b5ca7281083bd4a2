using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using TorchSharp;

namespace Composable.Checkpoints;

/// <summary>
/// Reads and writes the safetensors format: an 8-byte little-endian header length, a JSON header (tensors' dtype,
/// shape and data offsets, plus a <c>__metadata__</c> string map), padded with spaces to a multiple of 8 bytes, then
/// the tensors' raw little-endian, row-major bytes, back to back.
/// </summary>
/// <remarks>
/// Written here rather than taken from TorchSharp.PyBridge, whose safetensors reader drops <c>__metadata__</c>
/// (and cannot write it), checks neither offsets, holes, overlaps nor trailing bytes, and whose writer neither sorts
/// nor pads the header as the reference implementation does and writes in place rather than atomically.
/// The writer follows the reference implementation: tensors ordered by dtype (largest first, in its dtype order),
/// then by name; <c>__metadata__</c> first in the header, its keys sorted so that a file is reproducible.
/// </remarks>
public static class SafetensorsFile
{
    private const int LengthBytes = 8;
    private const int CopyBuffer = 1 << 16;

    /// <summary>
    /// Writes <paramref name="tensors"/> and <paramref name="metadata"/> to <paramref name="path"/> atomically: a
    /// failure at any point leaves the previous file as it was.
    /// </summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="tensors">The tensors by name, on any device, contiguous or not.</param>
    /// <param name="metadata">Strings stored as <c>__metadata__</c>; none when null or empty.</param>
    public static void Write(string path, IReadOnlyDictionary<string, torch.Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null) =>
        Write(path, tensors, metadata, decorate: null);

    /// <summary>As <see cref="Write(string, IReadOnlyDictionary{string, torch.Tensor}, IReadOnlyDictionary{string, string}?)"/>, the file stream wrapped by <paramref name="decorate"/>.</summary>
    internal static void Write(
        string path, IReadOnlyDictionary<string, torch.Tensor> tensors, IReadOnlyDictionary<string, string>? metadata, Func<Stream, Stream>? decorate)
    {
        var plan = Plan(tensors, metadata);
        AtomicFile.Write(path, stream => Write(stream, plan), decorate);
    }

    /// <summary>Writes the file's bytes to <paramref name="stream"/> (not atomic: prefer the path overload for files).</summary>
    /// <param name="stream">Receives the bytes from its current position.</param>
    /// <param name="tensors">The tensors by name.</param>
    /// <param name="metadata">Strings stored as <c>__metadata__</c>.</param>
    public static void Write(Stream stream, IReadOnlyDictionary<string, torch.Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null) =>
        Write(stream, Plan(tensors, metadata));

    /// <summary>Reads and validates only the header of <paramref name="path"/>: names, layouts and metadata, no tensor data.</summary>
    /// <exception cref="CheckpointFormatException">The file is truncated, corrupt or not a safetensors file.</exception>
    public static SafetensorsHeader ReadHeader(string path)
    {
        using var file = OpenRead(path);
        return ReadHeader(path, file);
    }

    /// <summary>
    /// Reads every tensor of <paramref name="path"/> onto the CPU, with its metadata. The whole file is validated
    /// before the first tensor is made; the result owns the tensors.
    /// </summary>
    /// <exception cref="CheckpointFormatException">The file is truncated, corrupt or not a safetensors file.</exception>
    public static TensorSet Read(string path)
    {
        using var file = OpenRead(path);
        var header = ReadHeader(path, file);
        var tensors = new Dictionary<string, torch.Tensor>(StringComparer.Ordinal);
        try
        {
            foreach (var entry in header.Tensors)
            {
                var tensor = torch.empty(entry.Layout.Shape.ToArray(), entry.Layout.Dtype, torch.CPU);
                tensors.Add(entry.Name, tensor);
                tensor.ReadBytesFromStream(file, CopyBuffer);
            }
        }
        catch (Exception e)
        {
            foreach (var tensor in tensors.Values) tensor.Dispose();
            if (e is EndOfStreamException) throw new CheckpointFormatException(path, "the file ended while its tensors were read (it changed while being read).");
            throw;
        }
        return new TensorSet(tensors, header.Metadata);
    }

    private static FileStream OpenRead(string path)
    {
        RequireLittleEndian();
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, CopyBuffer);
    }

    private static SafetensorsHeader ReadHeader(string path, FileStream file)
    {
        var fileLength = file.Length;
        Span<byte> lengthField = stackalloc byte[LengthBytes];
        if (fileLength < LengthBytes || file.ReadAtLeast(lengthField, LengthBytes, throwOnEndOfStream: false) < LengthBytes)
            throw new CheckpointFormatException(path, $"the file is {fileLength} bytes long, too short for the 8-byte header length that begins a safetensors file.");
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthField);
        if (headerLength > SafetensorsHeaderReader.MaxHeaderBytes)
            throw new CheckpointFormatException(path, $"the header length field says {headerLength} bytes, above the format's limit of {SafetensorsHeaderReader.MaxHeaderBytes} (not a safetensors file, or a corrupt one).");
        if ((long)headerLength > fileLength - LengthBytes)
            throw new CheckpointFormatException(path, $"the header length field says {headerLength} bytes, but only {fileLength - LengthBytes} follow it (the file is truncated).");
        var json = new byte[headerLength];
        file.ReadExactly(json);
        var header = SafetensorsHeaderReader.Parse(path, json);
        var dataLength = fileLength - LengthBytes - (long)headerLength;
        if (header.DataLength > dataLength)
            throw new CheckpointFormatException(path, $"the header describes {header.DataLength} bytes of tensor data, but the file holds {dataLength} (the file is truncated).");
        if (header.DataLength < dataLength)
            throw new CheckpointFormatException(path, $"the file has {dataLength - header.DataLength} bytes after the last tensor's data (trailing garbage, or a corrupt header).");
        return header;
    }

    private sealed record PlannedTensor(string Name, string Dtype, torch.Tensor Tensor, long Bytes);

    private sealed record WritePlan(byte[] Header, IReadOnlyList<PlannedTensor> Tensors);

    /// <summary>Checks every name and dtype and builds the header before a byte is written.</summary>
    private static WritePlan Plan(IReadOnlyDictionary<string, torch.Tensor> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        RequireLittleEndian();
        var ordered = tensors
            .Select(t => new PlannedTensor(
                RequireName(t.Key), SafetensorsDtype.NameOf(t.Value.dtype, t.Key), t.Value,
                t.Value.NumberOfElements * SafetensorsDtype.BytesOf(t.Value.dtype)))
            .OrderByDescending(t => SafetensorsDtype.RankOf(t.Tensor.dtype))
            .ThenBy(t => Encoding.UTF8.GetBytes(t.Name), Utf8Order.Instance)
            .ToArray();

        using var json = new MemoryStream();
        using (var writer = new Utf8JsonWriter(json, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                writer.WriteStartObject("__metadata__");
                foreach (var (key, value) in metadata.OrderBy(m => m.Key, StringComparer.Ordinal)) writer.WriteString(key, value);
                writer.WriteEndObject();
            }
            long offset = 0;
            foreach (var tensor in ordered)
            {
                writer.WriteStartObject(tensor.Name);
                writer.WriteString("dtype", tensor.Dtype);
                writer.WriteStartArray("shape");
                foreach (var dimension in tensor.Tensor.shape) writer.WriteNumberValue(dimension);
                writer.WriteEndArray();
                writer.WriteStartArray("data_offsets");
                writer.WriteNumberValue(offset);
                writer.WriteNumberValue(offset + tensor.Bytes);
                writer.WriteEndArray();
                writer.WriteEndObject();
                offset += tensor.Bytes;
            }
            writer.WriteEndObject();
        }
        var padding = (int)((LengthBytes - json.Length % LengthBytes) % LengthBytes);
        for (var i = 0; i < padding; i++) json.WriteByte((byte)' ');
        return new WritePlan(json.ToArray(), ordered);
    }

    private static void Write(Stream stream, WritePlan plan)
    {
        Span<byte> lengthField = stackalloc byte[LengthBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(lengthField, (ulong)plan.Header.Length);
        stream.Write(lengthField);
        stream.Write(plan.Header);
        foreach (var planned in plan.Tensors)
        {
            using var scope = torch.NewDisposeScope();
            planned.Tensor.detach().cpu().contiguous().WriteBytesToStream(stream, CopyBuffer);
        }
    }

    private static string RequireName(string name) =>
        name == "__metadata__"
            ? throw new ArgumentException("A tensor cannot be named '__metadata__': the safetensors header reserves that key for metadata.")
            : name;

    private static void RequireLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("Safetensors files are little-endian; reading or writing them on a big-endian machine is not supported.");
    }

    /// <summary>Byte-wise order of UTF-8 names, as the reference implementation sorts them.</summary>
    private sealed class Utf8Order : IComparer<byte[]>
    {
        public static readonly Utf8Order Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}

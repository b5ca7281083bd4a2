using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using System.Text.Json;
using static TorchSharp.torch;

namespace Composable.Bench.ProtoNet;

/// <summary>
/// Writes named CPU tensors in the safetensors layout (an 8-byte little-endian header length, a JSON header of
/// <c>{name: {dtype, shape, data_offsets}}</c>, then the raw little-endian data): how the benchmark hands its episodes
/// and initial weights to the PyTorch peer, which reads the file with a few lines of standard-library Python.
/// </summary>
internal static class SafetensorsFile
{
    public static void Write(string path, IReadOnlyList<(string Name, Tensor Value)> tensors)
    {
        var blobs = new List<byte[]>(tensors.Count);
        using var header = new MemoryStream();
        using (var json = new Utf8JsonWriter(header))
        {
            json.WriteStartObject();
            long offset = 0;
            foreach (var (name, value) in tensors)
            {
                var (dtype, bytes) = value.dtype switch
                {
                    ScalarType.Float32 => ("F32", MemoryMarshal.AsBytes<float>(value.contiguous().data<float>().ToArray()).ToArray()),
                    ScalarType.Int64 => ("I64", MemoryMarshal.AsBytes<long>(value.contiguous().data<long>().ToArray()).ToArray()),
                    var other => throw new NotSupportedException($"{name}: dtype {other} is not written"),
                };
                json.WriteStartObject(name);
                json.WriteString("dtype", dtype);
                json.WriteStartArray("shape");
                foreach (var size in value.shape) json.WriteNumberValue(size);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + bytes.Length);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += bytes.Length;
                blobs.Add(bytes);
            }
            json.WriteEndObject();
        }
        // The format pads the header with spaces to a multiple of 8 bytes.
        var headerBytes = header.ToArray();
        var padded = (headerBytes.Length + 7) / 8 * 8;
        using var file = File.Create(path);
        file.Write(BitConverter.GetBytes((ulong)padded));
        file.Write(headerBytes);
        for (var i = headerBytes.Length; i < padded; i++) file.WriteByte((byte)' ');
        foreach (var blob in blobs) file.Write(blob);
    }
}

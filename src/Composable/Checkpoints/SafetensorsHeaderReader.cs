using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Unicode;

namespace Composable.Checkpoints;

/// <summary>
/// Parses and validates a safetensors header per the format's specification: a JSON object beginning with
/// <c>{</c>, optionally padded with whitespace; each key a tensor (exactly <c>dtype</c>, <c>shape</c> and
/// <c>data_offsets</c>) or <c>__metadata__</c> (strings only); no duplicate keys; the tensors' byte ranges, sorted,
/// tile the data buffer from 0 with no hole and no overlap, each exactly dtype size × element count long.
/// </summary>
internal static class SafetensorsHeaderReader
{
    /// <summary>The reference implementation's limit on the header length.</summary>
    public const long MaxHeaderBytes = 100_000_000;

    /// <summary>The header of <paramref name="json"/>, or a <see cref="CheckpointFormatException"/> naming <paramref name="path"/> and the fault.</summary>
    public static SafetensorsHeader Parse(string path, ReadOnlySpan<byte> json)
    {
        if (json.Length == 0 || json[0] != (byte)'{')
            throw Fail(path, "the header does not begin with '{' (not a safetensors file, or a corrupt one).");
        if (!Utf8.IsValid(json)) throw Fail(path, "the header is not valid UTF-8.");
        var names = new HashSet<string>(StringComparer.Ordinal);
        var tensors = new List<(string Name, string Dtype, long[] Shape, long[] Offsets)>();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            reader.Read();
            while (Next(ref reader) == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                if (!names.Add(name)) throw Fail(path, $"the header names '{name}' twice.");
                reader.Read();
                if (name == "__metadata__") ReadMetadata(path, ref reader, metadata);
                else tensors.Add(ReadTensor(path, ref reader, name));
            }
            if (reader.Read()) throw Fail(path, "the header has content after its closing '}'.");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw Fail(path, $"the header is not well-formed JSON ({e.Message}).");
        }
        return new SafetensorsHeader(Validate(path, tensors), metadata);
    }

    private static JsonTokenType Next(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType;
    }

    private static void ReadMetadata(string path, ref Utf8JsonReader reader, Dictionary<string, string> metadata)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw Fail(path, "'__metadata__' is not an object of strings.");
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            var key = reader.GetString()!;
            if (Next(ref reader) != JsonTokenType.String)
                throw Fail(path, $"metadata entry '{key}' is not a string (the format allows strings only).");
            if (!metadata.TryAdd(key, reader.GetString()!)) throw Fail(path, $"metadata entry '{key}' appears twice.");
        }
    }

    private static (string, string, long[], long[]) ReadTensor(string path, ref Utf8JsonReader reader, string name)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw Fail(path, $"tensor '{name}' is not an object.");
        string? dtype = null;
        long[]? shape = null, offsets = null;
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            var field = reader.GetString()!;
            reader.Read();
            switch (field)
            {
                case "dtype" when dtype is null:
                    if (reader.TokenType != JsonTokenType.String) throw Fail(path, $"tensor '{name}': 'dtype' is not a string.");
                    dtype = reader.GetString()!;
                    break;
                case "shape" when shape is null:
                    shape = ReadNaturals(path, ref reader, name, field);
                    break;
                case "data_offsets" when offsets is null:
                    offsets = ReadNaturals(path, ref reader, name, field);
                    if (offsets.Length != 2) throw Fail(path, $"tensor '{name}': 'data_offsets' has {offsets.Length} numbers, not 2.");
                    break;
                case "dtype" or "shape" or "data_offsets":
                    throw Fail(path, $"tensor '{name}' gives '{field}' twice.");
                default:
                    throw Fail(path, $"tensor '{name}' has an unknown field '{field}' (allowed: dtype, shape, data_offsets).");
            }
        }
        if (dtype is null || shape is null || offsets is null)
            throw Fail(path, $"tensor '{name}' lacks {(dtype is null ? "'dtype'" : shape is null ? "'shape'" : "'data_offsets'")}.");
        return (name, dtype, shape, offsets);
    }

    private static long[] ReadNaturals(string path, ref Utf8JsonReader reader, string name, string field)
    {
        if (reader.TokenType != JsonTokenType.StartArray) throw Fail(path, $"tensor '{name}': '{field}' is not an array.");
        var values = new List<long>();
        while (Next(ref reader) != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var value) || value < 0)
                throw Fail(path, $"tensor '{name}': '{field}' holds something other than a non-negative integer.");
            values.Add(value);
        }
        return values.ToArray();
    }

    private static IReadOnlyList<SafetensorsEntry> Validate(string path, List<(string Name, string Dtype, long[] Shape, long[] Offsets)> tensors)
    {
        var entries = new List<SafetensorsEntry>(tensors.Count);
        long expectedBegin = 0;
        foreach (var (name, dtype, shape, offsets) in tensors.OrderBy(t => t.Offsets[0]).ThenBy(t => t.Offsets[1]))
        {
            var type = SafetensorsDtype.FromName(dtype)
                ?? throw Fail(path, $"tensor '{name}' has dtype '{dtype}', which is not supported (supported: {SafetensorsDtype.Supported}).");
            var (begin, end) = (offsets[0], offsets[1]);
            if (begin != expectedBegin)
                throw Fail(path, begin > expectedBegin
                    ? $"tensor '{name}' begins at byte {Number(begin)} of the data, leaving a hole after byte {Number(expectedBegin)}."
                    : $"tensor '{name}' begins at byte {Number(begin)} of the data, overlapping the tensor before it (which ends at {Number(expectedBegin)}).");
            if (end < begin) throw Fail(path, $"tensor '{name}' ends (byte {Number(end)}) before it begins (byte {Number(begin)}).");
            var size = ByteSize(path, name, shape, SafetensorsDtype.BytesOf(type));
            if (end - begin != size)
                throw Fail(path, $"tensor '{name}' spans {Number(end - begin)} bytes, but {dtype} × [{string.Join(", ", shape.Select(Number))}] needs {Number(size)}.");
            entries.Add(new SafetensorsEntry(name, new TensorLayout(type, shape), begin, end));
            expectedBegin = end;
        }
        return entries;
    }

    private static long ByteSize(string path, string name, long[] shape, int elementBytes)
    {
        try
        {
            return checked(shape.Aggregate(1L, (product, dimension) => product * dimension) * elementBytes);
        }
        catch (OverflowException)
        {
            throw Fail(path, $"tensor '{name}' has a shape too large to address.");
        }
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static CheckpointFormatException Fail(string path, string problem) => new(path, problem);
}

using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Composable.Checkpoints;
using Xunit;
using static TorchSharp.torch;

namespace Composable.Tests.Checkpoints;

public sealed class SafetensorsFileTests : IDisposable
{
    private readonly CheckpointFolder folder = new();

    public void Dispose() => folder.Dispose();

    private static Dictionary<string, Tensor> EveryDtype()
    {
        manual_seed(7);
        return new Dictionary<string, Tensor>
        {
            ["f32"] = randn(3, 4),
            ["f64"] = randn(2, 3, dtype: ScalarType.Float64),
            ["f16"] = randn(5, dtype: ScalarType.Float16),
            ["bf16"] = randn(2, 2, dtype: ScalarType.BFloat16),
            ["i64"] = tensor(new long[] { long.MinValue, -1, 0, long.MaxValue }),
            ["i32"] = tensor(new[] { int.MinValue, 7, int.MaxValue }).reshape(3, 1),
            ["i16"] = tensor(new short[] { -3, 300 }),
            ["i8"] = tensor(new sbyte[] { -128, 127 }),
            ["u8"] = tensor(new byte[] { 0, 1, 255 }),
            ["bool"] = tensor(new[] { true, false, true }),
            ["scalar"] = tensor(3.5f),
            ["empty"] = zeros(0, 4),
            ["transposed"] = arange(6, dtype: ScalarType.Float32).reshape(2, 3).t(),
        };
    }

    [Fact]
    public void Round_trip_keeps_every_dtype_shape_value_and_the_metadata()
    {
        var tensors = EveryDtype();
        var metadata = new Dictionary<string, string> { ["composable.step"] = "120", ["note"] = "ünïcödé \"quoted\"\n" };
        var path = folder.File("all.safetensors");

        SafetensorsFile.Write(path, tensors, metadata);
        using var read = SafetensorsFile.Read(path);

        Assert.Equal(tensors.Keys.Order(), read.Tensors.Keys.Order());
        foreach (var (name, written) in tensors)
        {
            Assert.Equal(TensorLayout.Of(written), TensorLayout.Of(read.Tensors[name]));
            Assert.Equal(CheckpointFolder.Bytes(written), CheckpointFolder.Bytes(read.Tensors[name]));
        }
        Assert.Equal(metadata, read.Metadata);
    }

    [Fact]
    public void Header_is_padded_to_eight_bytes_metadata_first_tensors_by_dtype_then_name_with_contiguous_offsets()
    {
        var path = folder.File("order.safetensors");
        SafetensorsFile.Write(path, EveryDtype(), new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" });

        var bytes = File.ReadAllBytes(path);
        var length = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0, length % 8);
        var header = Encoding.UTF8.GetString(bytes, 8, (int)length);
        Assert.StartsWith("{\"__metadata__\":{\"a\":\"1\",\"b\":\"2\"},", header, StringComparison.Ordinal);
        Assert.Equal(header.TrimEnd(' ').Length, header.TrimEnd().Length);
        using var json = JsonDocument.Parse(header);
        var names = json.RootElement.EnumerateObject().Select(p => p.Name).Skip(1).ToArray();
        // The reference implementation's dtype order, largest first: I64, F64, F32, I32, BF16, F16, I16, I8, U8, BOOL.
        Assert.Equal(["i64", "f64", "empty", "f32", "scalar", "transposed", "i32", "bf16", "f16", "i16", "i8", "u8", "bool"], names);
        long expected = 0;
        foreach (var name in names)
        {
            var offsets = json.RootElement.GetProperty(name).GetProperty("data_offsets").EnumerateArray().Select(o => o.GetInt64()).ToArray();
            Assert.Equal(expected, offsets[0]);
            expected = offsets[1];
        }
        Assert.Equal(8 + length + expected, bytes.Length);
    }

    [Fact]
    public void Data_is_raw_little_endian_row_major()
    {
        var path = folder.File("raw.safetensors");
        SafetensorsFile.Write(path, new Dictionary<string, Tensor> { ["x"] = tensor(new[] { 1.0f, -2.0f }), ["n"] = tensor(new[] { 0x0102030405060708L }) });

        var bytes = File.ReadAllBytes(path);
        var dataStart = 8 + (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(new byte[] { 8, 7, 6, 5, 4, 3, 2, 1 }, bytes[dataStart..(dataStart + 8)]);
        Assert.Equal(1.0f, BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(dataStart + 8)));
        Assert.Equal(-2.0f, BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(dataStart + 12)));
    }

    [Fact]
    public void Header_alone_gives_layouts_and_metadata_of_the_pytorch_fixture()
    {
        var header = SafetensorsFile.ReadHeader(CheckpointFolder.Fixture("model.safetensors"));

        Assert.Equal("make_fixture.py", header.Metadata["composable.producer"]);
        Assert.Equal(new TensorLayout(ScalarType.Float32, [8, 4]), header.Layouts()["0.weight"]);
        Assert.Equal(new TensorLayout(ScalarType.Int64, []), header.Layouts()["1.num_batches_tracked"]);
        Assert.Equal(9, header.Tensors.Count);
    }

    [Fact]
    public void Unsupported_dtype_is_refused_before_anything_is_written()
    {
        var path = folder.File("complex.safetensors");
        var error = Assert.Throws<ArgumentException>(() => SafetensorsFile.Write(path, new Dictionary<string, Tensor> { ["z"] = zeros(2, dtype: ScalarType.ComplexFloat32) }));

        Assert.Contains("'z'", error.Message, StringComparison.Ordinal);
        Assert.Contains("ComplexFloat32", error.Message, StringComparison.Ordinal);
        Assert.Empty(folder.Names());
    }

    [Fact]
    public void A_tensor_named_like_the_metadata_key_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => SafetensorsFile.Write(folder.File("m.safetensors"), new Dictionary<string, Tensor> { ["__metadata__"] = zeros(1) }));
        Assert.Contains("__metadata__", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A file of <paramref name="header"/> (padded as written) followed by <paramref name="data"/> bytes.</summary>
    private static byte[] Compose(string header, int data)
    {
        var json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + data];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        return bytes;
    }

    public static TheoryData<string, string, int, string> CorruptHeaders => new()
    {
        { "not json", "{\"a\":", 0, "not well-formed JSON" },
        { "not an object", "[1, 2]", 0, "does not begin with '{'" },
        { "duplicate key", """{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", 8, "names 'a' twice" },
        { "hole", """{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", 8, "leaving a hole" },
        { "overlap", """{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", 8, "overlapping" },
        { "size", """{"a":{"dtype":"F64","shape":[1],"data_offsets":[0,4]}}""", 4, "needs 8" },
        { "reversed", """{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"U8","shape":[0],"data_offsets":[4,2]}}""", 4, "ends (byte 2) before it begins (byte 4)" },
        { "dtype", """{"a":{"dtype":"F8_E4M3","shape":[1],"data_offsets":[0,1]}}""", 1, "'F8_E4M3', which is not supported" },
        { "field", """{"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1],"stride":[1]}}""", 1, "unknown field 'stride'" },
        { "missing field", """{"a":{"dtype":"U8","shape":[1]}}""", 1, "lacks 'data_offsets'" },
        { "negative dimension", """{"a":{"dtype":"U8","shape":[-1],"data_offsets":[0,1]}}""", 1, "non-negative integer" },
        { "three offsets", """{"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1,2]}}""", 1, "3 numbers" },
        { "metadata not strings", """{"__metadata__":{"step":3}}""", 0, "'step' is not a string" },
        { "trailing data", """{"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}}""", 5, "4 bytes after the last tensor" },
        { "truncated data", """{"a":{"dtype":"U8","shape":[9],"data_offsets":[0,9]}}""", 5, "truncated" },
        { "content after object", """{"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}} x""", 1, "not well-formed JSON" },
    };

    [Theory]
    [MemberData(nameof(CorruptHeaders))]
    public void Corrupt_file_is_refused_naming_the_file_and_the_fault(string corruption, string header, int data, string problem)
    {
        var path = folder.File(corruption.Replace(' ', '-') + ".safetensors");
        File.WriteAllBytes(path, Compose(header, data));

        var error = Assert.Throws<CheckpointFormatException>(() => SafetensorsFile.Read(path));

        Assert.Equal(path, error.FilePath);
        Assert.StartsWith(path + ": ", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_utf8_in_the_header_is_refused()
    {
        var bytes = Compose("{\"a\":{}}", 0);
        bytes[10] = 0xff;
        var path = folder.File("utf8.safetensors");
        File.WriteAllBytes(path, bytes);

        Assert.Contains("UTF-8", Assert.Throws<CheckpointFormatException>(() => SafetensorsFile.Read(path)).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Header_length_beyond_the_file_or_the_limit_is_refused()
    {
        var path = folder.File("length.safetensors");
        var bytes = Compose("{}", 0);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, 1000);
        File.WriteAllBytes(path, bytes);
        Assert.Contains("only 2 follow", Assert.Throws<CheckpointFormatException>(() => SafetensorsFile.Read(path)).Problem, StringComparison.Ordinal);

        BinaryPrimitives.WriteUInt64LittleEndian(bytes, ulong.MaxValue);
        File.WriteAllBytes(path, bytes);
        Assert.Contains("limit", Assert.Throws<CheckpointFormatException>(() => SafetensorsFile.Read(path)).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_truncation_of_a_valid_file_is_refused_and_never_read_in_part()
    {
        var path = folder.File("whole.safetensors");
        SafetensorsFile.Write(path, EveryDtype(), new Dictionary<string, string> { ["k"] = "v" });
        var whole = File.ReadAllBytes(path);
        var cut = folder.File("cut.safetensors");

        for (var length = 0; length < whole.Length; length++)
        {
            File.WriteAllBytes(cut, whole[..length]);
            var error = Assert.Throws<CheckpointFormatException>(() => SafetensorsFile.Read(cut));
            Assert.Equal(cut, error.FilePath);
        }
    }

    [Fact]
    public void Empty_file_and_empty_tensor_set_are_told_apart()
    {
        var empty = folder.File("empty.safetensors");
        File.WriteAllBytes(empty, []);
        Assert.Contains("too short", Assert.Throws<CheckpointFormatException>(() => SafetensorsFile.Read(empty)).Problem, StringComparison.Ordinal);

        var none = folder.File("none.safetensors");
        SafetensorsFile.Write(none, new Dictionary<string, Tensor>());
        using var read = SafetensorsFile.Read(none);
        Assert.Empty(read.Tensors);
        Assert.Equal(16, new FileInfo(none).Length);
    }
}

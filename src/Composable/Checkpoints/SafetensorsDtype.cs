using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;

namespace Composable.Checkpoints;

/// <summary>
/// The safetensors dtype names Composable reads and writes, with their torch scalar types. The list order is the
/// order of the reference implementation's <c>Dtype</c> enum, by which its writer sorts tensors (largest rank first).
/// </summary>
internal static class SafetensorsDtype
{
    private static readonly (string Name, torch.ScalarType Type, int Bytes)[] Known =
    [
        ("BOOL", torch.ScalarType.Bool, 1),
        ("U8", torch.ScalarType.Byte, 1),
        ("I8", torch.ScalarType.Int8, 1),
        ("I16", torch.ScalarType.Int16, 2),
        ("F16", torch.ScalarType.Float16, 2),
        ("BF16", torch.ScalarType.BFloat16, 2),
        ("I32", torch.ScalarType.Int32, 4),
        ("F32", torch.ScalarType.Float32, 4),
        ("F64", torch.ScalarType.Float64, 8),
        ("I64", torch.ScalarType.Int64, 8),
    ];

    /// <summary>Every supported name, for error messages.</summary>
    public static string Supported { get; } = string.Join(", ", Known.Select(k => k.Name));

    /// <summary>The torch type of a safetensors dtype name, if supported.</summary>
    public static torch.ScalarType? FromName(string name) =>
        Known.Where(k => k.Name == name).Select(k => (torch.ScalarType?)k.Type).FirstOrDefault();

    /// <summary>The safetensors name of a torch type; throws naming the tensor when the type has none here.</summary>
    public static string NameOf(torch.ScalarType type, string tensorName) =>
        Known.Where(k => k.Type == type).Select(k => k.Name).FirstOrDefault()
        ?? throw new ArgumentException(
            $"Tensor '{tensorName}' has dtype {type}, which cannot be stored in a safetensors file here (supported: {Supported}).");

    /// <summary>Bytes per element of a supported torch type.</summary>
    public static int BytesOf(torch.ScalarType type) => Known.First(k => k.Type == type).Bytes;

    /// <summary>The writer's sort rank: its position in the reference implementation's dtype order.</summary>
    public static int RankOf(torch.ScalarType type) => Array.FindIndex(Known, k => k.Type == type);

    /// <summary>The torch types Composable can store, in rank order.</summary>
    public static IReadOnlyList<torch.ScalarType> Types { get; } = Known.Select(k => k.Type).ToArray();
}

using System.Globalization;
using System.Linq;
using static TorchSharp.torch;

namespace Composable.Data;

/// <summary>The tensor layout a <see cref="Target"/> expects of its targets, and how to describe it in errors.</summary>
internal static class TargetLayout
{
    /// <summary>The element type of the targets.</summary>
    public static ScalarType DType(Target target) =>
        target is MultiClass ? ScalarType.Int64 : ScalarType.Float32;

    /// <summary>The targets' shape for <paramref name="rows"/> examples.</summary>
    public static long[] Shape(Target target, long rows) =>
        target is MultiClass ? [rows] : [rows, target.OutputWidth];

    /// <summary>The expected shape as text, with <paramref name="rows"/> for the first dimension: <c>[100, 1]</c>.</summary>
    public static string FormatShape(Target target, string rows) =>
        target is MultiClass ? $"[{rows}]" : $"[{rows}, {target.OutputWidth}]";

    /// <summary>E.g. <c>Regression with 1 output, float32</c>.</summary>
    public static string Describe(Target target) => target switch
    {
        Regression r => $"Regression with {Count(r.Outputs, "output")}, float32",
        Binary => "Binary, float32 of 0/1",
        MultiClass c => $"MultiClass with {Count(c.Classes, "class", "classes")}, int64",
        MultiLabel l => $"MultiLabel with {Count(l.Labels, "label")}, float32 of 0/1",
        _ => target.GetType().Name,
    };

    /// <summary>Renders a shape as <c>[100, 2]</c>.</summary>
    public static string Format(long[] shape) =>
        "[" + string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]";

    /// <summary>Renders a dtype the way the declaration docs spell it: <c>float32</c>, <c>int64</c>.</summary>
    public static string Format(ScalarType dtype) => dtype switch
    {
        ScalarType.Float32 => "float32",
        ScalarType.Float64 => "float64",
        ScalarType.Float16 => "float16",
        ScalarType.BFloat16 => "bfloat16",
        ScalarType.Int64 => "int64",
        ScalarType.Int32 => "int32",
        ScalarType.Int16 => "int16",
        ScalarType.Int8 => "int8",
        ScalarType.Byte => "uint8",
        ScalarType.Bool => "bool",
        _ => dtype.ToString(),
    };

    private static string Count(int n, string singular, string? plural = null) =>
        n.ToString(CultureInfo.InvariantCulture) + " " + (n == 1 ? singular : plural ?? singular + "s");
}

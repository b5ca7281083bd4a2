using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using TorchSharp;

namespace Composable.Checkpoints;

/// <summary>The dtype and shape of one tensor: what must agree between a file and a module before a load.</summary>
/// <param name="Dtype">The element type.</param>
/// <param name="Shape">The size of each dimension; empty for a scalar.</param>
public sealed record TensorLayout(torch.ScalarType Dtype, IReadOnlyList<long> Shape)
{
    /// <summary>The layout of <paramref name="tensor"/>.</summary>
    public static TensorLayout Of(torch.Tensor tensor) => new(tensor.dtype, tensor.shape.ToArray());

    /// <summary>Equal when the dtypes are equal and the shapes are equal element by element.</summary>
    public bool Equals(TensorLayout? other) =>
        other is not null && Dtype == other.Dtype && Shape.SequenceEqual(other.Shape);

    /// <inheritdoc/>
    public override int GetHashCode() => Shape.Aggregate(Dtype.GetHashCode(), HashCode.Combine);

    /// <summary>Reads like <c>Float32[8, 4]</c>.</summary>
    public override string ToString() =>
        Dtype.ToString() + "[" + string.Join(", ", Shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]";
}

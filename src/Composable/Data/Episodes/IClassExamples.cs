using System.Collections.Generic;
using static TorchSharp.torch;

namespace Composable.Data.Episodes;

/// <summary>
/// A class-indexed set of examples that <see cref="ClassIndexedFamily"/> draws episodes from: a label per example
/// and a way to materialise any subset, so that large or generated data (rendered glyphs) need not sit in memory.
/// </summary>
public interface IClassExamples
{
    /// <summary>The class of each example; the example count is its length.</summary>
    IReadOnlyList<int> Labels { get; }

    /// <summary>Features per example (the width of a gathered row).</summary>
    int Width { get; }

    /// <summary>The examples at <paramref name="indices"/>, in that order, as a new float32 tensor [indices, <see cref="Width"/>].</summary>
    Tensor Gather(long[] indices);
}

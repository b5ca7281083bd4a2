using System;
using Composable.Data.Episodes;

namespace Composable.Tests.Data;

/// <summary>A task family that calls <c>onSample</c> with each index before drawing its episode: a hook at the start of a fit's step.</summary>
internal sealed class WatchingFamily(ITaskFamily family, Action<long> onSample) : ITaskFamily
{
    public Composable.Episodes Shape => family.Shape;

    public int InputWidth => family.InputWidth;

    public Episode Sample(MetaSplit split, long index, int seed = 0)
    {
        onSample(index);
        return family.Sample(split, index, seed);
    }
}

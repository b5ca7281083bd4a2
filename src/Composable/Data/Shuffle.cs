using System;

namespace Composable.Data;

/// <summary>Random permutations from a <see cref="Random"/>: the same seed gives the same order on every platform.</summary>
internal static class Shuffle
{
    /// <summary>A uniformly random permutation of 0 … <paramref name="count"/> − 1 (Fisher–Yates).</summary>
    public static long[] Permutation(int count, Random random)
    {
        var items = new long[count];
        for (var i = 0; i < count; i++) items[i] = i;
        for (var i = count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
        return items;
    }
}

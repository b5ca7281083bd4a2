using System;
using System.Collections.Generic;
using System.Linq;
using Composable.Data.Glyphs;

namespace Composable.Examples.KanjiTransfer;

/// <summary>
/// Kanji split into source characters (pretraining) and target characters (adaptation), disjoint: one fixed random
/// permutation of all the characters (seed <see cref="Seed"/>, whatever the run's seed), the first
/// <c>source</c> for pretraining, the next <c>target</c> for the target pool. Stroke counts from simple to complex
/// land on both sides.
/// </summary>
/// <param name="Source">Pretraining characters; class i of the source task is <c>Source[i]</c>.</param>
/// <param name="Target">The target pool the draws choose from.</param>
public sealed record CharacterSplit(IReadOnlyList<Glyph> Source, IReadOnlyList<Glyph> Target)
{
    /// <summary>Seed of the permutation; fixed so that every run and seed adapts to characters its pretraining never saw.</summary>
    public const int Seed = 2018;

    /// <summary>The split of <paramref name="all"/> into <paramref name="source"/> and <paramref name="target"/> characters.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The two sides need more characters than there are.</exception>
    public static CharacterSplit Of(IReadOnlyList<Glyph> all, int source, int target)
    {
        if (source < 1 || target < 1 || source + target > all.Count)
            throw new ArgumentOutOfRangeException(nameof(source), $"{source} source and {target} target characters do not fit in {all.Count}.");
        var order = Enumerable.Range(0, all.Count).ToArray();
        var random = new Random(Seed);
        for (var i = order.Length - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return new CharacterSplit(
            order.Take(source).Select(i => all[i]).ToArray(),
            order.Skip(source).Take(target).Select(i => all[i]).ToArray());
    }
}

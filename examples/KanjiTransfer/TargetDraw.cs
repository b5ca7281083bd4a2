using System;
using System.Collections.Generic;
using System.Linq;
using Composable.Data.Glyphs;
using static TorchSharp.torch;

namespace Composable.Examples.KanjiTransfer;

/// <summary>
/// One random draw of the target task: <c>ways</c> characters from the target pool and, per character, an order of
/// its renderings whose first k are the k-shot support set (so the 1-shot set is inside the 5-shot set, and so on)
/// and whose last <c>testRenders</c> are the held-out images every cell of the draw is scored on.
/// </summary>
public sealed class TargetDraw
{
    /// <summary>Seed of the target renderings (pretraining renders with 0).</summary>
    public const int RenderSeed = 1;

    private readonly GlyphDataset _renders;
    private readonly int[][] _order;
    private readonly int _maxShots;

    private TargetDraw(GlyphDataset renders, int[][] order, int maxShots)
    {
        _renders = renders;
        _order = order;
        _maxShots = maxShots;
    }

    /// <summary>The drawn characters; class c of the target task is <c>Characters[c]</c>.</summary>
    public IReadOnlyList<Glyph> Characters => _renders.Glyphs;

    /// <summary>Draw <paramref name="draw"/> of run seed <paramref name="seed"/>.</summary>
    /// <param name="pool">The target pool.</param>
    /// <param name="ways">Characters of the task.</param>
    /// <param name="maxShots">The largest k any cell asks for.</param>
    /// <param name="testRenders">Held-out renderings per character.</param>
    /// <param name="seed">The run's seed.</param>
    /// <param name="draw">The draw's index.</param>
    public static TargetDraw Of(IReadOnlyList<Glyph> pool, int ways, int maxShots, int testRenders, int seed, int draw)
    {
        if (ways > pool.Count) throw new ArgumentOutOfRangeException(nameof(ways), ways, $"The target pool has {pool.Count} characters.");
        var random = new Random(Seeds.Of(seed, draw));
        var characters = Permutation(pool.Count, random).Take(ways).Select(i => pool[i]).ToArray();
        var renders = new GlyphDataset(characters, maxShots + testRenders, RenderSeed);
        var order = characters.Select(_ => Permutation(maxShots + testRenders, random)).ToArray();
        return new TargetDraw(renders, order, maxShots);
    }

    /// <summary>The k-shot support set: images [ways·k, 784] and labels int64 [ways·k], character by character.</summary>
    public (Tensor Inputs, Tensor Labels) Support(int shots)
    {
        if (shots < 1 || shots > _maxShots) throw new ArgumentOutOfRangeException(nameof(shots), shots, $"From 1 to {_maxShots}.");
        return Gather(c => _order[c].Take(shots));
    }

    /// <summary>The held-out images [ways·testRenders, 784] and their labels.</summary>
    public (Tensor Inputs, Tensor Labels) Test() => Gather(c => _order[c].Skip(_maxShots));

    private (Tensor Inputs, Tensor Labels) Gather(Func<int, IEnumerable<int>> samples)
    {
        var picked = Enumerable.Range(0, _order.Length).SelectMany(c => samples(c).Select(s => (Class: c, Sample: s))).ToArray();
        var inputs = _renders.Gather(picked.Select(p => (long)p.Class * _renders.SamplesPerClass + p.Sample).ToArray());
        return (inputs, tensor(picked.Select(p => (long)p.Class).ToArray()));
    }

    private static int[] Permutation(int count, Random random)
    {
        var items = Enumerable.Range(0, count).ToArray();
        for (var i = count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
        return items;
    }
}

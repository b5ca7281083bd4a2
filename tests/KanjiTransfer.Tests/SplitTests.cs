using System.Linq;
using Composable;
using Composable.Data.Glyphs;
using Composable.Examples.KanjiTransfer;
using Xunit;

namespace KanjiTransfer.Tests;

/// <summary>Source and target characters never overlap, the split does not depend on the run, and draws keep support and test images apart.</summary>
public sealed class SplitTests
{
    private static readonly Glyph[] Glyphs = Enumerable.Range(0, 300)
        .Select(i => new Glyph(char.ConvertFromUtf32(0x4E00 + i), ValueList.Of(new GlyphStroke(20 + i % 200, 30, 200, 40 + i % 150))))
        .ToArray();

    [Fact]
    public void Split_is_disjoint_and_the_same_every_time()
    {
        var split = CharacterSplit.Of(Glyphs, 120, 100);
        var again = CharacterSplit.Of(Glyphs, 120, 100);

        Assert.Equal((120, 100), (split.Source.Count, split.Target.Count));
        Assert.Empty(split.Source.Select(g => g.Character).Intersect(split.Target.Select(g => g.Character)));
        Assert.Equal(split.Source.Select(g => g.Character), again.Source.Select(g => g.Character));
        Assert.Equal(split.Target.Select(g => g.Character), again.Target.Select(g => g.Character));
        // A permutation, not the file order: stroke counts from simple to complex land on both sides.
        Assert.NotEqual(Glyphs.Take(120).Select(g => g.Character), split.Source.Select(g => g.Character));
    }

    [Fact]
    public void Split_of_the_real_kanji_keeps_the_target_pool_unseen_in_pretraining()
    {
        var all = KanjiData.Load();
        var split = CharacterSplit.Of(all, Pretraining.SourceCharacters, TransferOptions.Full.TargetPool);

        Assert.Empty(split.Source.Select(g => g.Character).Intersect(split.Target.Select(g => g.Character)));
        Assert.Equal(Pretraining.SourceCharacters, split.Source.Select(g => g.Character).Distinct().Count());
        Assert.Equal(split.Target.Select(g => g.Character), CharacterSplit.Of(all, Pretraining.SourceCharacters, TransferOptions.Full.TargetPool).Target.Select(g => g.Character));
    }

    [Fact]
    public void MultiKanji_characters_are_the_first_source_characters()
    {
        var all = KanjiData.Load();
        var source = CharacterSplit.Of(all, Pretraining.SourceCharacters, TransferOptions.Full.TargetPool).Source;

        Assert.Equal(CharacterSplit.Seed, MultiKanji.CharacterSeed);
        Assert.Equal(source.Take(100), MultiKanji.Characters(all, 100));
        Assert.Equal(source, MultiKanji.Characters(all, Pretraining.SourceCharacters));
    }

    [Fact]
    public void Draws_nest_support_sets_keep_test_images_apart_and_differ_between_draws()
    {
        var pool = CharacterSplit.Of(Glyphs, 120, 100).Target;
        var draw = TargetDraw.Of(pool, ways: 20, maxShots: 5, testRenders: 3, seed: 7, draw: 0);
        var same = TargetDraw.Of(pool, ways: 20, maxShots: 5, testRenders: 3, seed: 7, draw: 0);
        var other = TargetDraw.Of(pool, ways: 20, maxShots: 5, testRenders: 3, seed: 7, draw: 1);

        var (one, oneLabels) = draw.Support(1);
        var (five, fiveLabels) = draw.Support(5);
        var (test, testLabels) = draw.Test();
        using (one) using (oneLabels) using (five) using (fiveLabels) using (test) using (testLabels)
        {
            Assert.Equal(new long[] { 20, 28 * 28 }, one.shape);
            Assert.Equal(new long[] { 100, 28 * 28 }, five.shape);
            Assert.Equal(new long[] { 60 }, testLabels.shape);
            Assert.Equal(Enumerable.Range(0, 20).Select(c => (long)c), oneLabels.data<long>().ToArray());
            // The 1-shot image of each character is the first of its 5-shot images.
            Assert.True(one.eq(five.view(20, 5, -1)[.., 0]).all().item<bool>());
            var supportRows = five.data<float>().ToArray().Chunk(28 * 28).Select(r => string.Join(",", r)).ToHashSet();
            Assert.DoesNotContain(test.data<float>().ToArray().Chunk(28 * 28).Select(r => string.Join(",", r)), supportRows.Contains);
        }
        Assert.Equal(draw.Characters, same.Characters);
        Assert.NotEqual(draw.Characters.Select(g => g.Character), other.Characters.Select(g => g.Character));
        Assert.Empty(draw.Characters.Except(pool));
    }
}

namespace Composable.Data.Glyphs;

/// <summary>Settings of <see cref="MultiKanji.Generate"/>.</summary>
/// <param name="Characters">Size of the character set, at least 2 and at most the number of kanji in the data: the
/// first <c>Characters</c> of <see cref="MultiKanji.Characters"/>'s fixed order. Classes of the <c>Left</c> and
/// <c>Right</c> tasks.</param>
/// <param name="TrainSize">Images of the training set; positive.</param>
/// <param name="TestSize">Images of the test set; positive.</param>
/// <param name="TrainVariants">Renderings per character in the training pool (sample indices 0, 2, 4, … given to
/// <see cref="GlyphRenderer"/>); positive.</param>
/// <param name="TestVariants">Renderings per character in the test pool (sample indices 1, 3, 5, …); positive.</param>
/// <param name="Seed">Seed of the pairings and of the renderings: the same options give bit-identical tensors.</param>
/// <param name="Rendering">How each glyph is rendered before composition; <see cref="GlyphRenderOptions.Default"/>
/// (28×28, hand-drawn jitter) when null. The composite has the same side as a rendering.</param>
/// <param name="DataPath">The kanjidraw <c>data.json</c>; <see cref="KanjiData.DefaultPath"/> when null.</param>
public sealed record MultiKanjiOptions(
    int Characters = 100,
    int TrainSize = 50_000,
    int TestSize = 10_000,
    int TrainVariants = 200,
    int TestVariants = 50,
    int Seed = 0,
    GlyphRenderOptions? Rendering = null,
    string? DataPath = null);

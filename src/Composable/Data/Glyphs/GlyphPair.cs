namespace Composable.Data.Glyphs;

/// <summary>
/// The two renderings one MultiKanji image is composed of: characters as indices into the character set (the
/// <c>Left</c> and <c>Right</c> labels) and renderings as the sample indices given to <see cref="GlyphRenderer"/>.
/// </summary>
/// <param name="Left">Class of the glyph placed toward the top-left.</param>
/// <param name="LeftSample">Its rendering's sample index.</param>
/// <param name="Right">Class of the glyph placed toward the bottom-right.</param>
/// <param name="RightSample">Its rendering's sample index.</param>
public readonly record struct GlyphPair(int Left, long LeftSample, int Right, long RightSample);

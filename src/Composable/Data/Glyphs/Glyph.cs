namespace Composable.Data.Glyphs;

/// <summary>
/// One stroke of a glyph as the straight segment from its first to its last point, in the data's 256×256 box
/// (x to the right, y downwards).
/// </summary>
/// <param name="X1">Start x.</param>
/// <param name="Y1">Start y.</param>
/// <param name="X2">End x.</param>
/// <param name="Y2">End y.</param>
public readonly record struct GlyphStroke(float X1, float Y1, float X2, float Y2);

/// <summary>A character and its strokes in writing order.</summary>
/// <param name="Character">The character (one Unicode scalar, as a string).</param>
/// <param name="Strokes">Its strokes, in stroke order.</param>
public sealed record Glyph(string Character, ValueList<GlyphStroke> Strokes);

namespace Composable.Data.Glyphs;

/// <summary>
/// How <see cref="GlyphRenderer"/> turns strokes into a "hand-drawn" image. Every random quantity is drawn per
/// sample (and per stroke where it says so) from a generator seeded by (character, sample index, seed).
/// </summary>
/// <param name="Size">Image side in pixels.</param>
/// <param name="Margin">Pixels between the data's 256×256 box and the image border before distortion.</param>
/// <param name="Thickness">Mean stroke width in pixels.</param>
/// <param name="ThicknessJitter">Relative spread of the width per sample (uniform ±); each stroke varies by a quarter of it more.</param>
/// <param name="PointJitter">Standard deviation of each stroke end point, in data units (the box is 256 wide).</param>
/// <param name="Bow">Standard deviation of a stroke's sideways bend, as a fraction of its length (the stroke becomes a quadratic curve).</param>
/// <param name="RotationDegrees">Largest rotation of the whole glyph, in degrees (uniform ±).</param>
/// <param name="ScaleJitter">Largest relative change of scale, per axis (uniform ±).</param>
/// <param name="Shear">Largest horizontal shear factor (uniform ±).</param>
/// <param name="Translation">Largest shift in pixels, per axis (uniform ±).</param>
public sealed record GlyphRenderOptions(
    int Size = 28,
    double Margin = 2.0,
    double Thickness = 1.7,
    double ThicknessJitter = 0.3,
    double PointJitter = 7.0,
    double Bow = 0.08,
    double RotationDegrees = 8.0,
    double ScaleJitter = 0.08,
    double Shear = 0.12,
    double Translation = 1.5)
{
    /// <summary>The default "hand-drawn" rendering at 28×28.</summary>
    public static GlyphRenderOptions Default { get; } = new();

    /// <summary>No randomness at all: every sample of a character is the same clean image.</summary>
    public static GlyphRenderOptions Clean { get; } = new(ThicknessJitter: 0, PointJitter: 0, Bow: 0, RotationDegrees: 0, ScaleJitter: 0, Shear: 0, Translation: 0);
}

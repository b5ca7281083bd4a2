using System;

namespace Composable.Data.Glyphs;

/// <summary>
/// A pure C# rasteriser: strokes → a square float image, ink 1 on background 0, with antialiased round-capped
/// lines (pixel coverage from the distance to the stroke's centre line). Each sample jitters the stroke end points,
/// bends each stroke into a quadratic curve, varies the width and applies a small random affine map (rotation,
/// scale, shear, translation), all deterministically from (character, sample index, seed).
/// </summary>
public static class GlyphRenderer
{
    private const double DataBox = 256.0;
    private const int CurvePieces = 6;

    /// <summary>Sample <paramref name="sample"/> of <paramref name="glyph"/> as a row-major Size×Size image.</summary>
    public static float[] Render(Glyph glyph, long sample, int seed = 0, GlyphRenderOptions? options = null)
    {
        options ??= GlyphRenderOptions.Default;
        var image = new float[options.Size * options.Size];
        RenderInto(image, glyph, sample, seed, options);
        return image;
    }

    /// <summary>Renders sample <paramref name="sample"/> of <paramref name="glyph"/> into <paramref name="image"/> (Size×Size, overwritten).</summary>
    public static void RenderInto(Span<float> image, Glyph glyph, long sample, int seed, GlyphRenderOptions options)
    {
        var size = options.Size;
        if (image.Length != size * size)
            throw new ArgumentException($"The image has {image.Length} pixels; {size}×{size} are needed.", nameof(image));
        image.Clear();
        var random = new Random(SampleSeed(glyph.Character, sample, seed));

        var width = options.Thickness * (1 + options.ThicknessJitter * Symmetric(random));
        var angle = options.RotationDegrees * Math.PI / 180 * Symmetric(random);
        var scaleX = 1 + options.ScaleJitter * Symmetric(random);
        var scaleY = 1 + options.ScaleJitter * Symmetric(random);
        var shear = options.Shear * Symmetric(random);
        var shiftX = options.Translation * Symmetric(random);
        var shiftY = options.Translation * Symmetric(random);

        // Data (0…256, centred) → pixels: scale to the box inside the margin, then scale, shear, rotate, shift.
        var unit = (size - 2 * options.Margin) / DataBox;
        var (cos, sin) = (Math.Cos(angle), Math.Sin(angle));
        var a = unit * scaleX;
        var b = unit * shear * scaleY;
        var d = unit * scaleY;
        var m00 = cos * a;
        var m01 = cos * b - sin * d;
        var m10 = sin * a;
        var m11 = sin * b + cos * d;
        var centre = size / 2.0;

        Span<double> xs = stackalloc double[CurvePieces + 1];
        Span<double> ys = stackalloc double[CurvePieces + 1];
        foreach (var stroke in glyph.Strokes)
        {
            var x1 = stroke.X1 + options.PointJitter * Gaussian(random);
            var y1 = stroke.Y1 + options.PointJitter * Gaussian(random);
            var x2 = stroke.X2 + options.PointJitter * Gaussian(random);
            var y2 = stroke.Y2 + options.PointJitter * Gaussian(random);
            var bend = options.Bow * Gaussian(random);
            var strokeWidth = width * (1 + options.ThicknessJitter / 4 * Symmetric(random));
            // Control point: the midpoint pushed sideways by bend × length (the normal has the segment's length).
            var cx = (x1 + x2) / 2 - bend * (y2 - y1);
            var cy = (y1 + y2) / 2 + bend * (x2 - x1);
            for (var i = 0; i <= CurvePieces; i++)
            {
                var t = (double)i / CurvePieces;
                var (u, v) = ((1 - t) * (1 - t), 2 * t * (1 - t));
                var px = u * x1 + v * cx + t * t * x2 - DataBox / 2;
                var py = u * y1 + v * cy + t * t * y2 - DataBox / 2;
                xs[i] = m00 * px + m01 * py + centre + shiftX;
                ys[i] = m10 * px + m11 * py + centre + shiftY;
            }
            for (var i = 0; i < CurvePieces; i++)
                DrawSegment(image, size, xs[i], ys[i], xs[i + 1], ys[i + 1], strokeWidth / 2);
        }
    }

    /// <summary>The generator seed of one (character, sample, seed): stable across runs and platforms.</summary>
    public static int SampleSeed(string character, long sample, int seed)
    {
        unchecked
        {
            var h = 0xCBF29CE484222325UL;
            foreach (var c in character)
                h = (h ^ c) * 0x100000001B3UL;
            h ^= (ulong)sample * 0x9E3779B97F4A7C15UL;
            h ^= (ulong)(uint)seed * 0xC2B2AE3D27D4EB4FUL;
            h ^= h >> 33; h *= 0xFF51AFD7ED558CCDUL; h ^= h >> 33; h *= 0xC4CEB9FE1A85EC53UL; h ^= h >> 33;
            return (int)(h & 0x7FFFFFFF);
        }
    }

    /// <summary>Coverage of a round-capped line of half-width <paramref name="radius"/>, combined with max.</summary>
    private static void DrawSegment(Span<float> image, int size, double x1, double y1, double x2, double y2, double radius)
    {
        var reach = radius + 1;
        var left = Math.Max(0, (int)Math.Floor(Math.Min(x1, x2) - reach));
        var right = Math.Min(size - 1, (int)Math.Ceiling(Math.Max(x1, x2) + reach));
        var top = Math.Max(0, (int)Math.Floor(Math.Min(y1, y2) - reach));
        var bottom = Math.Min(size - 1, (int)Math.Ceiling(Math.Max(y1, y2) + reach));
        var (dx, dy) = (x2 - x1, y2 - y1);
        var lengthSquared = dx * dx + dy * dy;
        for (var row = top; row <= bottom; row++)
            for (var column = left; column <= right; column++)
            {
                // Pixel centres sit at half-integers.
                var (px, py) = (column + 0.5 - x1, row + 0.5 - y1);
                var t = lengthSquared > 0 ? Math.Clamp((px * dx + py * dy) / lengthSquared, 0, 1) : 0;
                var (ex, ey) = (px - t * dx, py - t * dy);
                var coverage = (float)Math.Clamp(radius + 0.5 - Math.Sqrt(ex * ex + ey * ey), 0, 1);
                ref var pixel = ref image[row * size + column];
                if (coverage > pixel) pixel = coverage;
            }
    }

    private static double Symmetric(Random random) => 2 * random.NextDouble() - 1;

    /// <summary>A standard normal (Box–Muller), clipped to ±2.5 so that no stroke flies off.</summary>
    private static double Gaussian(Random random)
    {
        var u = 1 - random.NextDouble();
        var g = Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * random.NextDouble());
        return Math.Clamp(g, -2.5, 2.5);
    }
}

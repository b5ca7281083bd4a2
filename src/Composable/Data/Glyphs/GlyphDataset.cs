using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Composable.Data.Episodes;
using static TorchSharp.torch;

namespace Composable.Data.Glyphs;

/// <summary>
/// Glyphs as a few-shot classification source: every character is a class with <see cref="SamplesPerClass"/>
/// distinct renderings (example <c>c × SamplesPerClass + s</c> is sample <c>s</c> of character <c>c</c>), drawn
/// lazily by <see cref="GlyphRenderer"/> when an episode gathers them, so memory does not grow with the number of
/// characters. Rendering is deterministic, so the same example always has the same pixels.
/// </summary>
public sealed class GlyphDataset : IClassExamples
{
    private readonly int[] _labels;

    /// <summary>A dataset over <paramref name="glyphs"/>.</summary>
    /// <param name="glyphs">The characters; class i is <c>glyphs[i]</c>.</param>
    /// <param name="samplesPerClass">Renderings per character (Omniglot has 20).</param>
    /// <param name="seed">Seed of the renderings.</param>
    /// <param name="options">Rendering options; <see cref="GlyphRenderOptions.Default"/> when omitted.</param>
    public GlyphDataset(IReadOnlyList<Glyph> glyphs, int samplesPerClass = 20, int seed = 0, GlyphRenderOptions? options = null)
    {
        if (glyphs.Count == 0) throw new ArgumentException("A glyph dataset needs at least one glyph.", nameof(glyphs));
        if (samplesPerClass < 1) throw new ArgumentOutOfRangeException(nameof(samplesPerClass), samplesPerClass, "At least one sample per class.");
        Glyphs = glyphs;
        SamplesPerClass = samplesPerClass;
        Seed = seed;
        Options = options ?? GlyphRenderOptions.Default;
        _labels = new int[glyphs.Count * samplesPerClass];
        for (var i = 0; i < _labels.Length; i++)
            _labels[i] = i / samplesPerClass;
    }

    /// <summary>The characters, by class.</summary>
    public IReadOnlyList<Glyph> Glyphs { get; }

    /// <summary>Renderings per character.</summary>
    public int SamplesPerClass { get; }

    /// <summary>Seed of the renderings.</summary>
    public int Seed { get; }

    /// <summary>Rendering options.</summary>
    public GlyphRenderOptions Options { get; }

    /// <summary>Image side in pixels.</summary>
    public int Size => Options.Size;

    /// <inheritdoc />
    public IReadOnlyList<int> Labels => _labels;

    /// <inheritdoc />
    public int Width => Options.Size * Options.Size;

    /// <summary>Sample <paramref name="sample"/> of class <paramref name="label"/> as a Size×Size image.</summary>
    public float[] Render(int label, long sample) => GlyphRenderer.Render(Glyphs[label], sample, Seed, Options);

    /// <inheritdoc />
    public Tensor Gather(long[] indices)
    {
        var width = Width;
        var pixels = new float[indices.Length * width];
        Parallel.For(0, indices.Length, i =>
        {
            var index = indices[i];
            if (index < 0 || index >= _labels.Length)
                throw new ArgumentOutOfRangeException(nameof(indices), index, $"The dataset has {_labels.Length} examples.");
            GlyphRenderer.RenderInto(pixels.AsSpan(i * width, width), Glyphs[(int)(index / SamplesPerClass)], index % SamplesPerClass, Seed, Options);
        });
        return tensor(pixels, new long[] { indices.Length, width });
    }

    /// <summary>
    /// N-way K-shot episodes over the characters, split by character into disjoint meta-train, meta-validation and
    /// meta-test classes (a <see cref="ClassIndexedFamily"/> over this dataset).
    /// </summary>
    public ClassIndexedFamily Family(FewShotClassification shape, double validationFraction = 0.2, double testFraction = 0.2, int splitSeed = 0) =>
        new(this, shape, validationFraction, testFraction, splitSeed);

    /// <summary>
    /// A small fixed subset of <paramref name="glyphs"/>: <paramref name="count"/> characters at an even stride
    /// through the list (so stroke counts from simple to complex are represented), in list order.
    /// </summary>
    public static IReadOnlyList<Glyph> EvenSubset(IReadOnlyList<Glyph> glyphs, int count)
    {
        if (count < 1 || count > glyphs.Count)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"Between 1 and {glyphs.Count} glyphs.");
        return Enumerable.Range(0, count).Select(i => glyphs[(int)((long)i * glyphs.Count / count)]).ToArray();
    }
}

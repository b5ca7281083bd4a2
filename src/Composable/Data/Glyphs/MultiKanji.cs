using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;
using static TorchSharp.torch;

namespace Composable.Data.Glyphs;

/// <summary>
/// MultiKanji: a multi-task image benchmark built from kanji the way MultiMNIST (Sener &amp; Koltun 2018, "Multi-Task
/// Learning as Multi-Objective Optimization") is built from MNIST. Each image overlays two hand-drawn glyphs, one toward
/// the top-left and one toward the bottom-right; the tasks are the left character (<see cref="Left"/>), the right
/// character (<see cref="Right"/>) and the left character's stroke count (<see cref="LeftStrokes"/>).
/// </summary>
/// <remarks>
/// <para><b>Characters.</b> A fixed set of <see cref="MultiKanjiOptions.Characters"/> kanji (100 by default) from
/// Debian's <c>python3-kanjidraw</c> read by <see cref="KanjiData.Load"/>: the first ones of one random permutation of
/// the whole file (Fisher–Yates from <c>new Random(</c><see cref="CharacterSeed"/><c>)</c>, whatever the seed). It is
/// the permutation <c>examples/KanjiTransfer</c>'s <c>CharacterSplit</c> uses, which takes its 500 source (pretraining)
/// characters from its start: up to 500 characters, the set is a subset of that example's source split and shares no
/// character with its target pool. Class i of <see cref="Left"/> and <see cref="Right"/> is character i of
/// <see cref="Characters"/>.</para>
/// <para><b>Renderings.</b> Every glyph is drawn by <see cref="GlyphRenderer"/> with its per-sample jitter (sample
/// index and <see cref="MultiKanjiOptions.Seed"/>). The training set uses <see cref="MultiKanjiOptions.TrainVariants"/>
/// renderings per character, the even sample indices 0, 2, 4, …; the test set
/// <see cref="MultiKanjiOptions.TestVariants"/>, the odd ones 1, 3, 5, …: no (character, sample) image appears in both,
/// and changing one pool's size never moves a rendering into the other. Each rendering is made once and reused by every
/// image that picks it.</para>
/// <para><b>Composition</b> (<see cref="Compose"/>), as Sener &amp; Koltun's loader does it for 28×28 digits: a 36×36
/// canvas, the left glyph's 28×28 rendering at offset (0, 0), the right one's at (6, 6), overlapping in the 22×22
/// middle where the pixel-wise maximum wins, then resized back to 28×28 (here with torch's area interpolation, the pixel
/// average, where their code uses nearest-neighbour). Relative to a centred glyph the left one moves 4 px toward the
/// top-left and the right one 2 px toward the bottom-right on the canvas. Other rendering sizes S scale the recipe:
/// canvas S + round(8S/28), right offset round(6S/28).</para>
/// <para><b>Pairs.</b> Image i of a set draws, from <c>new Random(2·Seed + split)</c> (split 0 for training, 1 for
/// test), its left character, the left rendering, its right character and the right rendering, each uniformly (the
/// two characters may be the same, as two MNIST digits may be).</para>
/// <para><b>Tensors.</b> Both datasets share their inputs across the three tasks: float32 [N, S·S] with S the rendering
/// side (784 for the default 28), each row an image in the layout [C = 1, H = S, W = S] row-major (pixel (y, x) at
/// column y·S + x), ink 1 on background 0. Targets: <see cref="Left"/> and <see cref="Right"/> int64 [N] in
/// [0, Characters); <see cref="LeftStrokes"/> float32 [N, 1], the raw stroke count of the left character from the
/// stroke data (1 to 30, not standardised: with an MSE loss its scale is far from the classification losses', so
/// weight the task or standardise it with the training set's mean and standard deviation).</para>
/// <para><b>Cost.</b> Pairs are drawn in managed code, renderings in parallel, compositions in batches of
/// <see cref="Batch"/> images with torch. The default 50,000 + 10,000 images (100 characters, 200 + 50 renderings
/// each) took 5 to 10 s per call in Release with 2 torch threads on the project's 2-core development machine, measured
/// while other jobs kept it at a load average of 11 to 20 (the first call of a process up to 16 s); no idle figure
/// could be taken. Roughly a third is rendering the 25,000 glyphs, a third composing and the rest the data set's
/// checks of the tensors. The inputs take 157 + 31 MB; the rendering caches (63 + 16 MB) are freed on return.</para>
/// </remarks>
public static class MultiKanji
{
    /// <summary>The task of the top-left character's class.</summary>
    public const string Left = "Left";

    /// <summary>The task of the bottom-right character's class.</summary>
    public const string Right = "Right";

    /// <summary>The regression task of the top-left character's stroke count.</summary>
    public const string LeftStrokes = "LeftStrokes";

    /// <summary>Seed of the permutation the character set is taken from (the one of <c>examples/KanjiTransfer</c>'s character split).</summary>
    public const int CharacterSeed = 2018;

    /// <summary>Images composed per torch call.</summary>
    public const int Batch = 4096;

    /// <summary>
    /// The first <paramref name="count"/> characters of the fixed permutation of <paramref name="all"/> described on
    /// <see cref="MultiKanji"/>; class i is element i.
    /// </summary>
    /// <param name="all">Every kanji, as <see cref="KanjiData.Load"/> returns them.</param>
    /// <param name="count">How many, between 1 and <c>all.Count</c>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is outside [1, <c>all.Count</c>].</exception>
    public static IReadOnlyList<Glyph> Characters(IReadOnlyList<Glyph> all, int count)
    {
        ArgumentNullException.ThrowIfNull(all);
        if (count < 1 || count > all.Count)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"Between 1 and {all.Count} characters.");
        return Shuffle.Permutation(all.Count, new Random(CharacterSeed)).Take(count).Select(i => all[(int)i]).ToArray();
    }

    /// <summary>
    /// The pairs of renderings the images of one set are composed of, image by image, as described on
    /// <see cref="MultiKanji"/>: what <see cref="Generate"/> composes for the same options.
    /// </summary>
    /// <param name="options">The options (the character count, the set's size, variants and seed are read).</param>
    /// <param name="split">Which set.</param>
    /// <exception cref="ArgumentException">The options are invalid; lists every problem, naming the option.</exception>
    public static GlyphPair[] Pairs(MultiKanjiOptions options, MultiKanjiSplit split)
    {
        ArgumentNullException.ThrowIfNull(options);
        Requirement.ThrowIfFailed(Check(options), "Cannot draw MultiKanji pairs:", nameof(options));
        var (size, variants) = Sizes(options, split);
        var random = new Random(unchecked(2 * options.Seed + (int)split));
        var pairs = new GlyphPair[size];
        for (var i = 0; i < size; i++)
        {
            var left = random.Next(options.Characters);
            var leftVariant = random.Next(variants);
            var right = random.Next(options.Characters);
            var rightVariant = random.Next(variants);
            pairs[i] = new GlyphPair(left, Sample(leftVariant, split), right, Sample(rightVariant, split));
        }
        return pairs;
    }

    /// <summary>
    /// The MultiMNIST overlay of two batches of square images, as described on <see cref="MultiKanji"/>: row i of the
    /// result is <paramref name="left"/>[i] toward the top-left and <paramref name="right"/>[i] toward the bottom-right,
    /// pixel-wise maximum, resized back to the input side.
    /// </summary>
    /// <param name="left">float32 [B, S, S]; not disposed.</param>
    /// <param name="right">float32 [B, S, S]; not disposed.</param>
    /// <returns>float32 [B, S, S], in the caller's dispose scope.</returns>
    /// <exception cref="ArgumentException">The two do not have the same shape [B, S, S].</exception>
    public static Tensor Compose(Tensor left, Tensor right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        if (left.dim() != 3 || left.shape[1] != left.shape[2] || !left.shape.SequenceEqual(right.shape))
            throw new ArgumentException(
                $"Compose needs two batches of square images of one shape [B, S, S]; got {TargetLayout.Format(left.shape)} and {TargetLayout.Format(right.shape)}.", nameof(right));
        var side = left.shape[1];
        var (canvasSide, offset) = Canvas(side);
        using var scope = NewDisposeScope();
        // One canvas written in place: half the time of padding both glyphs to the canvas and taking their maximum.
        var canvas = zeros(left.shape[0], 1, canvasSide, canvasSide);
        canvas.narrow(2, 0, side).narrow(3, 0, side).copy_(left.unsqueeze(1));
        var rightSquare = canvas.narrow(2, offset, side).narrow(3, offset, side);
        rightSquare.copy_(rightSquare.maximum(right.unsqueeze(1)));
        var composite = nn.functional.interpolate(canvas, [side, side], mode: InterpolationMode.Area);
        return composite.squeeze(1).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The MultiKanji training and test sets for <paramref name="spec"/>, as described on <see cref="MultiKanji"/>.
    /// </summary>
    /// <param name="spec">A declaration whose input width is S·S (784 for the default rendering) and whose tasks are
    /// exactly <see cref="Left"/> and <see cref="Right"/> (each <c>MultiClass(Characters)</c>) and
    /// <see cref="LeftStrokes"/> (<c>Regression(1)</c>), in any order.</param>
    /// <param name="options">Sizes, seed and rendering.</param>
    /// <returns>Two datasets that own their tensors: the caller disposes them.</returns>
    /// <exception cref="ArgumentException">The options or the declaration do not fit; lists every problem, naming the option or task.</exception>
    /// <exception cref="System.IO.FileNotFoundException">The kanji data is missing; the message names the package to install.</exception>
    public static (MultiTaskDataset Train, MultiTaskDataset Test) Generate(MultiTaskSpec spec, MultiKanjiOptions options)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        var rendering = options.Rendering ?? GlyphRenderOptions.Default;
        Requirement.ThrowIfFailed((Check(options), Fits(spec, options.Characters, rendering.Size)).Apply((_, _) => unit),
            "Cannot generate MultiKanji:", nameof(options));
        var all = KanjiData.Load(options.DataPath);
        Requirement.ThrowIfFailed(Requirement.That(options.Characters <= all.Count,
                $"MultiKanjiOptions.Characters is {options.Characters}; the data has only {all.Count} kanji."),
            "Cannot generate MultiKanji:", nameof(options));

        var characters = Characters(all, options.Characters);
        var train = Set(spec, characters, options, rendering, MultiKanjiSplit.Train);
        try
        {
            return (train, Set(spec, characters, options, rendering, MultiKanjiSplit.Test));
        }
        catch
        {
            train.Dispose();
            throw;
        }
    }

    private static MultiTaskDataset Set(MultiTaskSpec spec, IReadOnlyList<Glyph> characters, MultiKanjiOptions options, GlyphRenderOptions rendering, MultiKanjiSplit split)
    {
        var pairs = Pairs(options, split);
        var (size, variants) = Sizes(options, split);
        var pixels = rendering.Size * rendering.Size;
        using var scope = NewDisposeScope();
        var renderings = Render(characters, variants, split, options.Seed, rendering);
        var inputs = empty(size, pixels);
        for (var start = 0; start < size; start += Batch)
        {
            using var batchScope = NewDisposeScope();
            var count = Math.Min(Batch, size - start);
            var batch = pairs.AsSpan(start, count);
            var left = renderings.index_select(0, tensor(Rows(batch, p => (p.Left, p.LeftSample), variants)));
            var right = renderings.index_select(0, tensor(Rows(batch, p => (p.Right, p.RightSample), variants)));
            inputs.narrow(0, start, count).copy_(Compose(left, right).reshape(count, pixels));
        }
        var targets = new Dictionary<string, Tensor>
        {
            [Left] = tensor(pairs.Select(p => (long)p.Left).ToArray()),
            [Right] = tensor(pairs.Select(p => (long)p.Right).ToArray()),
            [LeftStrokes] = tensor(pairs.Select(p => (float)characters[p.Left].Strokes.Count).ToArray(), [size, 1]),
        };
        // Take: the tensors leave this scope with the dataset; on failure the scope disposes them.
        return MultiTaskDataset.FromShared(spec, inputs, targets, TensorOwnership.Take);
    }

    /// <summary>Every character's renderings of one pool, float32 [characters × variants, S, S]: row c·variants + v is variant v of character c.</summary>
    private static Tensor Render(IReadOnlyList<Glyph> characters, int variants, MultiKanjiSplit split, int seed, GlyphRenderOptions rendering)
    {
        var side = rendering.Size;
        var pixels = side * side;
        var rows = characters.Count * variants;
        var cache = empty(rows, side, side);
        // Rendered a batch at a time, so that the managed buffer is a small one, not a second copy of the cache.
        var images = new float[Math.Min(rows, Batch) * pixels];
        for (var start = 0; start < rows; start += Batch)
        {
            var count = Math.Min(Batch, rows - start);
            Parallel.For(0, count, i =>
            {
                var row = start + i;
                GlyphRenderer.RenderInto(images.AsSpan(i * pixels, pixels), characters[row / variants], Sample(row % variants, split), seed, rendering);
            });
            using var scope = NewDisposeScope();
            cache.narrow(0, start, count).copy_(tensor(images, [images.Length / pixels, side, side]).narrow(0, 0, count));
        }
        return cache;
    }

    /// <summary>Rows of the rendering cache that one side of each pair uses.</summary>
    private static long[] Rows(ReadOnlySpan<GlyphPair> pairs, Func<GlyphPair, (int Character, long Sample)> side, int variants)
    {
        var rows = new long[pairs.Length];
        for (var i = 0; i < pairs.Length; i++)
        {
            var (character, sample) = side(pairs[i]);
            rows[i] = (long)character * variants + sample / 2;
        }
        return rows;
    }

    /// <summary>The sample index of variant <paramref name="variant"/> in a split's pool: even for training, odd for test.</summary>
    private static long Sample(int variant, MultiKanjiSplit split) => 2L * variant + (int)split;

    private static (int Size, int Variants) Sizes(MultiKanjiOptions options, MultiKanjiSplit split) =>
        split == MultiKanjiSplit.Train ? (options.TrainSize, options.TrainVariants) : (options.TestSize, options.TestVariants);

    /// <summary>Canvas side and the right glyph's offset for renderings of side <paramref name="side"/>: 36 and 6 for 28.</summary>
    private static (long Canvas, long Offset) Canvas(long side) =>
        (side + (long)Math.Round(8.0 * side / 28), (long)Math.Round(6.0 * side / 28));

    private static Validation<Error, Unit> Check(MultiKanjiOptions options) =>
        (Requirement.That(options.Characters >= 2, $"MultiKanjiOptions.Characters is {options.Characters}; it must be at least 2."),
         Positive(options.TrainSize, nameof(options.TrainSize)),
         Positive(options.TestSize, nameof(options.TestSize)),
         Positive(options.TrainVariants, nameof(options.TrainVariants)),
         Positive(options.TestVariants, nameof(options.TestVariants)),
         Requirement.That(options.Rendering is null || options.Rendering.Size >= 1,
             $"MultiKanjiOptions.Rendering.Size is {options.Rendering?.Size}; it must be positive."),
         Requirement.That(CachePixels(options) <= System.Array.MaxLength,
             $"MultiKanjiOptions.Characters × TrainVariants (or TestVariants) renderings of {(options.Rendering ?? GlyphRenderOptions.Default).Size}² pixels are {CachePixels(options)} floats; at most {System.Array.MaxLength} fit in one rendering cache."))
        .Apply((_, _, _, _, _, _, _) => unit);

    /// <summary>Floats of the larger pool's rendering cache.</summary>
    private static long CachePixels(MultiKanjiOptions options)
    {
        var side = (long)(options.Rendering ?? GlyphRenderOptions.Default).Size;
        return (long)options.Characters * Math.Max(options.TrainVariants, options.TestVariants) * side * side;
    }

    private static Validation<Error, Unit> Positive(int value, string option) =>
        Requirement.That(value > 0, $"MultiKanjiOptions.{option} is {value.ToString(CultureInfo.InvariantCulture)}; it must be positive.");

    /// <summary>The declaration reads S·S features and has exactly the three MultiKanji tasks with their targets.</summary>
    private static Validation<Error, Unit> Fits(MultiTaskSpec spec, int characters, int side)
    {
        var expected = new (string Name, Target Target)[]
        {
            (Left, new MultiClass(characters)), (Right, new MultiClass(characters)), (LeftStrokes, new Regression(1)),
        };
        var wanted = string.Join(", ", expected.Select(e => $"'{e.Name}' ({TargetLayout.Describe(e.Target)})"));
        var problems = new List<Error>();
        if (spec.Input.Size != side * side)
            problems.Add(Error.New($"The declaration's input width is {spec.Input.Size}; MultiKanji images have {side * side} features ({side}×{side})."));
        foreach (var (name, target) in expected)
        {
            var declared = spec.Tasks.FirstOrDefault(t => t.Name == name);
            if (declared is null)
                problems.Add(Error.New($"The declaration has no task '{name}'; MultiKanji's tasks are {wanted}."));
            else if (declared.Target != target)
                problems.Add(Error.New($"Task '{name}' is {TargetLayout.Describe(declared.Target)}; with MultiKanjiOptions.Characters = {characters} it must be {TargetLayout.Describe(target)}."));
        }
        foreach (var extra in spec.Tasks.Where(t => expected.All(e => e.Name != t.Name)))
            problems.Add(Error.New($"Task '{extra.Name}' is not a MultiKanji task; MultiKanji's tasks are {wanted}."));
        return (Requirement.ValidDeclaration(spec), Requirement.None(toSeq(problems))).Apply((_, _) => unit);
    }
}

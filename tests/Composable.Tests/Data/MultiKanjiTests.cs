using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using Composable.Data;
using Composable.Data.Glyphs;
using Xunit;
using static TorchSharp.torch;

namespace Composable.Tests.Data;

/// <summary>One small MultiKanji generation shared by the tests that only read it.</summary>
public sealed class SmallMultiKanji : IDisposable
{
    public static readonly MultiKanjiOptions Options = new(Characters: 20, TrainSize: 500, TestSize: 100, TrainVariants: 10, TestVariants: 5, Seed: 3);

    public SmallMultiKanji()
    {
        All = KanjiData.Load();
        Characters = MultiKanji.Characters(All, Options.Characters);
        (Train, Test) = MultiKanji.Generate(MultiKanjiTests.Spec(Options.Characters), Options);
    }

    public IReadOnlyList<Glyph> All { get; }
    public IReadOnlyList<Glyph> Characters { get; }
    public MultiTaskDataset Train { get; }
    public MultiTaskDataset Test { get; }

    public void Dispose()
    {
        Train.Dispose();
        Test.Dispose();
    }
}

public sealed class MultiKanjiTests(SmallMultiKanji data) : IClassFixture<SmallMultiKanji>
{
    private const int Side = 28;
    private static readonly MultiKanjiOptions Options = SmallMultiKanji.Options;

    internal static MultiTaskSpec Spec(int characters, int width = Side * Side) => new(
        new Features(width),
        [
            new TaskSpec(MultiKanji.Left, new MultiClass(characters)),
            new TaskSpec(MultiKanji.Right, new MultiClass(characters)),
            new TaskSpec(MultiKanji.LeftStrokes, new Regression(1)),
        ],
        new HardSharing(Trunk: [8]));

    [Fact]
    public void Sets_have_the_requested_sizes_shared_image_rows_and_labels_in_range()
    {
        foreach (var (set, size) in new[] { (data.Train, Options.TrainSize), (data.Test, Options.TestSize) })
        {
            Assert.True(set.SharesInputs);
            Assert.Equal(new long[] { size, Side * Side }, set[MultiKanji.Left].Inputs.shape);
            Assert.Equal(ScalarType.Float32, set[0].Inputs.dtype);
            var pixels = Floats(set[0].Inputs);
            Assert.All(pixels, v => Assert.InRange(v, 0f, 1f));
            Assert.True(pixels.Count(v => v > 0.5f) > size * 20, "every image has ink");
            foreach (var task in new[] { MultiKanji.Left, MultiKanji.Right })
            {
                Assert.Equal(new long[] { size }, set[task].Targets.shape);
                var labels = set[task].Targets.data<long>().ToArray();
                Assert.All(labels, l => Assert.InRange(l, 0, Options.Characters - 1));
                Assert.True(labels.Distinct().Count() > Options.Characters / 2, $"{task} labels cover the set");
            }
            Assert.Equal(new long[] { size, 1 }, set[MultiKanji.LeftStrokes].Targets.shape);
        }
    }

    [Fact]
    public void Stroke_counts_are_the_left_glyphs_stroke_counts()
    {
        foreach (var set in new[] { data.Train, data.Test })
        {
            var left = set[MultiKanji.Left].Targets.data<long>().ToArray();
            var strokes = Floats(set[MultiKanji.LeftStrokes].Targets);
            Assert.Equal(left.Select(l => (float)data.Characters[(int)l].Strokes.Count), strokes);
        }
        Assert.True(Floats(data.Train[MultiKanji.LeftStrokes].Targets).Distinct().Count() > 3, "stroke counts vary");
    }

    [Fact]
    public void Every_image_is_the_composition_of_its_pairs_renderings()
    {
        foreach (var (set, split) in new[] { (data.Train, MultiKanjiSplit.Train), (data.Test, MultiKanjiSplit.Test) })
        {
            using var scope = NewDisposeScope();
            var pairs = MultiKanji.Pairs(Options, split);
            Assert.Equal(pairs.Select(p => (long)p.Left), set[MultiKanji.Left].Targets.data<long>().ToArray());
            Assert.Equal(pairs.Select(p => (long)p.Right), set[MultiKanji.Right].Targets.data<long>().ToArray());
            foreach (var i in new[] { 0, 7, pairs.Length - 1 })
            {
                var (left, right) = (Rendering(pairs[i].Left, pairs[i].LeftSample), Rendering(pairs[i].Right, pairs[i].RightSample));
                var expected = MultiKanji.Compose(left.unsqueeze(0), right.unsqueeze(0)).reshape(Side * Side);
                Assert.Equal(Floats(expected), Floats(set[0].Inputs[i]));
            }
        }
    }

    [Fact]
    public void Train_and_test_never_share_a_rendering()
    {
        var train = Renderings(MultiKanji.Pairs(Options, MultiKanjiSplit.Train));
        var test = Renderings(MultiKanji.Pairs(Options, MultiKanjiSplit.Test));

        Assert.Empty(train.Intersect(test));
        Assert.All(train, r => Assert.True(r.Sample % 2 == 0 && r.Sample < 2 * Options.TrainVariants, $"train sample {r.Sample}"));
        Assert.All(test, r => Assert.True(r.Sample % 2 == 1 && r.Sample < 2 * Options.TestVariants, $"test sample {r.Sample}"));
        // The pools are used, not just one rendering per character.
        Assert.True(train.Count > Options.Characters * Options.TrainVariants / 2);
        // A larger training pool still leaves the test pool alone.
        Assert.Empty(Renderings(MultiKanji.Pairs(Options with { TrainVariants = 400, TrainSize = 5000 }, MultiKanjiSplit.Train)).Intersect(test));
    }

    [Fact]
    public void Left_glyph_sits_toward_the_top_left_and_right_glyph_toward_the_bottom_right()
    {
        using var scope = NewDisposeScope();
        var glyph = Rendering(0, 0).unsqueeze(0);
        var blank = zeros_like(glyph);
        var (singleRow, singleColumn) = MassCentre(glyph[0]);
        var (leftRow, leftColumn) = MassCentre(MultiKanji.Compose(glyph, blank)[0]);
        var (rightRow, rightColumn) = MassCentre(MultiKanji.Compose(blank, glyph)[0]);

        // On the 36×36 canvas the left glyph starts at 0, the right at 6; the resize to 28 maps a pixel-centre
        // coordinate c to about (c + 0.5)·28/36 − 0.5 (area pooling bins overlap by a pixel, hence the tolerance). For a
        // centred glyph (13.5) that is −3.1 and +1.6 pixels on each axis.
        static double Resized(double canvas) => (canvas + 0.5) * 28 / 36 - 0.5;
        Assert.InRange(leftRow, Resized(singleRow) - 0.5, Resized(singleRow) + 0.5);
        Assert.InRange(leftColumn, Resized(singleColumn) - 0.5, Resized(singleColumn) + 0.5);
        Assert.InRange(rightRow, Resized(singleRow + 6) - 0.5, Resized(singleRow + 6) + 0.5);
        Assert.InRange(rightColumn, Resized(singleColumn + 6) - 0.5, Resized(singleColumn + 6) + 0.5);
        Assert.True(leftRow < singleRow - 2 && leftColumn < singleColumn - 2, "left glyph up and to the left");
        Assert.True(rightRow > singleRow + 1 && rightColumn > singleColumn + 1, "right glyph down and to the right");

        // The overlay is a pixel-wise maximum: a glyph over itself at both places keeps every pixel in [0, 1].
        var both = Floats(MultiKanji.Compose(glyph, glyph));
        Assert.True(both.Max() <= 1f);
    }

    [Fact]
    public void Same_seed_gives_bit_identical_tensors_and_another_seed_other_data()
    {
        var (train, test) = MultiKanji.Generate(Spec(Options.Characters), Options);
        using (train)
        using (test)
        {
            foreach (var (again, first) in new[] { (train, data.Train), (test, data.Test) })
            {
                Assert.True(Bytes(again[0].Inputs).SequenceEqual(Bytes(first[0].Inputs)));
                foreach (var task in new[] { MultiKanji.Left, MultiKanji.Right, MultiKanji.LeftStrokes })
                    Assert.True(Bytes(again[task].Targets).SequenceEqual(Bytes(first[task].Targets)), task);
            }
        }

        var other = Options with { Seed = Options.Seed + 1 };
        Assert.NotEqual(MultiKanji.Pairs(Options, MultiKanjiSplit.Train), MultiKanji.Pairs(other, MultiKanjiSplit.Train));
        var (otherTrain, otherTest) = MultiKanji.Generate(Spec(Options.Characters), other);
        using (otherTrain)
        using (otherTest)
        {
            Assert.False(Bytes(otherTrain[0].Inputs).SequenceEqual(Bytes(data.Train[0].Inputs)));
            Assert.False(Bytes(otherTest[0].Inputs).SequenceEqual(Bytes(data.Test[0].Inputs)));
        }
    }

    [Fact]
    public void Generating_and_disposing_both_sets_leaves_no_tensor_alive()
    {
        var live = TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        var (train, test) = MultiKanji.Generate(Spec(Options.Characters), Options with { TrainSize = 50, TestSize = 20 });
        Assert.Equal(live + 2 * 4, TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount);   // per set: inputs, three targets
        train.Dispose();
        test.Dispose();
        Assert.Equal(live, TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void Another_rendering_size_scales_the_images_and_the_declared_width()
    {
        var options = Options with { TrainSize = 40, TestSize = 10, Rendering = GlyphRenderOptions.Default with { Size = 14 } };
        var (train, test) = MultiKanji.Generate(Spec(Options.Characters, width: 14 * 14), options);
        using (train)
        using (test)
        {
            Assert.Equal(new long[] { 40, 196 }, train[0].Inputs.shape);
            Assert.Equal(new long[] { 10, 196 }, test[0].Inputs.shape);
        }
        var error = Assert.Throws<ArgumentException>(() => MultiKanji.Generate(Spec(Options.Characters), options));
        Assert.Contains("input width is 784; MultiKanji images have 196 features (14×14)", error.Message);
    }

    [Fact]
    public void Compose_refuses_batches_of_different_shapes()
    {
        using var scope = NewDisposeScope();
        var error = Assert.Throws<ArgumentException>(() => MultiKanji.Compose(zeros(2, 28, 28), zeros(3, 28, 28)));
        Assert.Contains("[2, 28, 28] and [3, 28, 28]", error.Message);
        Assert.Throws<ArgumentException>(() => MultiKanji.Compose(zeros(2, 28, 20), zeros(2, 28, 20)));
    }

    [Fact]
    public void Character_set_is_a_fixed_prefix_of_one_permutation_of_the_data()
    {
        var hundred = MultiKanji.Characters(data.All, 100);
        Assert.Equal(100, hundred.Select(g => g.Character).Distinct().Count());
        Assert.Equal(hundred.Take(Options.Characters), data.Characters);
        Assert.Equal(hundred, MultiKanji.Characters(data.All, 500).Take(100));
        // A permutation, not the file order (which runs from one stroke up): simple and complex characters both appear.
        Assert.NotEqual(data.All.Take(100), hundred);
        Assert.True(hundred.Max(g => g.Strokes.Count) - hundred.Min(g => g.Strokes.Count) >= 10);
    }

    [Theory]
    [InlineData(1, 500, 100, 10, 5, "Characters is 1")]
    [InlineData(7000, 500, 100, 10, 5, "Characters is 7000; the data has only 6394 kanji")]
    [InlineData(20, 0, 100, 10, 5, "TrainSize is 0")]
    [InlineData(20, 500, -1, 10, 5, "TestSize is -1")]
    [InlineData(20, 500, 100, 0, 5, "TrainVariants is 0")]
    [InlineData(20, 500, 100, 10, 0, "TestVariants is 0")]
    public void Bad_options_throw_naming_the_option(int characters, int train, int test, int trainVariants, int testVariants, string expected)
    {
        var options = new MultiKanjiOptions(characters, train, test, trainVariants, testVariants);
        var error = Assert.Throws<ArgumentException>(() => MultiKanji.Generate(Spec(characters), options));
        Assert.Equal("options", error.ParamName);
        Assert.Contains("MultiKanjiOptions." + expected, error.Message);
    }

    [Fact]
    public void A_declaration_that_does_not_fit_lists_every_problem()
    {
        var spec = Spec(Options.Characters + 1, width: 100) with
        {
            Tasks = [new TaskSpec(MultiKanji.Left, new MultiClass(Options.Characters + 1)), new TaskSpec("Extra", new Binary())],
        };
        var error = Assert.Throws<ArgumentException>(() => MultiKanji.Generate(spec, Options));
        Assert.Contains("input width is 100; MultiKanji images have 784 features", error.Message);
        Assert.Contains($"Task 'Left' is MultiClass with 21 classes, int64; with MultiKanjiOptions.Characters = 20 it must be MultiClass with 20 classes", error.Message);
        Assert.Contains("no task 'Right'", error.Message);
        Assert.Contains("no task 'LeftStrokes'", error.Message);
        Assert.Contains("Task 'Extra' is not a MultiKanji task", error.Message);
    }

    [Fact]
    public void Missing_data_file_names_the_package()
    {
        var path = Path.Combine(Path.GetTempPath(), "no-such-dir", "data.json");
        var error = Assert.Throws<FileNotFoundException>(() => MultiKanji.Generate(Spec(Options.Characters), Options with { DataPath = path }));
        Assert.Contains("apt-get install -y python3-kanjidraw", error.Message);
    }

    /// <summary>Sample <paramref name="sample"/> of character <paramref name="character"/> as the generator renders it, [S, S].</summary>
    private Tensor Rendering(int character, long sample) =>
        tensor(GlyphRenderer.Render(data.Characters[character], sample, Options.Seed), [Side, Side]);

    private static HashSet<(int Character, long Sample)> Renderings(IEnumerable<GlyphPair> pairs) =>
        pairs.SelectMany(p => new[] { (p.Left, p.LeftSample), (p.Right, p.RightSample) }).ToHashSet();

    /// <summary>Ink-weighted mean row and column of an [S, S] image.</summary>
    private static (double Row, double Column) MassCentre(Tensor image)
    {
        var pixels = Floats(image);
        var (mass, row, column) = (0.0, 0.0, 0.0);
        for (var i = 0; i < pixels.Length; i++)
        {
            mass += pixels[i];
            row += pixels[i] * (i / Side);
            column += pixels[i] * (i % Side);
        }
        return (row / mass, column / mass);
    }

    private static float[] Floats(Tensor t) => t.contiguous().data<float>().ToArray();

    private static byte[] Bytes(Tensor t) => t.dtype == ScalarType.Int64
        ? MemoryMarshal.AsBytes(t.contiguous().data<long>().ToArray().AsSpan()).ToArray()
        : MemoryMarshal.AsBytes(Floats(t).AsSpan()).ToArray();
}

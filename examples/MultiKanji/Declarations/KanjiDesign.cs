using Composable;
using Composable.Data.Glyphs;

namespace Composable.Examples.MultiKanjiStudy.Declarations;

/// <summary>
/// What the four declarations share: MultiKanji's three tasks, the conv backbone and the optimiser. Every model gets
/// the same backbone design (independent towers get one copy per task), so the topologies differ only in what they share.
/// </summary>
public static class KanjiDesign
{
    /// <summary>Characters of the MultiKanji set (its default), the classes of <c>Left</c> and <c>Right</c>.</summary>
    public const int Characters = 100;

    /// <summary>Channels of every conv block: 16 keeps the whole study (4 models × 3 seeds, one epoch) within about 40 minutes on a shared 2-core machine; 32 did not.</summary>
    public const int Channels = 16;

    /// <summary>
    /// Conv blocks: three halve 28×28 to 3×3, so the embedding (16·3·3 = 144 wide) still tells left from right; a fourth
    /// block would pool it to a single 16-wide pixel.
    /// </summary>
    public const int Blocks = 3;

    /// <summary>
    /// Weight of the stroke-count MSE: about 1 / variance of the raw stroke count over the training images, so the
    /// regression loss is the MSE of the standardised count and sits on the scale of the two cross-entropies. Fixed
    /// here because a declaration is a compile-time value; <c>StrokeStatistics</c> measures the variance and a test
    /// checks that this constant stays within 15 % of its inverse.
    /// </summary>
    public const double StrokeWeight = 0.042;

    /// <summary>Adam's learning rate, the same for every model.</summary>
    public const double LearningRate = 1e-3;

    /// <summary>The three MultiKanji tasks.</summary>
    public static readonly ValueList<TaskSpec> Tasks =
    [
        new TaskSpec(MultiKanji.Left, new MultiClass(Classes: Characters)),
        new TaskSpec(MultiKanji.Right, new MultiClass(Classes: Characters)),
        new TaskSpec(MultiKanji.LeftStrokes, new Regression(Outputs: 1), Weight: StrokeWeight),
    ];

    /// <summary>MultiKanji's 1×28×28 images, the input of every model.</summary>
    public static readonly Image Glyph = new(Channels: 1, Height: 28, Width: 28);

    /// <summary>The conv backbone on <see cref="Glyph"/>.</summary>
    public static readonly ConvBackbone Backbone = new(Glyph, Blocks: Blocks, Channels: Channels);

    /// <summary>The optimiser of every model.</summary>
    public static readonly Adam Optimizer = new(LearningRate: LearningRate);
}

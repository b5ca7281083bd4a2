using Composable;

namespace Composable.Examples.MultiKanjiStudy.Declarations;

/// <summary>
/// Cross-stitch over ONE shared conv backbone: each task has its own [256, 128] MLP column over the backbone's
/// embedding, and learned cross-stitch units mix the columns after every layer. Today a conv backbone is shared by
/// every topology except independent towers, so the convolutions themselves are not cross-stitched (the paper
/// stitches two conv networks).
/// </summary>
[MultiTaskModel]
public static partial class CrossStitchConv
{
    /// <summary>Cross-stitched MLP columns over the shared conv backbone.</summary>
    public static readonly MultiTaskSpec Spec = new(
        Input: KanjiDesign.Glyph,
        Tasks: KanjiDesign.Tasks,
        Sharing: new CrossStitch(Layers: [256, 128]),
        Optimizer: KanjiDesign.Optimizer,
        Backbone: KanjiDesign.Backbone);
}

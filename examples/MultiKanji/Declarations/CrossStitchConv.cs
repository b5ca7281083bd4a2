using Composable;

namespace Composable.Examples.MultiKanjiStudy.Declarations;

/// <summary>
/// Cross-stitch networks as Misra et al. build them: each task has its own conv network (its copy of the backbone, then
/// a [256, 128] MLP column), and learned cross-stitch units mix the tasks' feature maps after every conv block and
/// their activations after every MLP layer.
/// </summary>
[MultiTaskModel]
public static partial class CrossStitchConv
{
    /// <summary>Cross-stitched conv networks, one per task.</summary>
    public static readonly MultiTaskSpec Spec = new(
        Input: KanjiDesign.Glyph,
        Tasks: KanjiDesign.Tasks,
        Sharing: new CrossStitch(Layers: [256, 128]),
        Optimizer: KanjiDesign.Optimizer,
        Backbone: KanjiDesign.Backbone);
}

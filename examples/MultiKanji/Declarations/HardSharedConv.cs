using Composable;

namespace Composable.Examples.MultiKanjiStudy.Declarations;

/// <summary>Hard sharing: one conv backbone and a [256] trunk for all tasks, then a [128] tower per task.</summary>
[MultiTaskModel]
public static partial class HardSharedConv
{
    /// <summary>Hard sharing over the shared conv backbone.</summary>
    public static readonly MultiTaskSpec Spec = new(
        Input: KanjiDesign.Glyph,
        Tasks: KanjiDesign.Tasks,
        Sharing: new HardSharing(Trunk: [256], Towers: [128]),
        Optimizer: KanjiDesign.Optimizer,
        Backbone: KanjiDesign.Backbone);
}

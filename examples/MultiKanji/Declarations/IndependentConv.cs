using Composable;

namespace Composable.Examples.MultiKanjiStudy.Declarations;

/// <summary>The baseline: per task its own conv backbone and a [128] tower; the tasks share nothing.</summary>
[MultiTaskModel]
public static partial class IndependentConv
{
    /// <summary>Independent towers over a conv backbone: each task gets its own copy of the backbone.</summary>
    public static readonly MultiTaskSpec Spec = new(
        Input: KanjiDesign.Glyph,
        Tasks: KanjiDesign.Tasks,
        Sharing: new Independent(Layers: [128]),
        Optimizer: KanjiDesign.Optimizer,
        Backbone: KanjiDesign.Backbone);
}

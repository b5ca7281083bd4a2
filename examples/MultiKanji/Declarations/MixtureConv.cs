using Composable;

namespace Composable.Examples.MultiKanjiStudy.Declarations;

/// <summary>MMoE on conv features: one conv backbone, four [128] experts mixed by a softmax gate per task, a [128] tower per task.</summary>
[MultiTaskModel]
public static partial class MixtureConv
{
    /// <summary>The multi-gate mixture of experts over the shared conv backbone.</summary>
    public static readonly MultiTaskSpec Spec = new(
        Input: KanjiDesign.Glyph,
        Tasks: KanjiDesign.Tasks,
        Sharing: new MixtureOfExperts(Experts: 4, ExpertLayers: [128], TowerLayers: [128]),
        Optimizer: KanjiDesign.Optimizer,
        Backbone: KanjiDesign.Backbone);
}

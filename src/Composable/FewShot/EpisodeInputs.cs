using System;
using static TorchSharp.torch;

namespace Composable.FewShot;

/// <summary>The checks every few-shot network (interpreted or generated) runs on an episode before scoring it.</summary>
public static class EpisodeInputs
{
    /// <summary>
    /// Throws an <see cref="ArgumentException"/> naming the tensor, its shape and the declaration when the inputs do not
    /// fit <paramref name="spec"/>: rows of the wrong width, not one support label per support row, or (readers,
    /// whose head is declared N-way) a different number of ways.
    /// </summary>
    public static void Check(FewShotLearnerSpec spec, Tensor supportInputs, Tensor supportLabels, Tensor queryInputs, int ways)
    {
        if (spec.Learner is LstmReader or AttentionReader && spec.Episodes is FewShotClassification declared && ways != declared.Ways)
            throw new ArgumentException($"The {spec.Learner.GetType().Name} reads {declared.Ways}-way episodes (declared), not {ways}-way ones.", nameof(ways));
        if (supportLabels.shape.Length != 1 || supportLabels.shape[0] != supportInputs.shape[0])
            throw new ArgumentException(
                $"Support labels have shape [{string.Join(", ", supportLabels.shape)}]; expected [{supportInputs.shape[0]}], one label per support row.",
                nameof(supportLabels));
        Backbones.CheckInputs(spec.Backbone, supportInputs, "support inputs");
        Backbones.CheckInputs(spec.Backbone, queryInputs, "query inputs");
    }
}

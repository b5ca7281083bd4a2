using System.Collections.Generic;
using System.Linq;
using Composable.Data.Episodes;
using Composable.Meta;
using static TorchSharp.torch;

namespace FewShotGlyphs;

/// <summary>Query predictions of a gradient-based learner after test-time adaptation of each episode.</summary>
internal static class GradientAdaptation
{
    /// <summary>Predicted labels [episode][query] after <paramref name="steps"/> inner steps from θ.</summary>
    public static int[][] Predictions(MetaTrainer trainer, IReadOnlyList<Episode> episodes, int steps)
    {
        using var scope = NewDisposeScope();
        trainer.Network.eval();
        var batch = EpisodeBatch.Of(episodes);
        var rates = trainer.Network.InnerRatesOf().Detach();
        var fast = trainer.Network.Weights.Detach().Broadcast(batch.Tasks).Select((_, t) => t.clone().requires_grad_(true));
        if (steps > 0)
            fast = trainer.InnerLoop(fast, rates, batch.SupportInputs, batch.SupportTargets, steps, createGraph: false, detachEachStep: true);
        using var noGrad = no_grad();
        var predicted = trainer.Network.ForwardBatched(fast, batch.QueryInputs).argmax(2);
        var flat = predicted.data<long>().ToArray();
        var queries = (int)predicted.shape[1];
        return Enumerable.Range(0, episodes.Count).Select(e => flat.Skip(e * queries).Take(queries).Select(p => (int)p).ToArray()).ToArray();
    }
}

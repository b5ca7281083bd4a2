using System.Collections.Generic;
using static TorchSharp.torch;

namespace Composable.Modules;

/// <summary>
/// The fused operations of a mixture of experts, shared by generated models and the interpreter so both compute
/// identical numbers. Expert activations are laid out experts-first: [E, B, H].
/// </summary>
public static class ExpertMixing
{
    /// <summary>The output of the fused first layer, [B, E·H], as experts-first activations [E, B, H].</summary>
    public static Tensor Split(Tensor fused, int experts) => fused.view(fused.shape[0], experts, -1).transpose(0, 1);

    /// <summary>Gate weights: softmax of gate logits [B, E] over the experts.</summary>
    public static Tensor Weights(Tensor logits) => nn.functional.softmax(logits, 1);

    /// <summary>Every task's gate weights from the fused gates' logits [B, T·E]: a softmax per task, as [B, T, E].</summary>
    public static Tensor TaskWeights(Tensor logits, int tasks) => nn.functional.softmax(logits.view(logits.shape[0], tasks, -1), 2);

    /// <summary>Every task's mixture Σ_e w[b, t, e]·experts[e, b, :] as [B, T, H], one batched product for all tasks.</summary>
    public static Tensor MixAll(Tensor weights, Tensor experts) => bmm(weights, experts.transpose(0, 1));

    /// <summary>The mixture Σ_e w[b, e]·experts[e, b, :] as [B, H], one batched product.</summary>
    public static Tensor Mix(Tensor weights, Tensor experts) =>
        bmm(weights.unsqueeze(1), experts.transpose(0, 1)).squeeze(1);

    /// <summary>The shared experts and task <paramref name="task"/>'s own, from a level laid out shared first, then each task's.</summary>
    public static Tensor Select(Tensor experts, int shared, int perTask, int task) =>
        cat(new[] { experts.narrow(0, 0, shared), experts.narrow(0, shared + (long)task * perTask, perTask) }, 0);

    /// <summary>
    /// Inputs [E, B, F] of a PLE level above the first: the shared experts read <paramref name="shared"/>, each task's
    /// experts read that task's mixture from the level below.
    /// </summary>
    public static Tensor Inputs(Tensor shared, int sharedExperts, int perTask, IReadOnlyList<Tensor> tasks)
    {
        var parts = new Tensor[tasks.Count + 1];
        parts[0] = shared.unsqueeze(0).expand(sharedExperts, -1, -1);
        for (var t = 0; t < tasks.Count; t++)
            parts[t + 1] = tasks[t].unsqueeze(0).expand(perTask, -1, -1);
        return cat(parts, 0);
    }
}

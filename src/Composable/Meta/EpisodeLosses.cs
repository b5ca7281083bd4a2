using Composable.Training;
using static TorchSharp.torch;

namespace Composable.Meta;

/// <summary>
/// The per-task losses of a task-batched meta-learner, shared by <see cref="MetaTrainer"/> and the generated
/// <c>Trainer</c> of every <c>[MetaLearner]</c> declaration: predictions [T, B, out] against targets of T tasks,
/// one mean loss per task [T]. Summing them gives every task's own gradient in its slice of stacked fast weights.
/// </summary>
public static class EpisodeLosses
{
    /// <summary>Mean squared error per task [T] of predictions [T, B, out] against targets [T, B, out] (few-shot regression).</summary>
    public static Tensor Regression(Tensor predictions, Tensor targets) =>
        (predictions - targets).pow(Scalars.Two).mean(new long[] { 1, 2 });

    /// <summary>Mean cross-entropy per task [T] of logits [T, B, ways] against labels [T, B] (N-way classification).</summary>
    public static Tensor Classification(Tensor predictions, Tensor labels)
    {
        var (tasks, batch) = (predictions.shape[0], predictions.shape[1]);
        return nn.functional.cross_entropy(predictions.reshape(tasks * batch, -1), labels.reshape(tasks * batch), reduction: nn.Reduction.None)
            .reshape(tasks, batch).mean(new long[] { 1 });
    }

    /// <summary>The per-task losses of the declared <paramref name="episodes"/>: cross-entropy for classification, else MSE.</summary>
    public static Tensor Of(global::Composable.Episodes episodes, Tensor predictions, Tensor targets) => episodes is FewShotClassification
        ? Classification(predictions, targets)
        : Regression(predictions, targets);
}

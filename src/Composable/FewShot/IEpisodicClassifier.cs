using static TorchSharp.torch;

namespace Composable.FewShot;

/// <summary>
/// A few-shot classifier that reads an episode's support set and scores its queries: the interpreted
/// <see cref="FewShotNetwork"/> and every generated <c>Network</c> of a <c>[FewShotLearner]</c> declaration.
/// <see cref="EpisodicTrainer"/> trains any of them.
/// </summary>
public interface IEpisodicClassifier
{
    /// <summary>The module whose parameters are trained (usually the classifier itself).</summary>
    nn.Module Module { get; }

    /// <summary>
    /// Query scores [Q, <paramref name="ways"/>] (larger is more likely; the argmax is the prediction) from support
    /// inputs [S, F] with labels [S] in 0…<paramref name="ways"/>−1 and query inputs [Q, F]. Inputs are float32
    /// rows (images flattened channel-major), labels int64.
    /// </summary>
    Tensor Scores(Tensor supportInputs, Tensor supportLabels, Tensor queryInputs, int ways);

    /// <summary>The scalar training loss of <paramref name="scores"/> [Q, ways] against <paramref name="queryLabels"/> [Q].</summary>
    Tensor Loss(Tensor scores, Tensor queryLabels);
}

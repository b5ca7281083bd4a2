namespace Composable
{
    /// <summary>
    /// A metric-based or black-box meta-learning declaration: a backbone that embeds every example, the episodes it
    /// learns from, the learner that turns a support set and query embeddings into query predictions, and the outer
    /// optimiser. Nothing adapts at test time by gradient descent: the learner reads the support set.
    /// </summary>
    /// <param name="Backbone">The embedding network: <see cref="MlpBackbone"/> for vectors, <see cref="ConvBackbone"/> for images.</param>
    /// <param name="Episodes">N-way K-shot episodes (<see cref="FewShotClassification"/>); every learner here classifies.</param>
    /// <param name="Learner">Prototypical, matching or relation network, or an LSTM or attention reader.</param>
    /// <param name="Outer">The optimiser of every parameter; Adam with learning rate 1e-3 by default.</param>
    /// <param name="MetaBatch">Episodes per optimiser step (their losses are averaged); 1 by default, as in the papers.</param>
    public sealed record FewShotLearnerSpec(
        Backbone Backbone,
        Episodes Episodes,
        FewShotLearner Learner,
        Optimizer? Outer = null,
        int MetaBatch = 1)
    {
        /// <summary>The outer optimiser; <see cref="Adam"/> when none was declared.</summary>
        public Optimizer Outer { get; init; } = Outer ?? new Adam();
    }
}

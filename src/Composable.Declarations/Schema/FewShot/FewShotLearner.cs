namespace Composable
{
    /// <summary>How a few-shot learner turns a support set and queries into query predictions.</summary>
    public abstract record FewShotLearner
    {
        private protected FewShotLearner()
        {
        }
    }

    /// <summary>How a metric-based learner compares a query embedding with a class representative.</summary>
    public enum Distance
    {
        /// <summary>Squared Euclidean distance; logits are its negative (Snell et al. 2017).</summary>
        SquaredEuclidean,

        /// <summary>Cosine similarity times a fixed scale (a temperature), as logits.</summary>
        Cosine,
    }

    /// <summary>
    /// Prototypical networks (Snell et al. 2017): a class prototype is the mean embedding of its support examples;
    /// queries are classified by a softmax over negative distances to the prototypes.
    /// </summary>
    /// <param name="Distance">The metric.</param>
    /// <param name="CosineScale">Scale of cosine logits (ignored for Euclidean); positive.</param>
    public sealed record Prototypical(Distance Distance = Distance.SquaredEuclidean, double CosineScale = 10.0) : FewShotLearner;

    /// <summary>
    /// Matching networks (Vinyals et al. 2016), without full-context embeddings: a query's class distribution is the
    /// label mixture of the support set under softmax attention over scaled cosine similarities to every support
    /// embedding; the loss is the negative log-probability of the true class.
    /// </summary>
    /// <param name="CosineScale">Scale of the cosine similarities inside the attention softmax; positive.</param>
    public sealed record Matching(double CosineScale = 10.0) : FewShotLearner;

    /// <summary>
    /// Relation networks (Sung et al. 2018): a learned comparison module scores each (query, class) pair — the
    /// query embedding concatenated with the class's mean support embedding, through an MLP <c>relation</c> of the
    /// declared hidden widths and a sigmoid output — trained by mean squared error against the one-hot labels.
    /// </summary>
    /// <param name="Layers">Hidden widths of the relation module; each positive (may be empty).</param>
    public sealed record Relation(ValueList<int> Layers) : FewShotLearner;

    /// <summary>
    /// A black-box learner that reads the episode as a sequence (Santoro et al. 2016; Ravi and Larochelle's "model
    /// that reads a dataset" view): an LSTM reads the support pairs (embedding, one-hot label) in order; each query
    /// (embedding, no label) is one more step from the final support state, and a linear head predicts its class.
    /// Before reading, embeddings are centred on the support set's mean and layer-normalised, and one-hot labels are
    /// scaled to the embeddings' norm (as for <see cref="AttentionReader"/>).
    /// </summary>
    /// <param name="Hidden">LSTM state width; positive.</param>
    /// <param name="Layers">Stacked LSTM layers; at least 1.</param>
    public sealed record LstmReader(int Hidden = 128, int Layers = 1) : FewShotLearner;

    /// <summary>
    /// A black-box learner built from attention: support pairs (embedding, one-hot label) and queries (embedding, no
    /// label) become tokens; pre-norm transformer layers let support tokens attend to the support set and each query
    /// attend to the support set and itself; a linear head reads each query's token. Before reading, embeddings are
    /// centred on the support set's mean and layer-normalised, and one-hot labels are scaled to the embeddings' norm.
    /// </summary>
    /// <param name="Width">Token width; positive and divisible by <paramref name="Heads"/>.</param>
    /// <param name="Heads">Attention heads; positive.</param>
    /// <param name="Layers">Transformer layers; at least 1.</param>
    public sealed record AttentionReader(int Width = 64, int Heads = 4, int Layers = 2) : FewShotLearner;
}

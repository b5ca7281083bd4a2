namespace Composable
{
    /// <summary>How a task presents itself to a meta-learner: a support set to adapt on and a query set to score.</summary>
    public abstract record Episodes
    {
        private protected Episodes()
        {
        }

        /// <summary>Support examples per task (classification: per class).</summary>
        public abstract int Shots { get; }

        /// <summary>Query examples per task (classification: per class).</summary>
        public abstract int Queries { get; }
    }

    /// <summary>Few-shot regression: <paramref name="Shots"/> support and <paramref name="Queries"/> query points per task; MSE loss.</summary>
    /// <param name="Shots">Support examples per task; at least 1.</param>
    /// <param name="Queries">Query examples per task; at least 1.</param>
    public sealed record FewShotRegression(int Shots, int Queries) : Episodes
    {
        /// <inheritdoc />
        public override int Shots { get; } = Shots;

        /// <inheritdoc />
        public override int Queries { get; } = Queries;
    }

    /// <summary>
    /// N-way K-shot classification: each episode draws <paramref name="Ways"/> classes, relabels them 0…N−1, and takes
    /// <paramref name="Shots"/> support and <paramref name="Queries"/> query examples of each; cross-entropy loss.
    /// </summary>
    /// <param name="Ways">Classes per episode (N); at least 2, and equal to the head's outputs.</param>
    /// <param name="Shots">Support examples per class (K); at least 1.</param>
    /// <param name="Queries">Query examples per class; at least 1.</param>
    public sealed record FewShotClassification(int Ways, int Shots, int Queries) : Episodes
    {
        /// <inheritdoc />
        public override int Shots { get; } = Shots;

        /// <inheritdoc />
        public override int Queries { get; } = Queries;
    }
}

namespace Composable
{
    /// <summary>A gradient-based meta-learner: an inner loop that adapts fast weights, and an outer update of θ.</summary>
    public abstract record MetaLearner
    {
        private protected MetaLearner()
        {
        }

        /// <summary>Inner-loop gradient steps per task during meta-training; positive.</summary>
        public abstract int InnerSteps { get; }

        /// <summary>Inner-loop step size α (Meta-SGD: its initial value); finite and positive.</summary>
        public abstract double InnerLearningRate { get; }

        /// <summary>Tasks per meta-update; positive.</summary>
        public abstract int MetaBatch { get; }

        /// <summary>Whether the meta-gradient ignores second-order terms (inner gradients are treated as constants).</summary>
        public abstract bool IsFirstOrder { get; }
    }

    /// <summary>
    /// MAML (Finn et al. 2017): φ = θ − α∇L_support(θ) for <paramref name="InnerSteps"/> steps, then θ minimises
    /// L_query(φ), differentiating through the inner loop (true second-order gradients) unless
    /// <paramref name="FirstOrder"/> (FOMAML).
    /// </summary>
    /// <param name="InnerSteps">Inner gradient steps in meta-training.</param>
    /// <param name="InnerLearningRate">Inner step size α.</param>
    /// <param name="MetaBatch">Tasks per meta-update.</param>
    /// <param name="FirstOrder">First-order approximation: inner gradients are detached.</param>
    public sealed record Maml(int InnerSteps = 1, double InnerLearningRate = 0.01, int MetaBatch = 25, bool FirstOrder = false) : MetaLearner
    {
        /// <inheritdoc />
        public override int InnerSteps { get; } = InnerSteps;

        /// <inheritdoc />
        public override double InnerLearningRate { get; } = InnerLearningRate;

        /// <inheritdoc />
        public override int MetaBatch { get; } = MetaBatch;

        /// <inheritdoc />
        public override bool IsFirstOrder => FirstOrder;
    }

    /// <summary>
    /// Reptile (Nichol et al. 2018): adapt with plain SGD for <paramref name="InnerSteps"/> steps, then move θ toward
    /// the mean adapted weights; θ − mean(φ) is handed to the outer optimiser as the gradient.
    /// </summary>
    /// <param name="InnerSteps">Inner SGD steps per task.</param>
    /// <param name="InnerLearningRate">Inner step size.</param>
    /// <param name="MetaBatch">Tasks per meta-update.</param>
    public sealed record Reptile(int InnerSteps = 5, double InnerLearningRate = 0.01, int MetaBatch = 25) : MetaLearner
    {
        /// <inheritdoc />
        public override int InnerSteps { get; } = InnerSteps;

        /// <inheritdoc />
        public override double InnerLearningRate { get; } = InnerLearningRate;

        /// <inheritdoc />
        public override int MetaBatch { get; } = MetaBatch;

        /// <inheritdoc />
        public override bool IsFirstOrder => true;
    }

    /// <summary>
    /// Meta-SGD (Li et al. 2017): like MAML, but the inner step size is learned with θ — one rate per adapted scalar,
    /// or, as the cheap variant, one per adapted layer.
    /// </summary>
    /// <param name="InnerSteps">Inner gradient steps in meta-training.</param>
    /// <param name="InnerLearningRate">Initial value of every learned rate.</param>
    /// <param name="MetaBatch">Tasks per meta-update.</param>
    /// <param name="Rate">Granularity of the learned rates.</param>
    /// <param name="FirstOrder">First-order approximation (the rates still learn).</param>
    public sealed record MetaSgd(int InnerSteps = 1, double InnerLearningRate = 0.01, int MetaBatch = 25, LearnedRate Rate = LearnedRate.PerParameter, bool FirstOrder = false) : MetaLearner
    {
        /// <inheritdoc />
        public override int InnerSteps { get; } = InnerSteps;

        /// <inheritdoc />
        public override double InnerLearningRate { get; } = InnerLearningRate;

        /// <inheritdoc />
        public override int MetaBatch { get; } = MetaBatch;

        /// <inheritdoc />
        public override bool IsFirstOrder => FirstOrder;
    }

    /// <summary>Granularity of Meta-SGD's learned inner step sizes.</summary>
    public enum LearnedRate
    {
        /// <summary>One rate per adapted scalar parameter (tensors shaped like the parameters).</summary>
        PerParameter,

        /// <summary>One scalar rate per adapted layer, shared by its weight and bias.</summary>
        PerLayer,
    }

    /// <summary>
    /// ANIL (Raghu et al. 2020): MAML whose inner loop adapts only the head; the body is learned by the outer loop
    /// alone. <c>Adapt</c> defaults to <c>[head]</c> and must select head parameters only.
    /// </summary>
    /// <param name="InnerSteps">Inner gradient steps in meta-training.</param>
    /// <param name="InnerLearningRate">Inner step size α.</param>
    /// <param name="MetaBatch">Tasks per meta-update.</param>
    /// <param name="FirstOrder">First-order approximation.</param>
    public sealed record Anil(int InnerSteps = 1, double InnerLearningRate = 0.01, int MetaBatch = 25, bool FirstOrder = false) : MetaLearner
    {
        /// <inheritdoc />
        public override int InnerSteps { get; } = InnerSteps;

        /// <inheritdoc />
        public override double InnerLearningRate { get; } = InnerLearningRate;

        /// <inheritdoc />
        public override int MetaBatch { get; } = MetaBatch;

        /// <inheritdoc />
        public override bool IsFirstOrder => FirstOrder;
    }
}

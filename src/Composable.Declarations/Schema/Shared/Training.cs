namespace Composable
{
    /// <summary>Which tasks a training step draws a batch from.</summary>
    public enum TaskSampling
    {
        /// <summary>Every task, every step.</summary>
        AllTasks,

        /// <summary>One task per step, uniformly at random.</summary>
        Uniform,

        /// <summary>One task per step, with probability proportional to its training-set size.</summary>
        ProportionalToSize,
    }

    /// <summary>Hidden-layer nonlinearity.</summary>
    public enum Activation
    {
        /// <summary>max(0, x).</summary>
        Relu,

        /// <summary>Hyperbolic tangent.</summary>
        Tanh,

        /// <summary>Gaussian error linear unit.</summary>
        Gelu,

        /// <summary>x·sigmoid(x).</summary>
        Silu,

        /// <summary>Exponential linear unit.</summary>
        Elu,

        /// <summary>Leaky ReLU with negative slope 0.1: x for x ≥ 0, 0.1·x below (as ResNet-12 in few-shot work uses it).</summary>
        LeakyRelu,
    }

    /// <summary>Gradient-based optimiser of the model parameters.</summary>
    public abstract record Optimizer
    {
        private protected Optimizer()
        {
        }

        /// <summary>Step size; finite and positive.</summary>
        public abstract double LearningRate { get; }

        /// <summary>Weight decay; finite and non-negative.</summary>
        public abstract double WeightDecay { get; }
    }

    /// <summary>Stochastic gradient descent with optional (Nesterov) momentum.</summary>
    public sealed record Sgd(double LearningRate = 0.01, double Momentum = 0.0, double WeightDecay = 0.0, bool Nesterov = false) : Optimizer
    {
        /// <inheritdoc />
        public override double LearningRate { get; } = LearningRate;

        /// <inheritdoc />
        public override double WeightDecay { get; } = WeightDecay;
    }

    /// <summary>Adam (Kingma and Ba, 2015); weight decay is added to the gradient (L2).</summary>
    public sealed record Adam(double LearningRate = 1e-3, double WeightDecay = 0.0, double Beta1 = 0.9, double Beta2 = 0.999) : Optimizer
    {
        /// <inheritdoc />
        public override double LearningRate { get; } = LearningRate;

        /// <inheritdoc />
        public override double WeightDecay { get; } = WeightDecay;
    }

    /// <summary>AdamW (Loshchilov and Hutter, 2019): decoupled weight decay.</summary>
    public sealed record AdamW(double LearningRate = 1e-3, double WeightDecay = 0.01, double Beta1 = 0.9, double Beta2 = 0.999) : Optimizer
    {
        /// <inheritdoc />
        public override double LearningRate { get; } = LearningRate;

        /// <inheritdoc />
        public override double WeightDecay { get; } = WeightDecay;
    }
}

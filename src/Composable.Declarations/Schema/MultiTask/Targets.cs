using System.Text;

namespace Composable
{
    /// <summary>What a task predicts: decides the head width, the natural loss and the metrics.</summary>
    public abstract record Target
    {
        private protected Target()
        {
        }

        /// <summary>Width of the task's output layer (logits or values).</summary>
        public abstract int OutputWidth { get; }

        /// <summary>The loss used when a task declares <see cref="Loss.Default"/>.</summary>
        public abstract Loss DefaultLoss { get; }

        /// <summary>Metrics reported for this kind of target; the first is the headline metric.</summary>
        public abstract ValueList<Metric> Metrics { get; }

        /// <summary>Whether <paramref name="loss"/> is meaningful for this kind of target.</summary>
        public abstract bool Accepts(Loss loss);
    }

    /// <summary>Real-valued targets: float32 tensor [N, <paramref name="Outputs"/>].</summary>
    /// <param name="Outputs">Number of regressed values; positive.</param>
    public sealed record Regression(int Outputs = 1) : Target
    {
        /// <inheritdoc />
        public override int OutputWidth => Outputs;

        /// <inheritdoc />
        public override Loss DefaultLoss => Loss.MeanSquaredError;

        /// <inheritdoc />
        public override ValueList<Metric> Metrics =>
            ValueList.Of(Metric.MeanSquaredError, Metric.MeanAbsoluteError, Metric.RSquared);

        /// <inheritdoc />
        public override bool Accepts(Loss loss) =>
            loss is Loss.Default or Loss.MeanSquaredError or Loss.MeanAbsoluteError or Loss.Huber;

        /// <summary>Prints the declared members only (not the derived ones).</summary>
        protected override bool PrintMembers(StringBuilder builder)
        {
            builder.Append("Outputs = ").Append(Outputs);
            return true;
        }
    }

    /// <summary>Two classes: float32 tensor [N, 1] of 0 or 1; the head emits one logit.</summary>
    public sealed record Binary() : Target
    {
        /// <inheritdoc />
        public override int OutputWidth => 1;

        /// <inheritdoc />
        public override Loss DefaultLoss => Loss.BinaryCrossEntropy;

        /// <inheritdoc />
        public override ValueList<Metric> Metrics =>
            ValueList.Of(Metric.Accuracy, Metric.AreaUnderRoc, Metric.LogLoss);

        /// <inheritdoc />
        public override bool Accepts(Loss loss) => loss is Loss.Default or Loss.BinaryCrossEntropy;

        /// <summary>Prints the declared members only (not the derived ones).</summary>
        protected override bool PrintMembers(StringBuilder builder)
        {
            return false;
        }
    }

    /// <summary>One of <paramref name="Classes"/> classes: int64 tensor [N] in [0, Classes).</summary>
    /// <param name="Classes">Number of classes; at least 2.</param>
    public sealed record MultiClass(int Classes) : Target
    {
        /// <inheritdoc />
        public override int OutputWidth => Classes;

        /// <inheritdoc />
        public override Loss DefaultLoss => Loss.CrossEntropy;

        /// <inheritdoc />
        public override ValueList<Metric> Metrics =>
            ValueList.Of(Metric.Accuracy, Metric.MacroF1, Metric.LogLoss);

        /// <inheritdoc />
        public override bool Accepts(Loss loss) => loss is Loss.Default or Loss.CrossEntropy;

        /// <summary>Prints the declared members only (not the derived ones).</summary>
        protected override bool PrintMembers(StringBuilder builder)
        {
            builder.Append("Classes = ").Append(Classes);
            return true;
        }
    }

    /// <summary>Any subset of <paramref name="Labels"/> labels: float32 tensor [N, Labels] of 0 or 1.</summary>
    /// <param name="Labels">Number of independent labels; positive.</param>
    public sealed record MultiLabel(int Labels) : Target
    {
        /// <inheritdoc />
        public override int OutputWidth => Labels;

        /// <inheritdoc />
        public override Loss DefaultLoss => Loss.BinaryCrossEntropy;

        /// <inheritdoc />
        public override ValueList<Metric> Metrics =>
            ValueList.Of(Metric.MicroF1, Metric.HammingAccuracy, Metric.SubsetAccuracy);

        /// <inheritdoc />
        public override bool Accepts(Loss loss) => loss is Loss.Default or Loss.BinaryCrossEntropy;

        /// <summary>Prints the declared members only (not the derived ones).</summary>
        protected override bool PrintMembers(StringBuilder builder)
        {
            builder.Append("Labels = ").Append(Labels);
            return true;
        }
    }

    /// <summary>Task losses. <see cref="Default"/> picks the target's natural loss.</summary>
    public enum Loss
    {
        /// <summary>The target's natural loss (MSE, binary cross-entropy on logits, cross-entropy).</summary>
        Default,

        /// <summary>Mean squared error (regression).</summary>
        MeanSquaredError,

        /// <summary>Mean absolute error (regression).</summary>
        MeanAbsoluteError,

        /// <summary>Huber loss with delta 1 (regression).</summary>
        Huber,

        /// <summary>Binary cross-entropy on logits (binary, multi-label).</summary>
        BinaryCrossEntropy,

        /// <summary>Softmax cross-entropy on logits (multi-class).</summary>
        CrossEntropy,
    }

    /// <summary>Evaluation metrics; each target kind picks its own.</summary>
    public enum Metric
    {
        /// <summary>Mean squared error, lower is better.</summary>
        MeanSquaredError,

        /// <summary>Mean absolute error, lower is better.</summary>
        MeanAbsoluteError,

        /// <summary>Coefficient of determination, higher is better.</summary>
        RSquared,

        /// <summary>Fraction of correct predictions, higher is better.</summary>
        Accuracy,

        /// <summary>Area under the ROC curve, higher is better.</summary>
        AreaUnderRoc,

        /// <summary>Mean negative log-likelihood, lower is better.</summary>
        LogLoss,

        /// <summary>Unweighted mean of per-class F1, higher is better.</summary>
        MacroF1,

        /// <summary>F1 over all label decisions pooled, higher is better.</summary>
        MicroF1,

        /// <summary>Fraction of correct label decisions, higher is better.</summary>
        HammingAccuracy,

        /// <summary>Fraction of examples with every label right, higher is better.</summary>
        SubsetAccuracy,
    }
}

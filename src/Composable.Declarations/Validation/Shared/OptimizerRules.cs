using System.Collections.Generic;
using System.Globalization;

namespace Composable
{
    /// <summary>
    /// The rules of an optimiser declaration, shared by every declaration that holds one (a multi-task model's
    /// <c>Optimizer</c>, a meta-learner's or few-shot learner's <c>Outer</c>). Every rule reports.
    /// </summary>
    internal static class OptimizerRules
    {
        /// <summary>
        /// Adds the errors of <paramref name="optimizer"/>, declared at <paramref name="path"/> and named
        /// <paramref name="label"/> in messages (<c>Optimizer</c>, <c>Outer optimizer</c>).
        /// </summary>
        public static void Validate(Optimizer optimizer, string path, string label, List<DeclarationError> errors)
        {
            void Add(string what, string argument) =>
                errors.Add(new DeclarationError(DeclarationErrorIds.InvalidOptimizer, $"{label} {what}.", path + "." + argument));

            if (!IsFinite(optimizer.LearningRate) || optimizer.LearningRate <= 0)
                Add($"learning rate {Format(optimizer.LearningRate)} must be finite and positive", "LearningRate");
            if (!IsFinite(optimizer.WeightDecay) || optimizer.WeightDecay < 0)
                Add($"weight decay {Format(optimizer.WeightDecay)} must be finite and non-negative", "WeightDecay");
            switch (optimizer)
            {
                case Sgd sgd:
                    if (!IsFinite(sgd.Momentum) || sgd.Momentum < 0 || sgd.Momentum >= 1)
                        Add($"momentum {Format(sgd.Momentum)} must be in [0, 1)", "Momentum");
                    if (sgd.Nesterov && sgd.Momentum == 0)
                        Add("Nesterov momentum needs Momentum > 0", "Nesterov");
                    break;
                case Adam adam:
                    Betas(adam.Beta1, adam.Beta2, Add);
                    break;
                case AdamW adamW:
                    Betas(adamW.Beta1, adamW.Beta2, Add);
                    break;
            }
        }

        private static void Betas(double beta1, double beta2, System.Action<string, string> add)
        {
            if (!IsFinite(beta1) || beta1 < 0 || beta1 >= 1)
                add($"Beta1 {Format(beta1)} must be in [0, 1)", "Beta1");
            if (!IsFinite(beta2) || beta2 < 0 || beta2 >= 1)
                add($"Beta2 {Format(beta2)} must be in [0, 1)", "Beta2");
        }

        private static bool IsFinite(double value) => !double.IsNaN(value) && !double.IsInfinity(value);

        private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
    }
}

using System.Collections.Generic;
using System.Globalization;

namespace Composable
{
    /// <summary>
    /// The rules of a multi-task declaration's <see cref="Objective"/>: hyper-parameters in their published ranges
    /// (CMP0070), shared parameters for the methods that act on them (CMP0071), two tasks for the methods that
    /// balance tasks (CMP0072), one shared representation for MGDA-UB (CMP0073). Every rule reports.
    /// </summary>
    internal static class ObjectiveRules
    {
        private const string At = "Objective";

        public static void Validate(MultiTaskSpec spec, List<DeclarationError> errors)
        {
            var objective = spec.Objective;
            void Setting(string message, string argument) =>
                errors.Add(new DeclarationError(DeclarationErrorIds.InvalidObjectiveSetting, $"{objective.ShortName}: {message}.", At + "." + argument));

            switch (objective)
            {
                case UncertaintyWeighting uncertainty when !IsFinite(uncertainty.InitialLogVariance) || System.Math.Abs(uncertainty.InitialLogVariance) > 20:
                    Setting($"initial log-variance {Format(uncertainty.InitialLogVariance)} must be finite and within [-20, 20]", "InitialLogVariance");
                    break;
                case DynamicWeightAverage dwa when !IsFinite(dwa.Temperature) || dwa.Temperature <= 0:
                    Setting($"temperature {Format(dwa.Temperature)} must be finite and positive (the paper: 2)", "Temperature");
                    break;
                case GradNorm gradNorm when !IsFinite(gradNorm.Alpha) || gradNorm.Alpha < 0:
                    Setting($"asymmetry alpha {Format(gradNorm.Alpha)} must be finite and non-negative (the paper: 1.5)", "Alpha");
                    break;
                case CAGrad caGrad when !IsFinite(caGrad.C) || caGrad.C < 0 || caGrad.C >= 1:
                    Setting($"c {Format(caGrad.C)} must be in [0, 1) (0 is the average gradient; the paper: 0.4)", "C");
                    break;
                case GradVac gradVac when !IsFinite(gradVac.Beta) || gradVac.Beta <= 0 || gradVac.Beta > 1:
                    Setting($"beta {Format(gradVac.Beta)} must be in (0, 1] (the paper: 0.01)", "Beta");
                    break;
                case NashMtl nash:
                    if (!IsFinite(nash.MaxNorm) || nash.MaxNorm < 0)
                        Setting($"max norm {Format(nash.MaxNorm)} must be finite and non-negative (0: no clipping)", "MaxNorm");
                    if (nash.UpdateEvery < 1)
                        Setting($"UpdateEvery {nash.UpdateEvery} must be at least 1", "UpdateEvery");
                    break;
            }

            if ((objective is GradientCombination || objective is GradNorm) && !ObjectivePlan.SharesParameters(spec))
                errors.Add(new DeclarationError(DeclarationErrorIds.ObjectiveNeedsSharedParameters,
                    $"{objective.ShortName} acts on the parameters the tasks share, and {spec.Sharing.GetType().Name} shares none; " +
                    "use a topology with shared layers (hard sharing, conditioning, a mixture, cross-stitch), a shared convolutional backbone, or a loss weighting.", At));

            if (NeedsTwoTasks(objective) && spec.Tasks.Count == 1)
                errors.Add(new DeclarationError(DeclarationErrorIds.ObjectiveNeedsTwoTasks,
                    $"{objective.ShortName} balances tasks and the declaration has one task ('{spec.Tasks[0].Name}'); declare another task or use WeightedSum.", At));

            if (objective is Mgda { UpperBound: true } && spec.Sharing is not HardSharing && ObjectivePlan.SharesParameters(spec))
                errors.Add(new DeclarationError(DeclarationErrorIds.UpperBoundNeedsSharedRepresentation,
                    $"MGDA-UB takes gradients at the one representation every task reads, which only HardSharing has ({spec.Sharing.GetType().Name} declared); " +
                    "use new Mgda(UpperBound: false) for gradients on the shared parameters.", At + ".UpperBound"));
        }

        private static bool NeedsTwoTasks(Objective objective) =>
            objective is GradientCombination || objective is DynamicWeightAverage || objective is RandomLossWeighting
            || objective is GradNorm || objective is ImtlLoss;

        private static bool IsFinite(double value) => !double.IsNaN(value) && !double.IsInfinity(value);

        private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
    }
}

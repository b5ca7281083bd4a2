using System.Collections.Generic;

namespace Composable
{
    /// <summary>
    /// The rules of the episodes every episodic declaration learns from (<see cref="MetaLearnerSpec"/>,
    /// <see cref="FewShotLearnerSpec"/>), at <c>Episodes.*</c>. Every rule reports.
    /// </summary>
    internal static class EpisodicRules
    {
        /// <summary>Adds CMP0023 when <paramref name="episodes"/> has fewer than 2 ways; returns whether the ways are valid.</summary>
        public static bool ValidateWays(FewShotClassification episodes, List<DeclarationError> errors)
        {
            if (episodes.Ways >= 2) return true;
            errors.Add(new DeclarationError(DeclarationErrorIds.TooFewWays,
                $"An episode with {episodes.Ways} way(s) has nothing to tell apart; classification needs at least 2 ways.",
                "Episodes.Ways"));
            return false;
        }

        /// <summary>Adds CMP0024 for an empty support set and CMP0025 for an empty query set.</summary>
        public static void ValidateSizes(Episodes episodes, List<DeclarationError> errors)
        {
            if (episodes.Shots < 1)
                errors.Add(new DeclarationError(DeclarationErrorIds.InvalidShots,
                    $"Shots is {episodes.Shots}; the support set needs at least 1 example{(episodes is FewShotClassification ? " per class" : "")}.",
                    "Episodes.Shots"));
            if (episodes.Queries < 1)
                errors.Add(new DeclarationError(DeclarationErrorIds.EmptyQuery,
                    $"Queries is {episodes.Queries}, so the query set is empty and there is no meta-objective; use at least 1.",
                    "Episodes.Queries"));
        }

        /// <summary>Adds the errors of the outer optimiser at <c>Outer.*</c>.</summary>
        public static void ValidateOuter(Optimizer outer, List<DeclarationError> errors) =>
            OptimizerRules.Validate(outer, "Outer", "Outer optimizer", errors);

        /// <summary>Adds CMP0022 when fewer than 1 episode makes a meta-update.</summary>
        /// <param name="learner">The learner, as the subject of the message.</param>
        /// <param name="metaBatch">The declared meta-batch.</param>
        /// <param name="unit">What a meta-batch counts: <c>task</c>, <c>episode</c>.</param>
        /// <param name="path">Where the meta-batch is declared.</param>
        /// <param name="errors">The errors found so far.</param>
        public static void ValidateMetaBatch(string learner, int metaBatch, string unit, string path, List<DeclarationError> errors)
        {
            if (metaBatch < 1)
                errors.Add(new DeclarationError(DeclarationErrorIds.InvalidMetaBatch,
                    $"{learner} has meta-batch {metaBatch}; a meta-update needs at least 1 {unit}.", path));
        }
    }
}

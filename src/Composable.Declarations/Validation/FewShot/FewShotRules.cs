using System.Collections.Generic;
using System.Globalization;

namespace Composable
{
    /// <summary>
    /// The validation rules of a few-shot learner declaration, shared by the generator (errors become diagnostics at
    /// the offending argument) and the run time's <c>FewShotNetwork</c>. Every rule reports; none stops at the first error.
    /// </summary>
    public static class FewShotRules
    {
        /// <summary>All errors of <paramref name="spec"/>, in declaration order; empty when it is valid.</summary>
        public static IReadOnlyList<DeclarationError> Validate(FewShotLearnerSpec spec)
        {
            var errors = new List<DeclarationError>();
            ValidateBackbone(spec.Backbone, errors);
            ValidateEpisodes(spec, errors);
            ValidateLearner(spec.Learner, errors);
            EpisodicRules.ValidateOuter(spec.Outer, errors);
            EpisodicRules.ValidateMetaBatch("The few-shot learner", spec.MetaBatch, "episode", "MetaBatch", errors);
            return errors;
        }

        internal static void ValidateBackbone(Backbone backbone, List<DeclarationError> errors)
        {
            switch (backbone)
            {
                case MlpBackbone mlp:
                    if (mlp.Input.Width <= 0)
                        errors.Add(MultiTaskRules.Width(mlp.Input.Width, "input", "Backbone.Input.Width"));
                    if (mlp.Layers.Count == 0)
                        errors.Add(new DeclarationError(DeclarationErrorIds.MissingLayers,
                            "An MLP backbone needs at least one layer (its last width is the embedding width); list the widths in Layers, e.g. [64, 64].",
                            "Backbone.Layers"));
                    MultiTaskRules.Widths(mlp.Layers, "backbone layer", "Backbone.Layers", errors);
                    break;
                case ConvBackbone conv:
                    ConvRules.Validate(conv, errors);
                    break;
            }
        }

        private static void ValidateEpisodes(FewShotLearnerSpec spec, List<DeclarationError> errors)
        {
            if (spec.Episodes is FewShotClassification classification)
                EpisodicRules.ValidateWays(classification, errors);
            else
                errors.Add(new DeclarationError(DeclarationErrorIds.FewShotNeedsClassification,
                    $"{Name(spec.Learner)} classifies queries among the support set's classes, but the episodes are {spec.Episodes?.GetType().Name ?? "missing"}; " +
                    "declare new FewShotClassification(Ways, Shots, Queries), or use [MetaLearner] for few-shot regression.",
                    "Episodes"));
            if (spec.Episodes is not null)
                EpisodicRules.ValidateSizes(spec.Episodes, errors);
        }

        private static void ValidateLearner(FewShotLearner learner, List<DeclarationError> errors)
        {
            switch (learner)
            {
                case Prototypical { Distance: Distance.Cosine } prototypical:
                    CosineScale(prototypical.CosineScale, errors);
                    break;
                case Matching matching:
                    CosineScale(matching.CosineScale, errors);
                    break;
                case Relation relation:
                    MultiTaskRules.Widths(relation.Layers, "relation layer", "Learner.Layers", errors);
                    break;
                case LstmReader lstm:
                    if (lstm.Hidden <= 0)
                        errors.Add(MultiTaskRules.Width(lstm.Hidden, "LSTM state", "Learner.Hidden"));
                    ReaderLayers("LSTM", lstm.Layers, errors);
                    break;
                case AttentionReader attention:
                    if (attention.Width <= 0)
                        errors.Add(MultiTaskRules.Width(attention.Width, "attention token", "Learner.Width"));
                    if (attention.Heads < 1)
                        errors.Add(new DeclarationError(DeclarationErrorIds.InvalidLearnerSetting,
                            $"The attention reader has {attention.Heads} heads; it needs at least 1.", "Learner.Heads"));
                    else if (attention.Width > 0 && attention.Width % attention.Heads != 0)
                        errors.Add(new DeclarationError(DeclarationErrorIds.InvalidLearnerSetting,
                            $"{attention.Heads} heads do not divide the token width {attention.Width}; choose Heads dividing Width (e.g. {LargestDivisorUpTo(attention.Width, attention.Heads)}) or a Width that is a multiple of {attention.Heads}.",
                            "Learner.Heads"));
                    ReaderLayers("attention", attention.Layers, errors);
                    break;
            }
        }

        private static void CosineScale(double scale, List<DeclarationError> errors)
        {
            if (double.IsNaN(scale) || double.IsInfinity(scale) || scale <= 0)
                errors.Add(new DeclarationError(DeclarationErrorIds.InvalidLearnerSetting,
                    $"CosineScale {scale.ToString("R", CultureInfo.InvariantCulture)} must be finite and positive (it multiplies cosine similarities in [-1, 1] into logits; 10 is usual).",
                    "Learner.CosineScale"));
        }

        /// <summary>Most layers a reader may stack: deeper is a typo, and the plan and generated code list every layer.</summary>
        public const int MaxReaderLayers = 256;

        private static void ReaderLayers(string kind, int layers, List<DeclarationError> errors)
        {
            if (layers < 1)
                errors.Add(new DeclarationError(DeclarationErrorIds.InvalidLearnerSetting,
                    $"The {kind} reader has {layers} layers; it needs at least 1.", "Learner.Layers"));
            else if (layers > MaxReaderLayers)
                errors.Add(new DeclarationError(DeclarationErrorIds.InvalidLearnerSetting,
                    $"The {kind} reader has {layers} layers; at most {MaxReaderLayers} are supported (1 to 4 is usual).", "Learner.Layers"));
        }

        private static DeclarationError Positive(string what, int value, string path) =>
            new DeclarationError(DeclarationErrorIds.NonPositiveWidth, $"The {what} is {value}; it must be positive.", path);

        private static int LargestDivisorUpTo(int width, int limit)
        {
            for (var d = System.Math.Min(width, limit); d > 1; d--)
                if (width % d == 0) return d;
            return 1;
        }

        private static string Name(FewShotLearner? learner) => learner switch
        {
            Prototypical => "A prototypical network",
            Matching => "A matching network",
            Relation => "A relation network",
            LstmReader => "An LSTM reader",
            AttentionReader => "An attention reader",
            _ => "A few-shot learner",
        };
    }
}

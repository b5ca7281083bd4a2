using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Composable
{
    /// <summary>
    /// The validation rules of a meta-learning declaration, shared by the generator and the run time like
    /// <see cref="MultiTaskRules"/>. Every rule reports; none stops at the first error.
    /// </summary>
    public static class MetaRules
    {
        /// <summary>All errors of <paramref name="spec"/>, in declaration order; empty when it is valid.</summary>
        public static IReadOnlyList<DeclarationError> Validate(MetaLearnerSpec spec)
        {
            var errors = new List<DeclarationError>();
            InputRules.Validate(spec.Input, "Input", errors);
            MultiTaskRules.Widths(spec.Layers, "hidden layer", "Layers", errors);
            if (spec.Outputs <= 0)
                errors.Add(MultiTaskRules.Width(spec.Outputs, "head", "Outputs"));
            var networkIsValid = ValidateBackbone(spec, errors);
            ValidateEpisodes(spec, errors);
            ValidateLearner(spec.Learner, errors);
            ValidateTasksPerPass(spec, errors);
            // Adapted names are checked against the network's parameters, which an invalid backbone does not define.
            if (networkIsValid) ValidateAdapt(spec, errors);
            EpisodicRules.ValidateOuter(spec.Outer, errors);
            return errors;
        }

        /// <summary>The backbone's own rules and how it fits the declaration; false when the network cannot be planned.</summary>
        private static bool ValidateBackbone(MetaLearnerSpec spec, List<DeclarationError> errors)
        {
            switch (spec.Backbone)
            {
                case null:
                    return true;
                case ConvBackbone conv:
                    var before = errors.Count;
                    FewShotRules.ValidateBackbone(conv, errors);
                    var image = conv.Input;
                    var valid = errors.Count == before;
                    if (spec.Layers.Count > 0)
                        errors.Add(new DeclarationError(DeclarationErrorIds.ConvBackboneWithLayers,
                            $"With a convolutional backbone the blocks are the body and the head reads their flattened features, but Layers is {spec.Layers}; " +
                            "declare Layers: [] (a hidden MLP after the blocks is not supported).",
                            "Layers"));
                    if (spec.Activation != Activation.Relu)
                        errors.Add(new DeclarationError(DeclarationErrorIds.ConvBackboneWithLayers,
                            $"Activation is {spec.Activation}, the MLP's nonlinearity, but with a convolutional backbone there is no MLP: the blocks use Backbone.Activation, so it would be ignored; " +
                            "omit Activation, or declare the blocks' nonlinearity as Backbone.Activation.",
                            "Activation"));
                    InputRules.ValidateBackboneReads(spec.Input, image, errors);
                    return valid;
                default:
                    errors.Add(new DeclarationError(DeclarationErrorIds.BackboneDoesNotFitLearner,
                        $"A meta-learner's MLP is declared by Input and Layers, so Backbone takes only a ConvBackbone, but it is {spec.Backbone.GetType().Name}; " +
                        "omit Backbone and declare the widths in Layers.",
                        "Backbone"));
                    return false;
            }
        }

        private static void ValidateEpisodes(MetaLearnerSpec spec, List<DeclarationError> errors)
        {
            if (spec.Episodes is FewShotClassification classification &&
                EpisodicRules.ValidateWays(classification, errors) && spec.Outputs > 0 && spec.Outputs != classification.Ways)
                errors.Add(new DeclarationError(DeclarationErrorIds.OutputsDoNotFitEpisodes,
                    $"The head has {spec.Outputs} outputs but episodes are {classification.Ways}-way; Outputs must equal Ways.",
                    "Outputs"));
            EpisodicRules.ValidateSizes(spec.Episodes, errors);
        }

        private static void ValidateLearner(MetaLearner learner, List<DeclarationError> errors)
        {
            var name = learner.GetType().Name;
            if (learner.InnerSteps < 1)
                errors.Add(new DeclarationError(DeclarationErrorIds.InvalidInnerSteps,
                    $"{name} has {learner.InnerSteps} inner steps; the inner loop needs at least 1.", "Learner.InnerSteps"));
            var rate = learner.InnerLearningRate;
            if (double.IsNaN(rate) || double.IsInfinity(rate) || rate <= 0)
                errors.Add(new DeclarationError(DeclarationErrorIds.InvalidInnerLearningRate,
                    $"{name} has inner learning rate {Format(rate)}; it must be finite and positive.", "Learner.InnerLearningRate"));
            EpisodicRules.ValidateMetaBatch(name, learner.MetaBatch, "task", "Learner.MetaBatch", errors);
        }

        /// <summary>CMP0029: a pass runs at least one task and at most the meta-batch.</summary>
        private static void ValidateTasksPerPass(MetaLearnerSpec spec, List<DeclarationError> errors)
        {
            if (spec.TasksPerPass is not { } tasks || spec.Learner.MetaBatch < 1) return;
            if (tasks < 1)
                errors.Add(new DeclarationError(DeclarationErrorIds.InvalidTasksPerPass,
                    $"TasksPerPass is {tasks}; a pass runs at least 1 task (omit it to run the whole meta-batch in one pass).", "TasksPerPass"));
            else if (tasks > spec.Learner.MetaBatch)
                errors.Add(new DeclarationError(DeclarationErrorIds.InvalidTasksPerPass,
                    $"TasksPerPass is {tasks} but the meta-batch is {spec.Learner.MetaBatch} tasks; declare at most {spec.Learner.MetaBatch}, or omit it to run the whole meta-batch in one pass.", "TasksPerPass"));
        }

        private static void ValidateAdapt(MetaLearnerSpec spec, List<DeclarationError> errors)
        {
            var parameters = MetaPlan.LayersOf(spec).SelectMany(l => l.Parameters).Select(p => p.Name).ToList();
            var selectable = spec.Backbone is ConvBackbone
                ? parameters.Select(p => p.Substring(0, p.IndexOf('.'))).Distinct()
                : parameters.Select(MetaPlan.LayerOf).Distinct();
            if (spec.Adapt.Count == 0)
                errors.Add(new DeclarationError(DeclarationErrorIds.AdaptMatchesNothing,
                    $"Adapt is empty, so the inner loop would adapt nothing; list {(spec.Backbone is ConvBackbone ? "blocks (block_0, head)" : "layers (layer_0, head)")} or parameters (head.bias), or omit it to adapt every layer.",
                    "Adapt"));
            for (var i = 0; i < spec.Adapt.Count; i++)
            {
                var selector = spec.Adapt[i];
                if (!parameters.Any(p => MetaPlan.Selects(selector, p)))
                    errors.Add(new DeclarationError(DeclarationErrorIds.AdaptMatchesNothing,
                        $"Adapt[{i}] = '{selector}' matches no layer or parameter; the network has {string.Join(", ", selectable)}.",
                        $"Adapt[{i}]"));
                else if (spec.Learner is Anil && MetaPlan.LayerOf(parameters.First(p => MetaPlan.Selects(selector, p))) != LayerNames.SharedHead)
                    errors.Add(new DeclarationError(DeclarationErrorIds.AnilAdaptsBody,
                        $"ANIL adapts only the head, but Adapt[{i}] = '{selector}' selects the body; select head parameters only or use Maml.",
                        $"Adapt[{i}]"));
            }
            if (spec.Learner is Anil && spec.Layers.Count == 0 && spec.Backbone is null)
                errors.Add(new DeclarationError(DeclarationErrorIds.AnilAdaptsBody,
                    "ANIL needs a body below the head, but Layers is empty; declare at least one hidden layer or use Maml.",
                    "Layers"));
        }

        private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Composable
{
    /// <summary>
    /// The validation rules of a fine-tuning declaration, shared by the generator (errors become diagnostics at the
    /// offending argument) and the run time's <c>FineTuningTrainer</c>. Every rule reports; none stops at the first error.
    /// </summary>
    public static class FineTuningRules
    {
        /// <summary>All errors of <paramref name="spec"/>, in declaration order; empty when it is valid.</summary>
        public static IReadOnlyList<DeclarationError> Validate(FineTuningSpec spec)
        {
            var errors = new List<DeclarationError>();
            var sourceValid = ValidateSource(spec.Source, errors);
            MultiTaskRules.ValidateTasks(spec.Tasks, errors);
            if (sourceValid)
            {
                var blocks = FineTuningPlan.BlockNamesOf(spec.Source);
                ValidateHead(spec, errors);
                ValidateFrozen(spec, blocks, errors);
                ValidateUnfreezing(spec, blocks, errors);
                ValidateRates(spec, blocks, errors);
            }
            ValidateSchedule(spec.Schedule, errors);
            OptimizerRules.Validate(spec.Optimizer, "Optimizer", "Optimizer", errors);
            return errors;
        }

        /// <summary>Adds the source's own errors (paths under <c>Source</c>); true when it is valid.</summary>
        private static bool ValidateSource(TransferSource source, List<DeclarationError> errors)
        {
            var own = new List<DeclarationError>();
            switch (source)
            {
                case BackboneSource backbone:
                    FewShotRules.ValidateBackbone(backbone.Backbone, own);
                    if (backbone.Tasks.Count > 0)
                    {
                        var tasks = new List<DeclarationError>();
                        MultiTaskRules.ValidateTasks(backbone.Tasks, tasks);
                        own.AddRange(tasks.Select(e => e with { Path = "Source." + e.Path }));
                    }
                    break;
                case TrunkSource trunk:
                    own.AddRange(MultiTaskRules.Validate(trunk.Network).Select(e => e with { Path = "Network." + e.Path }));
                    if (trunk.Network.Backbone is not null)
                        own.Add(new DeclarationError(DeclarationErrorIds.BackboneNotSupported,
                            "Fine-tuning a source network with a backbone is not yet supported: its trunk reads the backbone's embeddings, which a TrunkSource does not carry over; " +
                            "declare the source without Backbone, or reuse a convolutional backbone alone with BackboneSource.",
                            "Network.Backbone"));
                    if (trunk.Network.Sharing is not HardSharing)
                        own.Add(new DeclarationError(DeclarationErrorIds.InvalidTransferSource,
                            $"A TrunkSource reuses a hard-sharing trunk, but the source network's sharing is {trunk.Network.Sharing?.GetType().Name ?? "missing"}; " +
                            "declare the source with new HardSharing(Trunk: [...]), or reuse a backbone with BackboneSource.",
                            "Network.Sharing"));
                    break;
                default:
                    own.Add(new DeclarationError(DeclarationErrorIds.InvalidTransferSource,
                        "The fine-tuning declaration has no source; declare new BackboneSource(backbone) or new TrunkSource(network).", ""));
                    break;
            }
            errors.AddRange(own.Select(e => e with { Path = e.Path.Length == 0 ? "Source" : "Source." + e.Path }));
            return own.Count == 0;
        }

        private static void ValidateHead(FineTuningSpec spec, List<DeclarationError> errors)
        {
            if (spec.Head != HeadInitialisation.Keep) return;
            var source = FineTuningPlan.SourceTasksOf(spec.Source).ToDictionary(t => t.Name, StringComparer.Ordinal);
            foreach (var task in spec.Tasks)
            {
                if (!source.TryGetValue(task.Name, out var held))
                {
                    errors.Add(new DeclarationError(DeclarationErrorIds.HeadDoesNotFit,
                        $"Head is Keep, but the source has no head for task '{task.Name}' " +
                        (source.Count == 0 ? "(it declares no tasks)" : $"(its tasks: {string.Join(", ", source.Keys)})") +
                        "; use HeadInitialisation.Reinitialise for a new task.", "Head"));
                }
                else if (held.Target.OutputWidth != task.Target.OutputWidth || held.Target.GetType() != task.Target.GetType())
                {
                    errors.Add(new DeclarationError(DeclarationErrorIds.HeadDoesNotFit,
                        $"Head is Keep, but task '{task.Name}' is {MultiTaskRules.Describe(task.Target)} while the source's head is {MultiTaskRules.Describe(held.Target)}; " +
                        "a kept head must have the same outputs: use HeadInitialisation.Reinitialise.", "Head"));
                }
            }
        }

        private static void ValidateFrozen(FineTuningSpec spec, IReadOnlyList<string> blocks, List<DeclarationError> errors)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < spec.Frozen.Count; i++)
            {
                var name = spec.Frozen[i];
                if (!blocks.Contains(name))
                    errors.Add(Unknown($"Frozen names block '{name}'", blocks, $"Frozen[{i}]", name == FineTuningPlan.HeadBlock ? " (heads always train)" : ""));
                else if (!seen.Add(name))
                    errors.Add(new DeclarationError(DeclarationErrorIds.UnknownBlock, $"Frozen names block '{name}' twice.", $"Frozen[{i}]"));
            }
        }

        private static void ValidateUnfreezing(FineTuningSpec spec, IReadOnlyList<string> blocks, List<DeclarationError> errors)
        {
            if (spec.Unfreezing is not { } gradual) return;
            if (gradual.EveryEpochs < 1)
                errors.Add(new DeclarationError(DeclarationErrorIds.InvalidUnfreezing,
                    $"Gradual unfreezing thaws a block every {gradual.EveryEpochs} epochs; it must be at least 1.", "Unfreezing.EveryEpochs"));
            var thawable = blocks.Count(b => !spec.Frozen.Contains(b));
            if (gradual.Blocks is { } count)
            {
                if (count < 1)
                    errors.Add(new DeclarationError(DeclarationErrorIds.InvalidUnfreezing,
                        $"Gradual unfreezing thaws {count} blocks; it must thaw at least 1.", "Unfreezing.Blocks"));
                else if (count > thawable)
                    errors.Add(new DeclarationError(DeclarationErrorIds.InvalidUnfreezing,
                        $"Gradual unfreezing thaws {count} blocks, but the source has {thawable} block{(thawable == 1 ? "" : "s")} to thaw " +
                        $"({string.Join(", ", blocks.Where(b => !spec.Frozen.Contains(b)).Reverse())}, top first): the schedule unfreezes past the bottom; " +
                        $"use at most {thawable}.", "Unfreezing.Blocks"));
            }
            else if (thawable == 0)
            {
                errors.Add(new DeclarationError(DeclarationErrorIds.InvalidUnfreezing,
                    "Gradual unfreezing has no block to thaw: every block is in Frozen.", "Unfreezing"));
            }
        }

        private static void ValidateRates(FineTuningSpec spec, IReadOnlyList<string> blocks, List<DeclarationError> errors)
        {
            switch (spec.Rates)
            {
                case DiscriminativeRates d when !IsPositive(d.Decay):
                    errors.Add(new DeclarationError(DeclarationErrorIds.InvalidBlockRate,
                        $"Discriminative rates decay by {Format(d.Decay)} per block; the decay must be finite and positive (2.6 in ULMFiT).", "Rates.Decay"));
                    break;
                case ExplicitRates e:
                    var seen = new HashSet<string>(StringComparer.Ordinal);
                    for (var i = 0; i < e.Rates.Count; i++)
                    {
                        var rate = e.Rates[i];
                        var at = $"Rates.Rates[{i}]";
                        if (rate.Layer != FineTuningPlan.HeadBlock && !blocks.Contains(rate.Layer))
                            errors.Add(Unknown($"A rate names block '{rate.Layer}'", blocks, at + ".Layer", ""));
                        else if (!seen.Add(rate.Layer))
                            errors.Add(new DeclarationError(DeclarationErrorIds.UnknownBlock, $"Block '{rate.Layer}' is given a rate twice.", at + ".Layer"));
                        if (!IsPositive(rate.LearningRate))
                            errors.Add(new DeclarationError(DeclarationErrorIds.InvalidBlockRate,
                                $"Block '{rate.Layer}' has learning rate {Format(rate.LearningRate)}; it must be finite and positive (freeze a block with Frozen instead).",
                                at + ".LearningRate"));
                    }
                    break;
            }
        }

        /// <summary>Adds the errors of a learning-rate schedule declared at <c>Schedule</c>.</summary>
        internal static void ValidateSchedule(LearningRateSchedule? schedule, List<DeclarationError> errors)
        {
            void Add(string message, string argument) =>
                errors.Add(new DeclarationError(DeclarationErrorIds.InvalidSchedule, message, "Schedule." + argument));

            switch (schedule)
            {
                case WarmupCosine cosine:
                    if (cosine.Steps < 1)
                        Add($"The cosine schedule lasts {cosine.Steps} steps; it must last at least 1.", "Steps");
                    else if (cosine.WarmupSteps < 0 || cosine.WarmupSteps >= cosine.Steps)
                        Add($"The warm-up lasts {cosine.WarmupSteps} steps; it must be in [0, {cosine.Steps}) for a schedule of {cosine.Steps} steps.", "WarmupSteps");
                    if (!(cosine.FinalFactor >= 0 && cosine.FinalFactor <= 1))
                        Add($"The final factor is {Format(cosine.FinalFactor)}; it must be in [0, 1].", "FinalFactor");
                    break;
                case WarmupStep step:
                    if (step.StepSize < 1)
                        Add($"The step schedule decays every {step.StepSize} steps; it must be at least 1.", "StepSize");
                    if (!(step.Gamma > 0 && step.Gamma <= 1))
                        Add($"The step schedule multiplies by {Format(step.Gamma)}; gamma must be in (0, 1].", "Gamma");
                    if (step.WarmupSteps < 0)
                        Add($"The warm-up lasts {step.WarmupSteps} steps; it must not be negative.", "WarmupSteps");
                    break;
            }
        }

        private static DeclarationError Unknown(string what, IReadOnlyList<string> blocks, string path, string note) =>
            new(DeclarationErrorIds.UnknownBlock,
                $"{what}, which the source does not have{note}; its blocks, bottom first: {(blocks.Count == 0 ? "none" : string.Join(", ", blocks))}.", path);

        private static bool IsPositive(double value) => !double.IsNaN(value) && !double.IsInfinity(value) && value > 0;

        private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
    }
}

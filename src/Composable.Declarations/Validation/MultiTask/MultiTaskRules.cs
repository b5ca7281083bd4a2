using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Composable
{
    /// <summary>
    /// The validation rules of a declaration: one rule set, run by the generator at compile time (errors become
    /// diagnostics at the offending argument) and by the run time before it interprets a declaration.
    /// Every rule reports; none stops at the first error.
    /// </summary>
    public static class MultiTaskRules
    {
        /// <summary>All errors of <paramref name="spec"/>, in declaration order; empty when it is valid.</summary>
        public static IReadOnlyList<DeclarationError> Validate(MultiTaskSpec spec)
        {
            var errors = new List<DeclarationError>();
            InputRules.Validate(spec.Input, "Input", errors);
            if (spec.Backbone is not null)
                ValidateBackbone(spec, spec.Backbone, errors);
            ValidateTasks(spec.Tasks, errors);
            ValidateSharing(spec, errors);
            ValidateTraining(spec, errors);
            return errors;
        }

        internal static void ValidateTasks(ValueList<TaskSpec> tasks, List<DeclarationError> errors)
        {
            if (tasks.Count == 0)
                errors.Add(new DeclarationError(DeclarationErrorIds.NoTasks,
                    "The declaration has no tasks; declare at least one TaskSpec in Tasks.", "Tasks"));

            var seenNames = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < tasks.Count; i++)
            {
                var task = tasks[i];
                var at = $"Tasks[{i}]";
                if (!Naming.IsIdentifier(task.Name))
                {
                    errors.Add(new DeclarationError(DeclarationErrorIds.InvalidTaskName,
                        $"Task name '{task.Name}' is not a valid C# identifier (letters, digits and '_', not starting with a digit, not a keyword).",
                        at + ".Name"));
                }
                else if (Naming.Reserved.Contains(task.Name))
                {
                    errors.Add(new DeclarationError(DeclarationErrorIds.InvalidTaskName,
                        $"Task name '{task.Name}' is reserved by the generated types (reserved: {string.Join(", ", Naming.Reserved)}).",
                        at + ".Name"));
                }
                else
                {
                    var snake = Naming.ToSnakeCase(task.Name);
                    if (seenNames.TryGetValue(snake, out var first))
                    {
                        errors.Add(new DeclarationError(DeclarationErrorIds.DuplicateTaskName,
                            first == task.Name
                                ? $"Task name '{task.Name}' is declared twice; task names must be unique."
                                : $"Task name '{task.Name}' gives the same parameter prefix '{snake}' as task '{first}'; task names must differ in snake_case.",
                            at + ".Name"));
                    }
                    else
                    {
                        seenNames.Add(snake, task.Name);
                    }
                }

                ValidateTarget(task, at, errors);

                if (double.IsNaN(task.Weight) || double.IsInfinity(task.Weight) || task.Weight <= 0)
                    errors.Add(new DeclarationError(DeclarationErrorIds.InvalidWeight,
                        $"Task '{task.Name}' has weight {Format(task.Weight)}; a weight must be finite and positive.",
                        at + ".Weight"));

                if (!task.Target.Accepts(task.Loss))
                    errors.Add(new DeclarationError(DeclarationErrorIds.LossDoesNotFitTarget,
                        $"Task '{task.Name}' is {Describe(task.Target)} and cannot use loss {task.Loss}; use {task.Target.DefaultLoss} (its default).",
                        at + ".Loss"));
            }
        }

        private static void ValidateTarget(TaskSpec task, string at, List<DeclarationError> errors)
        {
            switch (task.Target)
            {
                case Regression { Outputs: <= 0 } r:
                    errors.Add(new DeclarationError(DeclarationErrorIds.InvalidTargetSize,
                        $"Task '{task.Name}' regresses {r.Outputs} outputs; Outputs must be positive.", at + ".Target.Outputs"));
                    break;
                case MultiClass { Classes: < 2 } c:
                    errors.Add(new DeclarationError(DeclarationErrorIds.InvalidTargetSize,
                        $"Task '{task.Name}' has {c.Classes} classes; a multi-class target needs at least 2 (use Binary for a single yes/no).",
                        at + ".Target.Classes"));
                    break;
                case MultiLabel { Labels: <= 0 } l:
                    errors.Add(new DeclarationError(DeclarationErrorIds.InvalidTargetSize,
                        $"Task '{task.Name}' has {l.Labels} labels; Labels must be positive.", at + ".Target.Labels"));
                    break;
            }
        }

        /// <summary>
        /// The backbone's own rules (the few-shot family's, at <c>Backbone.…</c>), and an input as wide as the image it
        /// reads. Only a convolutional backbone is supported: an MLP in front of a topology is a trunk already.
        /// </summary>
        private static void ValidateBackbone(MultiTaskSpec spec, Backbone backbone, List<DeclarationError> errors)
        {
            if (backbone is not ConvBackbone conv)
            {
                errors.Add(new DeclarationError(DeclarationErrorIds.BackboneNotSupported,
                    $"A multi-task declaration takes a ConvBackbone for images, not {backbone.GetType().Name}; " +
                    "for an MLP in front of the tasks, declare its layers as the topology's shared trunk (HardSharing's Trunk, or a Composition's).",
                    "Backbone"));
                return;
            }
            FewShotRules.ValidateBackbone(conv, errors);
            InputRules.ValidateBackboneReads(spec.Input, conv.Input, errors);
        }

        /// <param name="spec">The declaration, its <c>Sharing</c> the topology checked.</param>
        /// <param name="errors">The errors found so far.</param>
        /// <param name="underTrunk">The topology is a composition's upper one, reading its shared trunk.</param>
        private static void ValidateSharing(MultiTaskSpec spec, List<DeclarationError> errors, bool underTrunk = false)
        {
            switch (spec.Sharing)
            {
                case Composition composition:
                    if (composition.Trunk.Count == 0)
                        errors.Add(new DeclarationError(DeclarationErrorIds.MissingLayers,
                            "A composition starts with a shared trunk of at least one layer; without one, declare its upper topology alone.", "Sharing.Trunk"));
                    Widths(composition.Trunk, "trunk layer", "Sharing.Trunk", errors);
                    if (composition.Then is MixtureOfExperts or CrossStitch or Sluice)
                    {
                        var inner = new List<DeclarationError>();
                        ValidateSharing(spec with { Sharing = composition.Then }, inner, underTrunk: true);
                        errors.AddRange(inner.Select(e => e with { Path = "Sharing.Then" + e.Path.Substring("Sharing".Length) }));
                    }
                    else
                    {
                        errors.Add(new DeclarationError(DeclarationErrorIds.InvalidComposition, composition.Then switch
                        {
                            HardSharing => "A shared trunk followed by hard sharing is one longer trunk; declare HardSharing with both trunks' layers.",
                            Independent => "A shared trunk followed by independent towers is hard sharing; declare HardSharing(Trunk, Towers).",
                            Composition => "Compositions do not nest; declare one trunk followed by the upper topology.",
                            _ => $"{composition.Then.GetType().Name} cannot follow a shared trunk; a composition's upper topology is a MixtureOfExperts, CrossStitch or Sluice.",
                        }, "Sharing.Then"));
                    }
                    break;
                case Independent independent:
                    Widths(independent.Layers, "tower layer", "Sharing.Layers", errors);
                    break;
                case HardSharing hard:
                    if (hard.Trunk.Count == 0)
                        errors.Add(new DeclarationError(DeclarationErrorIds.MissingLayers,
                            "Hard sharing needs at least one shared trunk layer; with none, use Independent.", "Sharing.Trunk"));
                    Widths(hard.Trunk, "trunk layer", "Sharing.Trunk", errors);
                    Widths(hard.Towers, "tower layer", "Sharing.Towers", errors);
                    break;
                case TaskConditioned conditioned:
                    ValidateConditioned(spec, conditioned, errors);
                    break;
                case MixtureOfExperts mixture:
                    ValidateMixture(mixture, errors);
                    break;
                case SoftSharing soft:
                    if (soft.Layers.Count == 0)
                        errors.Add(new DeclarationError(DeclarationErrorIds.MissingLayers,
                            "Soft sharing pulls the tasks' tower layers together, so each tower needs at least one hidden layer.", "Sharing.Layers"));
                    Widths(soft.Layers, "tower layer", "Sharing.Layers", errors);
                    if (!IsFinite(soft.Strength) || soft.Strength < 0)
                        errors.Add(new DeclarationError(DeclarationErrorIds.InvalidSharingStrength,
                            $"Strength {Format(soft.Strength)} must be finite and non-negative (0 gives independent towers).", "Sharing.Strength"));
                    LayerIndices(soft.At, soft.Layers.Count, "penalised", errors);
                    break;
                case Sluice sluice:
                    if (sluice.Layers.Count == 0)
                        errors.Add(new DeclarationError(DeclarationErrorIds.MissingLayers,
                            "A sluice network mixes the columns' layers, so each column needs at least one.", "Sharing.Layers"));
                    Widths(sluice.Layers, "column layer", "Sharing.Layers", errors);
                    if (sluice.Subspaces < 1)
                        errors.Add(new DeclarationError(DeclarationErrorIds.InvalidSubspaces,
                            $"Subspaces is {sluice.Subspaces}; each layer has at least one subspace.", "Sharing.Subspaces"));
                    else
                        for (var i = 0; i < sluice.Layers.Count; i++)
                            if (sluice.Layers[i] > 0 && sluice.Layers[i] % sluice.Subspaces != 0)
                                errors.Add(new DeclarationError(DeclarationErrorIds.InvalidSubspaces,
                                    $"Layer {i} has width {sluice.Layers[i]}, which {sluice.Subspaces} subspaces do not divide evenly.", $"Sharing.Layers[{i}]"));
                    if (sluice.Subspaces >= 1)
                        ValidateMixingInit(sluice.Self, sluice.OthersFor(spec.Tasks.Count), spec.Tasks.Count * sluice.Subspaces, "subspace", errors);
                    break;
                case CrossStitch stitch:
                    if (stitch.Layers.Count == 0)
                        errors.Add(new DeclarationError(DeclarationErrorIds.MissingLayers,
                            "Cross-stitch units follow hidden layers, so each column needs at least one.", "Sharing.Layers"));
                    Widths(stitch.Layers, "column layer", "Sharing.Layers", errors);
                    // Conv columns stitched after some block may leave their MLP layers unstitched.
                    var stitchesBlocks = !underTrunk && spec.Backbone is ConvBackbone columns && stitch.BlocksFor(ConvPlan.BlockCount(columns)).Count > 0;
                    LayerIndices(stitch.At, stitch.Layers.Count, "stitched", errors, allowEmpty: stitchesBlocks);
                    if (stitch.BlocksAt is { } blocksAt)
                        StitchedBlocks(blocksAt, underTrunk ? null : spec.Backbone as ConvBackbone, underTrunk, errors);
                    ValidateMixingInit(stitch.Self, stitch.OthersFor(spec.Tasks.Count), spec.Tasks.Count, "column", errors);
                    break;
            }
        }

        private static void ValidateConditioned(MultiTaskSpec spec, TaskConditioned conditioned, List<DeclarationError> errors)
        {
            if (conditioned.Layers.Count == 0)
                errors.Add(new DeclarationError(DeclarationErrorIds.MissingLayers,
                    "A task-conditioned network needs at least one hidden layer to condition.", "Sharing.Layers"));
            Widths(conditioned.Layers, "layer", "Sharing.Layers", errors);

            if (conditioned.Descriptor is LearnedEmbedding { Width: <= 0 } embedding)
                errors.Add(Width(embedding.Width, "task embedding", "Sharing.Descriptor.Width"));

            if (conditioned.At.Count == 0)
                errors.Add(new DeclarationError(DeclarationErrorIds.InvalidConditioning,
                    "At lists no layer, so the task descriptor would join nowhere; list at least one layer index.", "Sharing.At"));
            var seen = new HashSet<int>();
            for (var i = 0; i < conditioned.At.Count; i++)
            {
                var index = conditioned.At[i];
                if (index < 0 || index >= conditioned.Layers.Count)
                    errors.Add(new DeclarationError(DeclarationErrorIds.InvalidConditioning,
                        $"At[{i}] = {index} is not a layer index; the network has {conditioned.Layers.Count} hidden layers (0..{conditioned.Layers.Count - 1}).",
                        $"Sharing.At[{i}]"));
                else if (!seen.Add(index))
                    errors.Add(new DeclarationError(DeclarationErrorIds.InvalidConditioning,
                        $"At[{i}] = {index} repeats a layer already conditioned.", $"Sharing.At[{i}]"));
            }

            if (conditioned.Output == TaskOutput.SharedHead && spec.Tasks.Count > 0)
            {
                var first = spec.Tasks[0];
                for (var i = 1; i < spec.Tasks.Count; i++)
                {
                    var task = spec.Tasks[i];
                    if (task.Target.OutputWidth != first.Target.OutputWidth || task.Target.GetType() != first.Target.GetType())
                    {
                        errors.Add(new DeclarationError(DeclarationErrorIds.InvalidConditioning,
                            $"A shared head needs tasks of one target kind and width, but '{first.Name}' is {Describe(first.Target)} and '{task.Name}' is {Describe(task.Target)}; use TaskOutput.PerTaskHeads.",
                            "Sharing.Output"));
                        break;
                    }
                }
            }
        }

        private static void LayerIndices(ValueList<int> at, int layers, string what, List<DeclarationError> errors, bool allowEmpty = false)
        {
            if (at.Count == 0 && !allowEmpty)
                errors.Add(new DeclarationError(DeclarationErrorIds.InvalidLayerIndex,
                    $"At lists no layer, so nothing would be {what}; list at least one layer index or leave At out for all.", "Sharing.At"));
            Indices(at, "At", layers, $"layer index; each tower has {layers} hidden layers", $"a layer already {what}", errors);
        }

        /// <summary>CMP0044: stitched blocks need conv columns (a backbone, not under a trunk), and each index names a block once.</summary>
        private static void StitchedBlocks(ValueList<int> blocksAt, ConvBackbone? backbone, bool underTrunk, List<DeclarationError> errors)
        {
            if (backbone is null)
            {
                errors.Add(new DeclarationError(DeclarationErrorIds.InvalidLayerIndex, underTrunk
                    ? "BlocksAt stitches the columns' conv blocks, but under a composition the columns read the shared trunk, after one shared backbone; leave BlocksAt out, or declare CrossStitch directly over the backbone."
                    : "BlocksAt stitches the columns' conv blocks, but the declaration has no convolutional backbone; declare Backbone: new ConvBackbone(…), or leave BlocksAt out.",
                    "Sharing.BlocksAt"));
                return;
            }
            var blocks = ConvPlan.BlockCount(backbone);
            Indices(blocksAt, "BlocksAt", blocks, $"block index; the backbone has {blocks} blocks", "a block already stitched", errors);
        }

        /// <summary>CMP0044 at <c>Sharing.{name}[i]</c> for each index outside 0..count − 1 (<paramref name="range"/> says what it should be) or repeated.</summary>
        private static void Indices(ValueList<int> indices, string name, int count, string range, string repeated, List<DeclarationError> errors)
        {
            var seen = new HashSet<int>();
            for (var i = 0; i < indices.Count; i++)
            {
                var index = indices[i];
                if (index < 0 || index >= count)
                    errors.Add(new DeclarationError(DeclarationErrorIds.InvalidLayerIndex,
                        $"{name}[{i}] = {index} is not a {range} (0..{count - 1}).", $"Sharing.{name}[{i}]"));
                else if (!seen.Add(index))
                    errors.Add(new DeclarationError(DeclarationErrorIds.InvalidLayerIndex,
                        $"{name}[{i}] = {index} repeats {repeated}.", $"Sharing.{name}[{i}]"));
            }
        }

        private static void ValidateMixingInit(double self, double others, int units, string unit, List<DeclarationError> errors)
        {
            var valid = true;
            if (!IsFinite(self) || self < 0 || self > 1)
            {
                valid = false;
                errors.Add(new DeclarationError(DeclarationErrorIds.InvalidMixingInit,
                    $"Self {Format(self)} is outside [0, 1]; it initialises the weight of a {unit}'s own activations.", "Sharing.Self"));
            }
            if (!IsFinite(others) || others < 0 || others > 1)
            {
                valid = false;
                errors.Add(new DeclarationError(DeclarationErrorIds.InvalidMixingInit,
                    $"Others {Format(others)} is outside [0, 1]; it initialises the weight of the other {unit}s' activations.", "Sharing.Others"));
            }
            var row = self + (units - 1) * others;
            if (valid && units > 0 && Math.Abs(row - 1) > 1e-9)
                errors.Add(new DeclarationError(DeclarationErrorIds.InvalidMixingInit,
                    $"A row of the initial mixing matrix over {units} {unit}s sums to Self + ({units} - 1)·Others = {Format(row)}; it must sum to 1 (with Self {Format(self)}, Others = {Suggested((1 - self) / Math.Max(1, units - 1))}, or leave Others out to get exactly that).",
                    "Sharing.Others"));
        }

        private static void ValidateMixture(MixtureOfExperts mixture, List<DeclarationError> errors)
        {
            if (mixture.Experts <= 0)
                errors.Add(new DeclarationError(DeclarationErrorIds.InvalidExpertCount,
                    $"A mixture of experts needs at least one shared expert, but Experts is {mixture.Experts}.", "Sharing.Experts"));
            if (mixture.TaskExperts < 0)
                errors.Add(new DeclarationError(DeclarationErrorIds.InvalidExpertCount,
                    $"TaskExperts is {mixture.TaskExperts}; it counts each task's own experts and must be 0 or more.", "Sharing.TaskExperts"));
            if (mixture.ExpertLayers.Count == 0)
                errors.Add(new DeclarationError(DeclarationErrorIds.MissingLayers,
                    "Each expert needs at least one hidden layer; list its widths in ExpertLayers.", "Sharing.ExpertLayers"));
            Widths(mixture.ExpertLayers, "expert layer", "Sharing.ExpertLayers", errors);
            Widths(mixture.TowerLayers, "tower layer", "Sharing.TowerLayers", errors);
            if (mixture.Levels < 1)
                errors.Add(new DeclarationError(DeclarationErrorIds.InvalidLevels,
                    $"Levels is {mixture.Levels}; a mixture has at least one level of experts.", "Sharing.Levels"));
            else if (mixture.Levels > MaxLevels)
                errors.Add(new DeclarationError(DeclarationErrorIds.InvalidLevels,
                    $"Levels is {mixture.Levels}; a mixture stacks at most {MaxLevels} levels of experts (progressive layered extraction uses 1 to 3), and each level is generated as its own layers.",
                    "Sharing.Levels"));
            else if (mixture.Levels > 1 && mixture.TaskExperts <= 0)
                errors.Add(new DeclarationError(DeclarationErrorIds.InvalidLevels,
                    $"Levels is {mixture.Levels}, but progressive layering (PLE) stacks levels of shared and task experts; declare TaskExperts > 0 or use one level.",
                    "Sharing.Levels"));
            if (mixture.Gating == Gating.Single && mixture.TaskExperts > 0)
                errors.Add(new DeclarationError(DeclarationErrorIds.InvalidGating,
                    $"A single gate cannot choose among task-specific experts ({mixture.TaskExperts} per task); use Gating.PerTask or TaskExperts: 0.",
                    "Sharing.Gating"));
        }

        /// <summary>
        /// The most levels a mixture may stack. Every level is generated as fields and code of its own, so a number like
        /// 99,999 (found by fuzzing) would make the generator write millions of lines before any diagnostic.
        /// </summary>
        public const int MaxLevels = 64;

        private static void ValidateTraining(MultiTaskSpec spec, List<DeclarationError> errors)
        {
            if (double.IsNaN(spec.Dropout) || spec.Dropout < 0 || spec.Dropout >= 1)
                errors.Add(new DeclarationError(DeclarationErrorIds.InvalidDropout,
                    $"Dropout {Format(spec.Dropout)} is outside [0, 1).", "Dropout"));

            OptimizerRules.Validate(spec.Optimizer, "Optimizer", "Optimizer", errors);
            ObjectiveRules.Validate(spec, errors);
        }

        /// <summary>A CMP0006 error for each non-positive entry of <paramref name="widths"/>, at <c>{path}[i]</c>.</summary>
        internal static void Widths(ValueList<int> widths, string what, string path, List<DeclarationError> errors)
        {
            for (var i = 0; i < widths.Count; i++)
                if (widths[i] <= 0)
                    errors.Add(Width(widths[i], $"{what} {i}", $"{path}[{i}]"));
        }

        /// <summary>The CMP0006 error of <paramref name="what"/> (<c>input</c>, <c>hidden layer 0</c>) having width <paramref name="width"/>.</summary>
        internal static DeclarationError Width(int width, string what, string path) =>
            new DeclarationError(DeclarationErrorIds.NonPositiveWidth, $"The {what} has width {width}; widths must be positive.", path);

        /// <summary>Short human description of a target: <c>binary</c>, <c>multi-class (5 classes)</c>…</summary>
        public static string Describe(Target target) => target switch
        {
            Regression r => $"regression ({r.Outputs} output{(r.Outputs == 1 ? "" : "s")})",
            Binary => "binary",
            MultiClass c => $"multi-class ({c.Classes} classes)",
            MultiLabel l => $"multi-label ({l.Labels} labels)",
            _ => target.GetType().Name,
        };

        private static bool IsFinite(double value) => !double.IsNaN(value) && !double.IsInfinity(value);

        private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

        /// <summary>A value to suggest to a person: rounded to 6 significant digits, so 0.04999999999999999 reads 0.05.</summary>
        private static string Suggested(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
    }
}

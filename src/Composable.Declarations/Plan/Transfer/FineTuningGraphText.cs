using System.Globalization;
using System.Linq;
using System.Text;

namespace Composable
{
    /// <summary>
    /// The textual dump of a fine-tuning declaration, in the style of <see cref="GraphText"/>: source, target tasks,
    /// every block with its learning rate and the epoch it thaws, schedule and optimiser, then the module tree with each
    /// parameter's block. Meant as the generator's <c>Graph</c> for <c>[FineTuning]</c> classes.
    /// </summary>
    public static class FineTuningGraphText
    {
        /// <summary>Renders <paramref name="plan"/> under the heading <paramref name="title"/>.</summary>
        public static string Render(string title, FineTuningPlan plan)
        {
            var spec = plan.Spec;
            var sb = GraphText.Heading(title, "fine-tuning " + Describe(spec.Source));
            sb.Append("input: ").Append(plan.InputWidth).Append(" features; heads read ").Append(plan.EmbeddingWidth).Append(" features\n");
            sb.Append("tasks:\n");
            foreach (var task in spec.Tasks)
                sb.Append("  ").Append(task.Name).Append(": ").Append(MultiTaskRules.Describe(task.Target)).Append(", loss ").Append(task.EffectiveLoss)
                    .Append(", weight ").Append(Format(task.Weight)).Append('\n');
            sb.Append("heads: ").Append(spec.Head == HeadInitialisation.Keep ? "kept from the source" : "re-initialised").Append('\n');
            sb.Append("blocks (bottom first):\n");
            foreach (var block in plan.Groups)
                sb.Append("  ").Append(FineTuningPlan.Describe(block)).Append('\n');
            sb.Append("schedule: ").Append(spec.Schedule?.ToString() ?? "constant").Append("; optimizer: ").Append(spec.Optimizer).Append('\n');
            var blockOf = plan.Groups.SelectMany(b => b.Layers.Select(l => (l.Name, Block: b.Name))).ToDictionary(p => p.Name, p => p.Block);
            GraphText.AppendModules(sb, plan.Layers, parameter => blockOf.TryGetValue(parameter.Substring(0, parameter.LastIndexOf('.')), out var block) ? $" ({block})" : "");
            GraphText.AppendTotals(sb, plan.Layers).Append('\n');
            return sb.ToString();
        }

        /// <summary><c>4 conv blocks of 64 channels on 1x28x28 images</c>, <c>the trunk [64, 32] of a hard-sharing model</c>.</summary>
        public static string Describe(TransferSource source) => source switch
        {
            BackboneSource b => Describe(b.Backbone),
            TrunkSource { Network.Sharing: HardSharing hard } => $"the trunk {hard.Trunk} of a hard-sharing model",
            _ => source.GetType().Name,
        };

        /// <summary>The backbone in words (as the few-shot graphs write it).</summary>
        public static string Describe(Backbone backbone) => FewShotGraphText.Describe(backbone);

        /// <summary><c>blocks block_0, block_1 frozen; gradual unfreezing every 1 epoch; discriminative rates ÷2.6 per block; warm-up and cosine over 500 steps</c>.</summary>
        public static string DescribeTraining(FineTuningSpec spec)
        {
            var parts = new System.Collections.Generic.List<string>();
            parts.Add(spec.Frozen.Count == 0 ? "no block frozen for good" : $"{string.Join(", ", spec.Frozen)} frozen");
            if (spec.Unfreezing is { } u) parts.Add($"gradual unfreezing, one block every {u.EveryEpochs} epoch{(u.EveryEpochs == 1 ? "" : "s")}");
            parts.Add(spec.Rates switch
            {
                DiscriminativeRates d => $"discriminative rates (÷{Format(d.Decay)} per block going down)",
                ExplicitRates e => $"explicit rates for {string.Join(", ", e.Rates.Select(r => r.Layer))}",
                _ => "one rate for every block",
            });
            parts.Add(spec.Schedule switch
            {
                WarmupCosine c => $"{c.WarmupSteps} warm-up steps, then cosine decay to {Format(c.FinalFactor)} at step {c.Steps}",
                WarmupStep s => $"{s.WarmupSteps} warm-up steps, then ×{Format(s.Gamma)} every {s.StepSize} steps",
                _ => "constant rates",
            });
            return string.Join("; ", parts);
        }

        private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
    }
}

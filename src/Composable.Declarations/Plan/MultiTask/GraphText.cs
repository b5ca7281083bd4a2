using System.Globalization;
using System.Linq;
using System.Text;

namespace Composable
{
    /// <summary>
    /// The textual dump of a compiled model: module tree, parameter names, shapes and counts. The generator
    /// embeds it as <c>Graph</c>; the run time renders the same text from a built module to check it.
    /// </summary>
    public static class GraphText
    {
        /// <summary>A declared input as the graph text shows it: <c>784 features</c>, or <c>1x28x28 images (784 floats)</c>.</summary>
        internal static string DescribeInput(InputShape input) => input switch
        {
            Image image => string.Format(CultureInfo.InvariantCulture, "{0}x{1}x{2} images ({3} floats)", image.Channels, image.Height, image.Width, image.Size),
            _ => string.Format(CultureInfo.InvariantCulture, "{0} features", input.Size),
        };

        /// <summary>Renders <paramref name="plan"/> under the heading <paramref name="title"/>.</summary>
        public static string Render(string title, ModelPlan plan)
        {
            var spec = plan.Spec;
            var sb = new StringBuilder();
            sb.Append(title).Append(": ").Append(Describe(spec.Sharing, spec.Tasks.Count)).Append('\n');
            sb.Append("input: ").Append(DescribeInput(spec.Input)).Append("; activation: ").Append(spec.Activation)
              .Append("; dropout: ").Append(spec.Dropout.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
            AppendBackbone(sb, plan);
            sb.Append("tasks:\n");
            foreach (var task in spec.Tasks)
                sb.Append("  ").Append(task.Name).Append(": ").Append(MultiTaskRules.Describe(task.Target))
                  .Append(", loss ").Append(task.EffectiveLoss)
                  .Append(", weight ").Append(task.Weight.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
            if (spec.Objective is WeightedSum)
            {
                AppendModules(sb, plan.Layers, _ => "");
                AppendTotals(sb, plan.Layers).Append('\n');
                return sb.ToString();
            }
            var objective = plan.ObjectivePlan;
            AppendModules(sb, plan.Layers, name => Role(objective, spec, name));
            AppendTotals(sb, plan.Layers).Append('\n');
            var sharedCount = plan.Parameters.Where(p => objective.Shared.Contains(p.Name)).Sum(p => p.Count);
            sb.Append("objective: ").Append(spec.Objective.ShortName).Append("; shared: ")
              .Append(sharedCount.ToString("N0", CultureInfo.InvariantCulture)).Append(" in ").Append(objective.Shared.Count).Append(" tensors");
            if (spec.Objective is GradNorm) sb.Append("; last shared layer: ").Append(string.Join(", ", objective.LastSharedLayer));
            if (spec.Objective is Mgda { UpperBound: true }) sb.Append("; representation: trunk output");
            return sb.Append('\n').ToString();
        }

        /// <summary>
        /// The backbone, where it sits, and the feature map [channels, height, width] after each block down to the
        /// embedding the topology reads; nothing without a backbone.
        /// </summary>
        private static void AppendBackbone(StringBuilder sb, ModelPlan plan)
        {
            if (plan.Backbone is not { } conv) return;
            var image = conv.Input;
            sb.Append("backbone: ").Append(ConvPlan.Describe(conv)).Append(", ")
              .Append(plan.BackbonePerTask
                  ? "one per task (" + string.Join(", ", plan.Spec.Tasks.Select(t => LayerNames.TaskBackbone(t.Name))) + ")"
                    + (plan.Spec.Sharing is CrossStitch
                        ? plan.StitchedBlocks.Count == 0 ? ", not stitched" : ", stitched after " + string.Join(", ", plan.StitchedBlocks.Select(ConvPlan.Block))
                        : "")
                  : "shared by every task (" + LayerNames.Backbone + ")")
              .Append('\n');
            sb.Append("  image: [").Append(image.Channels).Append(", ").Append(image.Height).Append(", ").Append(image.Width).Append("]\n");
            foreach (var map in ConvPlan.FeatureMapsOf(conv))
                sb.Append("  ").Append(map.Block).Append(": [").Append(map.Channels).Append(", ").Append(map.Height).Append(", ").Append(map.Width).Append("]\n");
            sb.Append("  embedding: ").Append(plan.TopologyInputWidth).Append(" features\n");
        }

        /// <summary><c> (shared)</c>, <c> (own Price)</c> or <c> (own by row)</c>: what an adaptive objective does with the parameter.</summary>
        private static string Role(ObjectivePlan objective, MultiTaskSpec spec, string parameter)
        {
            if (objective.Shared.Contains(parameter)) return " (shared)";
            var owners = Enumerable.Range(0, spec.Tasks.Count).Where(t => objective.Own[t].Contains(parameter)).ToArray();
            return owners.Length == 1 ? " (own " + spec.Tasks[owners[0]].Name + ")" : " (own by row)";
        }

        /// <summary>A new text whose first line is <c>{title}: {description}</c>.</summary>
        internal static StringBuilder Heading(string title, string description) =>
            new StringBuilder().Append(title).Append(": ").Append(description).Append('\n');

        /// <summary><c>parameters: 1,234 in 6 tensors</c> over every parameter of <paramref name="layers"/> (no line end).</summary>
        public static StringBuilder AppendTotals(StringBuilder sb, ValueList<LayerPlan> layers)
        {
            var parameters = layers.SelectMany(l => l.Parameters).ToArray();
            return sb.Append("parameters: ").Append(parameters.Sum(p => p.Count).ToString("N0", CultureInfo.InvariantCulture))
              .Append(" in ").Append(parameters.Length).Append(" tensors");
        }

        /// <summary>
        /// The <c>modules:</c> tree: each layer with its signature, then its parameters with shape and count, and
        /// <paramref name="note"/>'s text after a parameter (e.g. <c> (adapted)</c>).
        /// </summary>
        public static void AppendModules(StringBuilder sb, ValueList<LayerPlan> layers, System.Func<string, string> note)
        {
            sb.Append("modules:\n");
            for (var i = 0; i < layers.Count; i++)
            {
                var layer = layers[i];
                var last = i == layers.Count - 1;
                sb.Append(last ? "└─ " : "├─ ").Append(layer.Name).Append(": ").Append(layer.Signature).Append('\n');
                var parameters = layer.Parameters;
                for (var p = 0; p < parameters.Count; p++)
                {
                    var parameter = parameters[p];
                    sb.Append(last ? "   " : "│  ").Append(p == parameters.Count - 1 ? "└─ " : "├─ ")
                      .Append(parameter.Name).Append(" [").Append(string.Join(", ", parameter.Shape)).Append("] ")
                      .Append(parameter.Count.ToString("N0", CultureInfo.InvariantCulture)).Append(note(parameter.Name)).Append('\n');
                }
            }
        }

        private static string Describe(Sharing sharing, int tasks) => sharing switch
        {
            Composition c => $"shared trunk {c.Trunk}, then {Describe(c.Then, tasks)}",
            Independent i => $"independent towers {i.Layers}",
            HardSharing h => $"hard sharing, trunk {h.Trunk}, towers {h.Towers}",
            MixtureOfExperts m => Describe(m),
            SoftSharing s => $"soft sharing, towers {s.Layers}, {s.Penalty} x {s.Strength.ToString("R", CultureInfo.InvariantCulture)} at {s.At}",
            Sluice l => $"sluice, columns {l.Layers}, {l.Subspaces} subspaces per layer, init self {l.Self.ToString("R", CultureInfo.InvariantCulture)}",
            CrossStitch x => $"cross-stitch, columns {x.Layers}, units at {x.At}, init self {x.Self.ToString("R", CultureInfo.InvariantCulture)} / others {x.OthersFor(tasks).ToString("R", CultureInfo.InvariantCulture)}",
            TaskConditioned c => $"task-conditioned {c.Layers}, {c.Conditioning} at {c.At}, descriptor {Describe(c.Descriptor)}, {c.Output}",
            _ => sharing.GetType().Name,
        };

        /// <summary><c>MMoE, 8 experts [16], towers [8]</c>, <c>PLE, 2 levels of 2 shared + 2 per task experts [16], towers []</c>.</summary>
        public static string Describe(MixtureOfExperts m)
        {
            var kind = m.Levels > 1 ? "PLE" : m.TaskExperts > 0 ? "CGC" : m.Gating == Gating.Single ? "OMoE" : "MMoE";
            var levels = m.Levels > 1 ? $"{m.Levels} levels of " : "";
            var experts = m.TaskExperts > 0 ? $"{m.Experts} shared + {m.TaskExperts} per task experts" : $"{m.Experts} experts";
            return $"{kind}, {levels}{experts} {m.ExpertLayers}, towers {m.TowerLayers}";
        }

        private static string Describe(TaskDescriptor descriptor) => descriptor switch
        {
            LearnedEmbedding e => $"learned embedding ({e.Width})",
            _ => "one-hot",
        };
    }
}

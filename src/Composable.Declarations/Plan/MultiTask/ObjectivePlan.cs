using System.Collections.Generic;
using System.Linq;

namespace Composable
{
    /// <summary>
    /// Which parameters the tasks share, as the adaptive objectives see them (state-dict names, registration order).
    /// A parameter is shared when more than one task's loss reaches it; a task's own parameters are reached by its loss
    /// only. Tensors that hold a row per task (an MMoE's fused gates, a learned task embedding, sluice layer
    /// selection) are in every task's own list: each task's gradient touches its own rows only, so their sum is each
    /// task's own gradient. Mixture expert layers hold every expert in one tensor and count as shared, task experts
    /// (CGC, PLE) included.
    /// </summary>
    /// <param name="Shared">Parameters more than one task reaches, in registration order; empty for independent towers and soft sharing.</param>
    /// <param name="Own">Per task (declaration order), the parameters only that task reaches (plus the per-task-row tensors).</param>
    /// <param name="LastSharedLayer">The weights of the last shared layer before the task-specific layers (GradNorm's W); several for cross-stitch and sluice columns.</param>
    /// <param name="HasSharedRepresentation">Whether one shared representation feeds every task's own layers (hard sharing's trunk output: MGDA-UB's Z).</param>
    public sealed record ObjectivePlan(
        ValueList<string> Shared,
        ValueList<ValueList<string>> Own,
        ValueList<string> LastSharedLayer,
        bool HasSharedRepresentation)
    {
        /// <summary>Whether any parameter is shared (gradient combination and GradNorm need one).</summary>
        public bool HasShared => Shared.Count > 0;

        /// <summary>The objective view of <paramref name="plan"/>.</summary>
        public static ObjectivePlan For(ModelPlan plan)
        {
            var spec = plan.Spec;
            var top = plan.Top;
            var columns = top is CrossStitch || top is Sluice;
            var noneShared = !SharesParameters(spec);
            var owners = plan.Layers.ToDictionary(l => l.Name, l => Owner(l.Name, spec, columns, noneShared));
            var shared = new List<string>();
            var own = spec.Tasks.Select(_ => new List<string>()).ToArray();
            foreach (var layer in plan.Layers)
            {
                var owner = owners[layer.Name];
                foreach (var parameter in layer.Parameters)
                {
                    if (owner == Everyone) shared.Add(parameter.Name);
                    else if (owner == EachRow) foreach (var list in own) list.Add(parameter.Name);
                    else own[owner].Add(parameter.Name);
                }
            }
            var lastShared = noneShared ? new List<string>() : LastShared(plan, owners);
            return new ObjectivePlan(
                ValueList.From(shared),
                ValueList.From(own.Select(ValueList.From)),
                ValueList.From(lastShared),
                spec.Sharing is HardSharing);
        }

        /// <summary>Whether <paramref name="sharing"/>'s own layers include parameters that more than one task reaches.</summary>
        public static bool SharesParameters(Sharing sharing) => !(sharing is Independent || sharing is SoftSharing);

        /// <summary>
        /// Whether <paramref name="spec"/> has parameters that more than one task reaches: its topology's shared layers,
        /// or a convolutional backbone, which every topology but independent towers shares (soft sharing included).
        /// </summary>
        public static bool SharesParameters(MultiTaskSpec spec) =>
            SharesParameters(spec.Sharing) || (spec.Backbone is ConvBackbone && spec.Sharing is not Independent);

        /// <summary>
        /// Whether <paramref name="loss"/> is a regression loss (MSE, L1, Huber), which uncertainty weighting takes in its
        /// regression form ½·exp(−s)·L + ½·s; the classification losses take exp(−s)·L + ½·s.
        /// </summary>
        public static bool IsRegression(Loss loss) => loss == Loss.MeanSquaredError || loss == Loss.MeanAbsoluteError || loss == Loss.Huber;

        private const int Everyone = -1;
        private const int EachRow = -2;

        private static int Owner(string layer, MultiTaskSpec spec, bool columns, bool noneShared)
        {
            if (layer == LayerNames.TaskGates || layer == LayerNames.TaskEmbedding || layer == LayerNames.LayerSelection)
                return EachRow;
            var mixture = Composition.Top(spec.Sharing) as MixtureOfExperts;
            for (var t = 0; t < spec.Tasks.Count; t++)
            {
                var name = spec.Tasks[t].Name;
                if (layer == LayerNames.Head(name)) return t;
                // A cross-stitched column's backbone reaches every task through the units, as its layers do.
                if (layer.StartsWith(LayerNames.TaskBackbone(name) + ".", System.StringComparison.Ordinal)) return columns && !noneShared ? Everyone : t;
                if (IsTower(layer, name)) return columns && !noneShared ? Everyone : t;
                if (mixture is not null && Enumerable.Range(0, mixture.Levels).Any(level => layer == LayerNames.Gate(mixture, level, name))) return t;
            }
            return Everyone;
        }

        private static bool IsTower(string layer, string task)
        {
            var prefix = LayerNames.Tower(task, 0);
            prefix = prefix.Substring(0, prefix.Length - 1);
            return layer.StartsWith(prefix, System.StringComparison.Ordinal)
                && layer.Substring(prefix.Length).All(char.IsDigit) && layer.Length > prefix.Length;
        }

        private static List<string> LastShared(ModelPlan plan, Dictionary<string, int> owners)
        {
            var weights = new List<string>();
            var top = plan.Top;
            if (top is CrossStitch || top is Sluice)
            {
                // The last layer of every task's column.
                foreach (var task in plan.Spec.Tasks)
                {
                    var last = plan.Layers.Last(l => IsTower(l.Name, task.Name));
                    weights.Add(last.Name + ".weight");
                }
                return weights;
            }
            // Otherwise the last shared linear layer (trunk, hidden or expert layer, or the shared head), gates excluded,
            // or, when the topology shares none (soft sharing), the shared backbone's last convolution.
            var candidates = plan.Layers.Where(l => owners[l.Name] == Everyone
                && (l.Kind == LayerKind.Linear || l.Kind == LayerKind.StackedLinear || l.Kind == LayerKind.Conv2d)
                && !l.Name.EndsWith("gate", System.StringComparison.Ordinal)
                && !l.Name.EndsWith("gate_for_shared", System.StringComparison.Ordinal)
                && !l.Name.EndsWith("_condition", System.StringComparison.Ordinal));
            var lastLayer = candidates.LastOrDefault();
            if (lastLayer is not null) weights.Add(lastLayer.Name + ".weight");
            return weights;
        }
    }
}

using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace Composable
{
    /// <summary>
    /// The textual dump of a meta-learning declaration, in the style of <see cref="GraphText"/>: learner, episodes,
    /// module tree with parameter shapes and counts, which parameters the inner loop adapts, and Meta-SGD's learned
    /// rates. Meant as the generator's <c>Graph</c> for <c>[MetaLearner]</c> classes; the run time's
    /// <c>MetaNetwork</c> holds exactly these names and shapes.
    /// </summary>
    public static class MetaGraphText
    {
        /// <summary>Renders <paramref name="plan"/> under the heading <paramref name="title"/>.</summary>
        public static string Render(string title, MetaPlan plan)
        {
            var spec = plan.Spec;
            var sb = GraphText.Heading(title, Describe(spec.Learner));
            sb.Append("episodes: ").Append(Describe(spec.Episodes)).Append('\n');
            if (plan.Conv is { } conv)
            {
                var image = conv.Input;
                sb.Append("input: ").Append(GraphText.DescribeInput(spec.Input)).Append("; backbone: ").Append(FewShotGraphText.Describe(conv))
                  .Append(" (").Append(BlockOperations(conv)).Append("); outer: ").Append(spec.Outer).Append('\n');
                sb.Append("feature maps: ").Append(image.Channels).Append('x').Append(image.Height).Append('x').Append(image.Width);
                foreach (var map in plan.FeatureMaps) sb.Append(" -> ").Append(map.Block).Append(' ').Append(map);
                sb.Append(conv.Readout == BackboneReadout.GlobalAveragePool ? " -> global average pool " : " -> flattened ").Append(plan.HeadInput).Append(" -> head ").Append(spec.Outputs).Append('\n');
            }
            else
            {
                sb.Append("input: ").Append(GraphText.DescribeInput(spec.Input)).Append("; activation: ").Append(spec.Activation)
                  .Append("; outer: ").Append(spec.Outer).Append('\n');
            }
            sb.Append("adapt: ").Append(spec.Adapt).Append('\n');
            GraphText.AppendModules(sb, plan.Layers, name => plan.Adapted.Contains(name) ? " (adapted)" : "");
            GraphText.AppendTotals(sb, plan.Layers).Append(", ").Append(plan.Adapted.Count).Append(" adapted\n");
            if (spec.Learner is MetaSgd metaSgd)
            {
                var rates = metaSgd.Rate == LearnedRate.PerLayer
                    ? plan.Adapted.Select(MetaPlan.LayerOf).Distinct().Select(l => ("inner_lr." + l, 1L)).ToArray()
                    : plan.Parameters.Where(p => plan.Adapted.Contains(p.Name)).Select(p => ("inner_lr." + p.Name, p.Count)).ToArray();
                sb.Append("inner rates: ").Append(string.Join(", ", rates.Select(r => r.Item1)))
                  .Append(" (").Append(rates.Sum(r => r.Item2).ToString("N0", CultureInfo.InvariantCulture)).Append(" learned)\n");
            }
            return sb.ToString();
        }

        /// <summary>What one block runs, in order: <c>3x3 conv, batch norm with batch statistics, 2x2 max-pool, relu</c> (max-pooling before a ReLU or leaky ReLU, which it commutes with).</summary>
        private static string BlockOperations(ConvBackbone conv)
        {
            var operations = new List<string> { $"{conv.Kernel}x{conv.Kernel} conv" };
            switch (conv.Norm)
            {
                case BlockNorm.Batch: operations.Add("batch norm with batch statistics"); break;
                case BlockNorm.Group: operations.Add($"group norm ({conv.NormGroups} groups)"); break;
                case BlockNorm.Layer: operations.Add("layer norm"); break;
            }
            var pool = $"{conv.PoolSize}x{conv.PoolSize} {(conv.Pooling == BlockPooling.Max ? "max" : "average")}-pool";
            if (ConvPlan.PoolsBeforeActivation(conv)) operations.Add(pool);
            operations.Add(ConvPlan.ActivationName(conv.Activation));
            if (conv.Pooling != BlockPooling.None && !ConvPlan.PoolsBeforeActivation(conv)) operations.Add(pool);
            return string.Join(", ", operations);
        }

        private static string Describe(MetaLearner learner) => learner switch
        {
            Maml m => $"{(m.FirstOrder ? "first-order MAML" : "MAML (second order)")}, {m.InnerSteps} inner step(s), inner lr {Format(m.InnerLearningRate)}, meta-batch {m.MetaBatch}",
            Reptile r => $"Reptile, {r.InnerSteps} inner step(s), inner lr {Format(r.InnerLearningRate)}, meta-batch {r.MetaBatch}",
            MetaSgd s => $"Meta-SGD ({s.Rate}{(s.FirstOrder ? ", first order" : "")}), {s.InnerSteps} inner step(s), initial inner lr {Format(s.InnerLearningRate)}, meta-batch {s.MetaBatch}",
            Anil a => $"ANIL{(a.FirstOrder ? " (first order)" : "")}, {a.InnerSteps} inner step(s), inner lr {Format(a.InnerLearningRate)}, meta-batch {a.MetaBatch}",
            _ => learner.GetType().Name,
        };

        /// <summary><c>5-way 1-shot classification, 15 queries per class</c>, <c>10-shot regression, 10 queries</c>.</summary>
        internal static string Describe(Episodes episodes) => episodes switch
        {
            FewShotClassification c => $"{c.Ways}-way {c.Shots}-shot classification, {c.Queries} queries per class",
            _ => $"{episodes.Shots}-shot regression, {episodes.Queries} queries",
        };

        private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
    }
}

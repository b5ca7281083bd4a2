using System.Globalization;
using System.Text;

namespace Composable
{
    /// <summary>
    /// The textual dump of a few-shot learner declaration, in the style of <see cref="GraphText"/> and
    /// <see cref="MetaGraphText"/>: learner, episodes, backbone and embedding width, module tree with parameter names,
    /// shapes and counts. Meant as the generator's <c>Graph</c> for <c>[FewShotLearner]</c> classes.
    /// </summary>
    public static class FewShotGraphText
    {
        /// <summary>Renders <paramref name="plan"/> under the heading <paramref name="title"/>.</summary>
        public static string Render(string title, FewShotPlan plan)
        {
            var spec = plan.Spec;
            var sb = GraphText.Heading(title, Describe(spec.Learner));
            sb.Append("episodes: ").Append(MetaGraphText.Describe(spec.Episodes)).Append('\n');
            sb.Append("backbone: ").Append(Describe(spec.Backbone)).Append(" -> embeddings of ").Append(plan.EmbeddingWidth).Append('\n');
            sb.Append("outer: ").Append(spec.Outer).Append("; meta-batch: ").Append(spec.MetaBatch).Append('\n');
            GraphText.AppendModules(sb, plan.Layers, _ => "");
            GraphText.AppendTotals(sb, plan.Layers).Append('\n');
            return sb.ToString();
        }

        /// <summary><c>prototypical network, negative squared Euclidean distance</c>, <c>LSTM reader, 64 hidden, 1 layer</c>.</summary>
        internal static string Describe(FewShotLearner learner) => learner switch
        {
            Prototypical { Distance: Distance.Cosine } p => $"prototypical network, cosine similarity x {Format(p.CosineScale)}",
            Prototypical => "prototypical network, negative squared Euclidean distance",
            Matching m => $"matching network, attention over cosine similarity x {Format(m.CosineScale)}",
            Relation r => $"relation network, relation module {r.Layers} -> 1, sigmoid, MSE against one-hot",
            LstmReader l => $"LSTM reader, {l.Hidden} hidden, {l.Layers} layer{(l.Layers == 1 ? "" : "s")}",
            AttentionReader a => $"attention reader, width {a.Width}, {a.Heads} heads, {a.Layers} layer{(a.Layers == 1 ? "" : "s")}",
            _ => learner.GetType().Name,
        };

        /// <summary><c>MLP 64 -> [32, 16], Relu</c>, <c>4 conv blocks of 64 channels on 1x28x28 images</c>.</summary>
        internal static string Describe(Backbone backbone) => backbone switch
        {
            MlpBackbone m => $"MLP {m.Input.Width} -> {m.Layers}, {m.Activation}",
            ConvBackbone c => ConvPlan.Describe(c),
            _ => backbone.GetType().Name,
        };

        private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
    }
}

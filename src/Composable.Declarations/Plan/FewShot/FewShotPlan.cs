using System.Collections.Generic;
using System.Linq;

namespace Composable
{
    /// <summary>
    /// The compiled form of a few-shot learner declaration: every parameterised module, named by its full state-dict
    /// path (<c>backbone.block_0.conv</c>, <c>relation.head</c>, <c>reader.lstm</c>), in registration order. The
    /// generated <c>Network</c> and the run time's <c>FewShotNetwork</c> hold exactly these parameters, in this order.
    /// </summary>
    /// <param name="Spec">The (valid) declaration.</param>
    /// <param name="EmbeddingWidth">Width D of the backbone's embeddings.</param>
    /// <param name="Layers">Parameterised modules in registration order.</param>
    public sealed record FewShotPlan(FewShotLearnerSpec Spec, int EmbeddingWidth, ValueList<LayerPlan> Layers)
    {
        /// <summary>The backbone's child name.</summary>
        public const string Backbone = "backbone";

        /// <summary>The relation network's comparison module's child name.</summary>
        public const string Relation = "relation";

        /// <summary>The LSTM or attention reader's child name.</summary>
        public const string Reader = "reader";

        /// <summary>All parameters in registration order.</summary>
        public IEnumerable<ParameterPlan> Parameters => Layers.SelectMany(l => l.Parameters);

        /// <summary>Total number of scalar parameters.</summary>
        public long ParameterCount => Parameters.Sum(p => p.Count);

        /// <summary>Classes per episode (the declared ways).</summary>
        public int Ways => Spec.Episodes is FewShotClassification c ? c.Ways : 0;

        /// <summary>Plans a valid declaration (run <see cref="FewShotRules.Validate"/> first).</summary>
        public static FewShotPlan For(FewShotLearnerSpec spec)
        {
            var layers = new List<LayerPlan>();
            var width = AddBackbone(layers, spec.Backbone);
            var ways = spec.Episodes is FewShotClassification c ? c.Ways : 0;
            switch (spec.Learner)
            {
                case Relation relation:
                    AddMlp(layers, Relation + ".", 2 * width, relation.Layers, 1);
                    break;
                case LstmReader lstm:
                    layers.Add(new LayerPlan(Reader + ".lstm", LayerKind.Lstm, width + ways, lstm.Hidden, Stack: lstm.Layers));
                    layers.Add(new LayerPlan(Reader + "." + LayerNames.SharedHead, LayerKind.Linear, lstm.Hidden, ways));
                    break;
                case AttentionReader attention:
                    var w = attention.Width;
                    layers.Add(new LayerPlan(Reader + ".embed", LayerKind.Linear, width + ways, w));
                    for (var i = 0; i < attention.Layers; i++)
                    {
                        var prefix = $"{Reader}.{LayerNames.Hidden(i)}.";
                        layers.Add(new LayerPlan(prefix + "attention_norm", LayerKind.LayerNorm, w, w));
                        foreach (var projection in new[] { "query", "key", "value", "output" })
                            layers.Add(new LayerPlan(prefix + projection, LayerKind.Linear, w, w));
                        layers.Add(new LayerPlan(prefix + "feed_forward_norm", LayerKind.LayerNorm, w, w));
                        layers.Add(new LayerPlan(prefix + "feed_forward_in", LayerKind.Linear, w, 2 * w));
                        layers.Add(new LayerPlan(prefix + "feed_forward_out", LayerKind.Linear, 2 * w, w));
                    }
                    layers.Add(new LayerPlan(Reader + ".final_norm", LayerKind.LayerNorm, w, w));
                    layers.Add(new LayerPlan(Reader + "." + LayerNames.SharedHead, LayerKind.Linear, w, ways));
                    break;
            }
            return new FewShotPlan(spec, width, ValueList.From(layers));
        }

        /// <summary>
        /// The embedding width of <paramref name="backbone"/>: an MLP's last width; a convolutional backbone's
        /// (<see cref="ConvPlan.EmbeddingWidthOf"/>).
        /// </summary>
        public static int EmbeddingWidthOf(Backbone backbone)
        {
            switch (backbone)
            {
                case MlpBackbone mlp:
                    return mlp.Layers.Count == 0 ? mlp.Input.Width : mlp.Layers[mlp.Layers.Count - 1];
                case ConvBackbone conv:
                    return ConvPlan.EmbeddingWidthOf(conv);
                default:
                    return 0;
            }
        }

        /// <summary>
        /// The parameterised modules of <paramref name="conv"/> as the library's <c>ConvEmbedding</c> registers them under
        /// the child <paramref name="name"/> (<see cref="ConvPlan.LayersOf"/>).
        /// </summary>
        public static IEnumerable<LayerPlan> ConvLayersOf(string name, ConvBackbone conv) => ConvPlan.LayersOf(name, conv);

        internal static int AddBackbone(List<LayerPlan> layers, Backbone backbone)
        {
            switch (backbone)
            {
                case MlpBackbone mlp:
                    var width = mlp.Input.Width;
                    for (var i = 0; i < mlp.Layers.Count; i++)
                    {
                        layers.Add(new LayerPlan($"{Backbone}.{LayerNames.Hidden(i)}", LayerKind.Linear, width, mlp.Layers[i]));
                        width = mlp.Layers[i];
                    }
                    break;
                case ConvBackbone conv:
                    layers.AddRange(ConvLayersOf(Backbone, conv));
                    break;
            }
            return EmbeddingWidthOf(backbone);
        }

        private static void AddMlp(List<LayerPlan> layers, string prefix, int input, ValueList<int> hidden, int outputs)
        {
            foreach (var layer in MetaPlan.LayersOf(input, hidden, outputs))
                layers.Add(layer with { Name = prefix + layer.Name });
        }
    }
}

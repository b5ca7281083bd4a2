using System.Collections.Generic;
using System.Linq;

namespace Composable
{
    /// <summary>
    /// The compiled form of a meta-learning declaration: the MLP's layers (<c>layer_0</c>…, <c>head</c>) in
    /// construction order and the parameters the inner loop adapts. Parameter names are state-dict names
    /// (<c>layer_0.weight</c>); a functional forward and its parameter set use exactly these names, in this order.
    /// </summary>
    /// <param name="Spec">The (valid) declaration.</param>
    /// <param name="Layers">Hidden layers then the head.</param>
    /// <param name="Adapted">Names of the adapted parameters, in registration order.</param>
    public sealed record MetaPlan(MetaLearnerSpec Spec, ValueList<LayerPlan> Layers, ValueList<string> Adapted)
    {
        /// <summary>All parameters in registration order.</summary>
        public IEnumerable<ParameterPlan> Parameters => Layers.SelectMany(l => l.Parameters);

        /// <summary>Total number of scalar parameters of the network (Meta-SGD's learned rates not included).</summary>
        public long ParameterCount => Parameters.Sum(p => p.Count);

        /// <summary>Number of hidden MLP layers before the head (0 with a convolutional backbone).</summary>
        public int HiddenLayers => Spec.Layers.Count;

        /// <summary>The convolutional backbone, or null for an MLP.</summary>
        public ConvBackbone? Conv => Spec.Backbone as ConvBackbone;

        /// <summary>
        /// The feature map after each block of a convolutional backbone, input side first (empty for an MLP): each
        /// block keeps height and width through its padded 3×3 convolution, then halves them (rounding down) by 2×2
        /// max-pooling.
        /// </summary>
        public ValueList<FeatureMapPlan> FeatureMaps => Conv is { } conv ? FeatureMapsOf(conv) : ValueList<FeatureMapPlan>.Empty;

        /// <summary>The width the head reads: the last hidden width, the flattened last feature map, or the input width.</summary>
        public int HeadInput => Layers[Layers.Count - 1].In;

        /// <summary>The activation after every hidden layer.</summary>
        public Activation Activation => Spec.Activation;

        /// <summary>The inner learning rate α: the inner step size, or Meta-SGD's initial learned rate.</summary>
        public double InnerLearningRate => Spec.Learner.InnerLearningRate;

        /// <summary>The adapted parameters of <paramref name="layer"/>, in registration order.</summary>
        public IReadOnlyList<ParameterPlan> AdaptedOf(LayerPlan layer) => layer.Parameters.Where(p => Adapted.Contains(p.Name)).ToArray();

        /// <summary>
        /// Whether a meta-step differentiates backward passes of convolutions: a second-order learner over a conv
        /// backbone whose inner loop adapts a parameter before the head. The inner gradient of such a parameter is
        /// back-propagated through the convolutions after it, and the meta-gradient differentiates that backward pass
        /// again (libtorch's <c>ConvolutionBackwardBackward</c>). A learner that adapts only the head (ANIL) or is
        /// first order never does.
        /// </summary>
        public bool DifferentiatesConvolutionBackward =>
            Conv is not null && !Spec.Learner.IsFirstOrder && Adapted.Any(name => LayerOf(name) != LayerNames.SharedHead);

        /// <summary>
        /// Meta-SGD's learned rates under <c>inner_lr</c>, in construction order: one scalar per adapted layer
        /// (<see cref="LearnedRate.PerLayer"/>, named like the layer), or one tensor shaped like each adapted parameter
        /// (named like it); empty for the other learners.
        /// </summary>
        public ValueList<ParameterPlan> Rates => Spec.Learner switch
        {
            MetaSgd { Rate: LearnedRate.PerLayer } => ValueList.From(Adapted.Select(LayerOf).Distinct().Select(l => new ParameterPlan(l, ValueList<int>.Empty))),
            MetaSgd => ValueList.From(Parameters.Where(p => Adapted.Contains(p.Name))),
            _ => ValueList<ParameterPlan>.Empty,
        };

        /// <summary>Plans a valid declaration (run <see cref="MetaRules.Validate"/> first).</summary>
        public static MetaPlan For(MetaLearnerSpec spec)
        {
            var layers = LayersOf(spec);
            var adapted = layers.SelectMany(l => l.Parameters).Select(p => p.Name)
                .Where(name => spec.Adapt.Any(selector => Selects(selector, name)));
            return new MetaPlan(spec, ValueList.From(layers), ValueList.From(adapted));
        }

        /// <summary>
        /// The layers of the declared network: an MLP's (<see cref="LayersOf(int, ValueList{int}, int)"/>), or with a
        /// <see cref="ConvBackbone"/> each block's convolution <c>block_i.conv</c> and norm <c>block_i.norm</c>, then
        /// the <c>head</c> on the flattened last feature map.
        /// </summary>
        public static IReadOnlyList<LayerPlan> LayersOf(MetaLearnerSpec spec)
        {
            if (spec.Backbone is not ConvBackbone conv) return LayersOf(spec.Input.Size, spec.Layers, spec.Outputs);
            var layers = new List<LayerPlan>(ConvPlan.LayersOf(null, conv));
            layers.Add(new LayerPlan(LayerNames.SharedHead, LayerKind.Linear, ConvPlan.EmbeddingWidthOf(conv), spec.Outputs));
            return layers;
        }

        /// <summary>The feature map after each block of <paramref name="conv"/>, input side first (<see cref="ConvPlan.FeatureMapsOf"/>).</summary>
        public static ValueList<FeatureMapPlan> FeatureMapsOf(ConvBackbone conv) => ConvPlan.FeatureMapsOf(conv);

        /// <summary>The state-dict name of convolutional block <paramref name="index"/>: <c>block_0</c>.</summary>
        public static string Block(int index) => ConvPlan.Block(index);

        /// <summary>The layers of an MLP with <paramref name="hidden"/> widths: <c>layer_i</c> then <c>head</c>.</summary>
        public static IReadOnlyList<LayerPlan> LayersOf(int input, ValueList<int> hidden, int outputs)
        {
            var layers = new List<LayerPlan>();
            var width = input;
            for (var i = 0; i < hidden.Count; i++)
            {
                layers.Add(new LayerPlan(LayerNames.Hidden(i), LayerKind.Linear, width, hidden[i]));
                width = hidden[i];
            }
            layers.Add(new LayerPlan(LayerNames.SharedHead, LayerKind.Linear, width, outputs));
            return layers;
        }

        /// <summary>
        /// Whether <paramref name="selector"/> (a layer name such as <c>head</c> or a parameter name such as
        /// <c>head.bias</c>) selects parameter <paramref name="parameter"/>.
        /// </summary>
        public static bool Selects(string selector, string parameter) =>
            selector == parameter || parameter.StartsWith(selector + ".", System.StringComparison.Ordinal);

        /// <summary>The layer a parameter belongs to: <c>layer_0.weight</c> → <c>layer_0</c>.</summary>
        public static string LayerOf(string parameter)
        {
            var dot = parameter.LastIndexOf('.');
            return dot < 0 ? parameter : parameter.Substring(0, dot);
        }

        /// <summary>The default selection: every layer (every block of a convolutional backbone) and the head, or only <c>head</c> for ANIL.</summary>
        public static ValueList<string> DefaultAdapt(ValueList<int>? hidden, MetaLearner? learner, Backbone? backbone = null)
        {
            if (learner is Anil) return ValueList.Of(LayerNames.SharedHead);
            var names = new List<string>();
            // Only the blocks that fit the image: an invalid count is reported by the rules, and must not make a huge list first.
            if (backbone is ConvBackbone conv)
                for (var i = 0; i < ConvPlan.FittingBlocks(conv); i++) names.Add(Block(i));
            else
                for (var i = 0; i < (hidden?.Count ?? 0); i++) names.Add(LayerNames.Hidden(i));
            names.Add(LayerNames.SharedHead);
            return ValueList.From(names);
        }
    }
}

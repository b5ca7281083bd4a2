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

        /// <summary>Number of hidden layers before the head.</summary>
        public int HiddenLayers => Layers.Count - 1;

        /// <summary>The activation after every hidden layer.</summary>
        public Activation Activation => Spec.Activation;

        /// <summary>The inner learning rate α: the inner step size, or Meta-SGD's initial learned rate.</summary>
        public double InnerLearningRate => Spec.Learner.InnerLearningRate;

        /// <summary>The adapted parameters of <paramref name="layer"/>, in registration order.</summary>
        public IReadOnlyList<ParameterPlan> AdaptedOf(LayerPlan layer) => layer.Parameters.Where(p => Adapted.Contains(p.Name)).ToArray();

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
            var layers = LayersOf(spec.Input.Width, spec.Layers, spec.Outputs);
            var adapted = layers.SelectMany(l => l.Parameters).Select(p => p.Name)
                .Where(name => spec.Adapt.Any(selector => Selects(selector, name)));
            return new MetaPlan(spec, ValueList.From(layers), ValueList.From(adapted));
        }

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

        /// <summary>The default selection: every layer, or only <c>head</c> for ANIL.</summary>
        public static ValueList<string> DefaultAdapt(ValueList<int>? hidden, MetaLearner? learner)
        {
            if (learner is Anil) return ValueList.Of(LayerNames.SharedHead);
            var names = new List<string>();
            for (var i = 0; i < (hidden?.Count ?? 0); i++) names.Add(LayerNames.Hidden(i));
            names.Add(LayerNames.SharedHead);
            return ValueList.From(names);
        }
    }
}

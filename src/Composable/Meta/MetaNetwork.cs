using System.Collections.Generic;
using System.Linq;
using Composable.Modules;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Composable.Meta;

/// <summary>
/// θ of a meta-learning declaration as a module: <c>layer_0</c>…, <c>head</c> (each an <c>nn.Linear</c>, so the
/// state dict reads <c>layer_0.weight</c>, … like PyTorch) and, for Meta-SGD, the learned inner rates under
/// <c>inner_lr</c> (<c>inner_lr.layer_0.weight</c> per parameter, <c>inner_lr.layer_0</c> per layer). Its
/// <see cref="forward"/> is the plain (unadapted) network; meta-learning runs <see cref="FunctionalMlp"/> over
/// <see cref="Weights"/> instead.
/// </summary>
public sealed class MetaNetwork : nn.Module<Tensor, Tensor>
{
    private readonly List<Linear> _layers = new();
    private readonly InnerRates? _inner_lr;

    /// <summary>Builds the network of <paramref name="plan"/>; layers are constructed in plan order (seeded by the caller).</summary>
    public MetaNetwork(MetaPlan plan) : base("MetaNetwork")
    {
        Plan = plan;
        foreach (var layer in plan.Layers)
        {
            var linear = nn.Linear(layer.In, layer.Out);
            _layers.Add(linear);
            register_module(layer.Name, linear);
        }
        if (plan.Spec.Learner is MetaSgd metaSgd)
        {
            _inner_lr = new InnerRates(plan, metaSgd);
            register_module("inner_lr", _inner_lr);
        }
    }

    /// <summary>The plan the network was built from.</summary>
    public MetaPlan Plan { get; }

    /// <summary>θ: the network's parameters (no inner rates), by state-dict name in layer order.</summary>
    public ParameterSet Weights
    {
        get
        {
            var names = new List<string>();
            var tensors = new List<Tensor>();
            for (var i = 0; i < _layers.Count; i++)
            {
                names.Add(Plan.Layers[i].Name + ".weight");
                tensors.Add(_layers[i].weight!);
                names.Add(Plan.Layers[i].Name + ".bias");
                tensors.Add(_layers[i].bias!);
            }
            return new ParameterSet(names, tensors);
        }
    }

    /// <summary>
    /// The inner step size of each adapted parameter, by parameter name: Meta-SGD's learned rates (a tensor shaped
    /// like the parameter, or a scalar per layer), else the declared α as a scalar.
    /// </summary>
    public ParameterSet InnerRatesOf(double? fixedRate = null)
    {
        if (_inner_lr is not null && fixedRate is null)
            return new ParameterSet(Plan.Adapted, Plan.Adapted.Select(_inner_lr.RateOf).ToArray());
        var alpha = fixedRate ?? Plan.InnerLearningRate;
        return new ParameterSet(Plan.Adapted, Plan.Adapted.Select(_ => (Tensor)tensor((float)alpha)).ToArray());
    }

    /// <summary>Unadapted outputs [B, out] on inputs [B, in].</summary>
    public override Tensor forward(Tensor input) =>
        FunctionalMlp.Forward(Weights, input, Plan.HiddenLayers, Plan.Activation);

    /// <summary>Disposes the layers, their native modules included (<see cref="NativeModules"/>).</summary>
    protected override void Dispose(bool disposing) => NativeModules.Dispose(this, disposing, base.Dispose);

    /// <summary>Meta-SGD's learned rates as a module, so that they appear in the state dict.</summary>
    private sealed class InnerRates : nn.Module
    {
        private readonly Dictionary<string, Parameter> _rates = new();
        private readonly LearnedRate _granularity;

        public InnerRates(MetaPlan plan, MetaSgd learner) : base("InnerRates")
        {
            _granularity = learner.Rate;
            foreach (var layer in plan.Layers)
            {
                var adapted = plan.AdaptedOf(layer);
                if (adapted.Count == 0) continue;
                if (learner.Rate == LearnedRate.PerLayer)
                {
                    var rate = LayerRates.Scalar(plan.InnerLearningRate);
                    _rates.Add(layer.Name, rate);
                    register_parameter(layer.Name, rate);
                }
                else
                {
                    long[]? ShapeOf(string name) => adapted.FirstOrDefault(p => p.Name == layer.Name + "." + name)?.Shape.Select(d => (long)d).ToArray();
                    var rates = new LayerRates(plan.InnerLearningRate, ShapeOf("weight"), ShapeOf("bias"));
                    foreach (var (name, rate) in rates.Rates) _rates.Add(layer.Name + "." + name, rate);
                    register_module(layer.Name, rates);
                }
            }
        }

        public Tensor RateOf(string parameter) =>
            _granularity == LearnedRate.PerLayer ? _rates[MetaPlan.LayerOf(parameter)] : _rates[parameter];
    }
}

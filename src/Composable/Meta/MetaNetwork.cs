using System;
using System.Collections.Generic;
using System.Linq;
using Composable.Modules;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Composable.Meta;

/// <summary>
/// θ of a meta-learning declaration as a module: <c>layer_0</c>…, <c>head</c> (each an <c>nn.Linear</c>, so the
/// state dict reads <c>layer_0.weight</c>, … like PyTorch), or with a convolutional backbone the blocks
/// <c>block_0</c>… (<see cref="ConvBlock"/>: <c>block_0.conv.weight</c>, …, <c>block_0.norm.bias</c>) and
/// <c>head</c>; and, for Meta-SGD, the learned inner rates under <c>inner_lr</c> (<c>inner_lr.layer_0.weight</c> per
/// parameter, <c>inner_lr.layer_0</c> per layer). Its <see cref="forward"/> is the plain (unadapted) network;
/// meta-learning runs the functional forwards (<see cref="ForwardWith"/>, <see cref="ForwardBatched"/>: those of
/// <see cref="FunctionalMlp"/> or <see cref="FunctionalConv"/>) over <see cref="Weights"/> or fast weights instead.
/// </summary>
public sealed class MetaNetwork : nn.Module<Tensor, Tensor>
{
    // The MLP's layers then the head; with a convolutional backbone only the head (the blocks are _blocks).
    private readonly List<Linear> _layers = new();
    private readonly List<ConvBlock> _blocks = new();
    private readonly ConvStack? _stack;
    private readonly InnerRates? _inner_lr;

    /// <summary>Builds the network of <paramref name="plan"/>; layers are constructed in plan order (seeded by the caller).</summary>
    public MetaNetwork(MetaPlan plan) : base("MetaNetwork")
    {
        Plan = plan;
        if (plan.Conv is { } conv)
        {
            _stack = new ConvStack(conv, plan.Spec.Outputs);
            var channels = conv.Input.Channels;
            for (var i = 0; i < ConvPlan.BlockCount(conv); i++)
            {
                var block = new ConvBlock(channels, ConvPlan.ChannelsOf(conv, i), conv);
                _blocks.Add(block);
                register_module(MetaPlan.Block(i), block);
                channels = ConvPlan.ChannelsOf(conv, i);
            }
            var head = nn.Linear(plan.HeadInput, plan.Spec.Outputs);
            _layers.Add(head);
            register_module(LayerNames.SharedHead, head);
        }
        else
        {
            foreach (var layer in plan.Layers)
            {
                var linear = nn.Linear(layer.In, layer.Out);
                _layers.Add(linear);
                register_module(layer.Name, linear);
            }
        }
        if (plan.Spec.Learner is MetaSgd metaSgd)
        {
            _inner_lr = new InnerRates(plan, metaSgd);
            register_module("inner_lr", _inner_lr);
        }
    }

    /// <summary>The plan the network was built from.</summary>
    public MetaPlan Plan { get; }

    /// <summary>The convolutional stack <see cref="FunctionalConv"/> runs, or null for an MLP.</summary>
    public ConvStack? Stack => _stack;

    /// <summary>θ: the network's parameters (no inner rates), by state-dict name in plan order.</summary>
    public ParameterSet Weights
    {
        get
        {
            var tensors = new List<Tensor>();
            foreach (var block in _blocks)
                tensors.AddRange(block.Weights);
            foreach (var layer in _layers)
                tensors.AddRange([layer.weight!, layer.bias!]);
            return new ParameterSet(Plan.Parameters.Select(p => p.Name).ToArray(), tensors);
        }
    }

    /// <summary>Outputs [B, out] of one network under <paramref name="parameters"/> (θ or fast weights) on inputs [B, in].</summary>
    public Tensor ForwardWith(ParameterSet parameters, Tensor input) => _stack is null
        ? FunctionalMlp.Forward(parameters, input, Plan.HiddenLayers, Plan.Activation)
        : FunctionalConv.Forward(_stack, parameters, input);

    /// <summary>Outputs [T, B, out] of T networks under parameters stacked as [T, …] on inputs [T, B, in].</summary>
    public Tensor ForwardBatched(ParameterSet stacked, Tensor input) => HeadBatched(stacked, BodyBatched(stacked, input));

    /// <summary>Features [T, B, width] of the body (hidden layers, or convolutional blocks) of T networks on inputs [T, B, in].</summary>
    public Tensor BodyBatched(ParameterSet stacked, Tensor input) => _stack is null
        ? FunctionalMlp.BodyBatched(stacked, input, Plan.HiddenLayers, Plan.Activation)
        : FunctionalConv.BodyBatched(_stack, stacked, input);

    /// <summary>Outputs [T, B, out] of the heads of T networks on body features [T, B, width].</summary>
    public Tensor HeadBatched(ParameterSet stacked, Tensor features) => FunctionalMlp.HeadBatched(stacked, features);

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
    public override Tensor forward(Tensor input) => ForwardWith(Weights, input);

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
            if (plan.Conv is { } conv)
                for (var i = 0; i < ConvPlan.BlockCount(conv); i++)
                    AddBlock(plan, MetaPlan.Block(i));
            foreach (var layer in plan.Layers.Where(l => !l.Name.Contains('.')))
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

        /// <summary>The rates of a convolutional block's adapted parameters, registered under the block's name.</summary>
        private void AddBlock(MetaPlan plan, string block)
        {
            var adapted = plan.Parameters.Where(p => plan.Adapted.Contains(p.Name) && p.Name.StartsWith(block + ".", StringComparison.Ordinal)).ToArray();
            if (adapted.Length == 0) return;
            long[]? ShapeOf(string name) => adapted.FirstOrDefault(p => p.Name == block + "." + name)?.Shape.Select(d => (long)d).ToArray();
            // The block's parts in plan order (conv, norm; or a residual block's conv1 … shortcut_norm).
            var parts = adapted.Select(p => MetaPlan.LayerOf(p.Name).Substring(block.Length + 1)).Distinct()
                .Select(part => (part, ShapeOf(part + ".weight"), ShapeOf(part + ".bias"))).ToArray();
            var rates = new ConvBlockRates(plan.InnerLearningRate, _granularity == LearnedRate.PerLayer, parts);
            register_module(block, rates);
            foreach (var part in rates.Parts)
            {
                if (rates.RateOf(part) is { } scalar) _rates.Add($"{block}.{part}", scalar);
                if (rates.RatesOf(part) is { } layerRates)
                    foreach (var (name, rate) in layerRates.Rates) _rates.Add($"{block}.{part}.{name}", rate);
            }
        }

        public Tensor RateOf(string parameter) =>
            _granularity == LearnedRate.PerLayer ? _rates[MetaPlan.LayerOf(parameter)] : _rates[parameter];
    }
}

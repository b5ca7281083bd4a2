using System;
using System.Collections.Generic;
using System.Linq;
using Composable.FewShot.Metric;
using Composable.Modules;
using Composable.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Composable.Interpretation;

/// <summary>
/// A multi-task network built at run time from a declaration value, without the generator: for sweeps over
/// declarations. It creates the same layers, with the same names, in the same order as the generated
/// <c>Model</c> and runs the same operations, so with the same seed both hold identical parameters and compute
/// identical outputs.
/// </summary>
public sealed class InterpretedModel : nn.Module<Tensor, IReadOnlyList<Tensor>>, IGatedModule, IDrawsRandomNumbers
{
    private readonly ModelPlan _plan;
    private readonly Dictionary<string, nn.Module<Tensor, Tensor>> _layers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ConvEmbedding> _backbones = new(StringComparer.Ordinal);

    /// <summary>Builds the network of a valid declaration (see <see cref="Declarations.Validate(MultiTaskSpec)"/>).</summary>
    public InterpretedModel(MultiTaskSpec spec) : base("InterpretedModel")
    {
        Declarations.ThrowIfInvalid(spec);
        Spec = spec;
        _plan = ModelPlan.For(spec);
        foreach (var layer in _plan.Layers)
        {
            var dot = layer.Name.IndexOf('.');
            if (dot >= 0)
            {
                // A backbone's blocks: the library module that holds them, created (and registered) at its first layer.
                var backbone = layer.Name[..dot];
                if (!_backbones.ContainsKey(backbone))
                {
                    var conv = _plan.Backbone!;
                    var embedding = new ConvEmbedding(conv);
                    _backbones.Add(backbone, embedding);
                    register_module(backbone, embedding);
                }
                continue;
            }
            nn.Module<Tensor, Tensor> module = layer.Kind switch
            {
                LayerKind.Embedding => nn.Embedding(layer.In, layer.Out),
                LayerKind.StackedLinear => new StackedLinear(layer.Stack, layer.In, layer.Out),
                LayerKind.CrossStitch => new CrossStitchUnit(layer.In, layer.Mixing!.Self, layer.Mixing.Others),
                LayerKind.LayerSelection => new LayerSelectionWeights(layer.Out, layer.In),
                _ => nn.Linear(layer.In, layer.Out, hasBias: layer.Bias),
            };
            _layers.Add(layer.Name, module);
            register_module(layer.Name, module);
        }
    }

    /// <inheritdoc />
    public MultiTaskSpec Spec { get; }

    /// <summary>The generator dropout masks are drawn from in training mode; its trainer's own, or torch's process-wide one when null.</summary>
    public Generator? Generator { get; set; }

    /// <inheritdoc />
    public nn.Module Module => this;

    /// <summary>The plan the network was built from.</summary>
    public ModelPlan Plan => _plan;

    /// <summary>Head outputs of every task, in declaration order.</summary>
    public override IReadOnlyList<Tensor> forward(Tensor input) => ForwardAll(input);

    /// <inheritdoc />
    public IReadOnlyList<Tensor> ForwardAll(Tensor input)
    {
        input = SharedTrunk(input);
        switch (Top)
        {
            case HardSharing hard:
                var shared = Stack(input, Enumerable.Range(0, hard.Trunk.Count).Select(LayerNames.Trunk));
                return Enumerable.Range(0, Spec.Tasks.Count).Select(t => TowerAndHead(t, shared)).ToArray();
            case CrossStitch stitch:
                return Stitched(stitch, input);
            case Sluice sluice:
                return Sluiced(sluice, input);
            case MixtureOfExperts mixture:
                var mixed = Mixtures(mixture, input).Mixed;
                return Enumerable.Range(0, Spec.Tasks.Count).Select(t => TowerAndHead(t, mixed[t])).ToArray();
            default:
                return Enumerable.Range(0, Spec.Tasks.Count).Select(t => TaskFromShared(t, input)).ToArray();
        }
    }

    /// <summary>
    /// The hard-sharing trunk's output Z (the one representation every task reads, MGDA-UB's) and every task's outputs
    /// computed from it.
    /// </summary>
    /// <exception cref="InvalidOperationException">The declaration is not hard sharing.</exception>
    public (Tensor Representation, IReadOnlyList<Tensor> Outputs) ForwardFromRepresentation(Tensor input)
    {
        if (Spec.Sharing is not HardSharing hard)
            throw new InvalidOperationException($"Only hard sharing has one shared representation; the declaration is {Spec.Sharing.GetType().Name}.");
        var shared = Stack(SharedTrunk(input), Enumerable.Range(0, hard.Trunk.Count).Select(LayerNames.Trunk));
        return (shared, Enumerable.Range(0, Spec.Tasks.Count).Select(t => TowerAndHead(t, shared)).ToArray());
    }

    /// <inheritdoc />
    public Tensor ForwardTask(int task, Tensor input)
    {
        if (task < 0 || task >= Spec.Tasks.Count)
            throw new ArgumentOutOfRangeException(nameof(task), task, $"The declaration has {Spec.Tasks.Count} tasks.");
        return TaskFromShared(task, SharedTrunk(input));
    }

    /// <summary>Task <paramref name="task"/>'s output from what <see cref="SharedTrunk"/> made of the input.</summary>
    private Tensor TaskFromShared(int task, Tensor input)
    {
        switch (Top)
        {
            case Independent or SoftSharing:
                return TowerAndHead(task, _plan.BackbonePerTask ? _backbones[LayerNames.TaskBackbone(Spec.Tasks[task].Name)].call(input) : input);
            case CrossStitch stitch:
                return Stitched(stitch, input)[task];
            case Sluice sluice:
                return Sluiced(sluice, input)[task];
            case HardSharing hard:
                return TowerAndHead(task, Stack(input, Enumerable.Range(0, hard.Trunk.Count).Select(LayerNames.Trunk)));
            case TaskConditioned conditioned:
                return Conditioned(conditioned, task, input);
            case MixtureOfExperts mixture:
                return TowerAndHead(task, Mixtures(mixture, input).Mixed[task]);
            default:
                throw new NotSupportedException($"Sharing {Spec.Sharing.GetType().Name} is not supported by the interpreter.");
        }
    }

    private Tensor TowerAndHead(int task, Tensor input)
    {
        var name = Spec.Tasks[task].Name;
        var h = Stack(input, Enumerable.Range(0, _plan.TowerDepth).Select(i => LayerNames.Tower(name, i)));
        return _layers[LayerNames.Head(name)].call(h);
    }

    /// <summary>The topology that produces the task outputs: the declared one, or the upper one of a composition.</summary>
    private Sharing Top => _plan.Top;

    /// <summary>
    /// The input of <see cref="Top"/>: the shared backbone's embedding (when one backbone serves every task), then a
    /// composition's trunk output; or the input itself.
    /// </summary>
    private Tensor SharedTrunk(Tensor input)
    {
        if (_backbones.TryGetValue(LayerNames.Backbone, out var backbone))
            input = backbone.call(input);
        return Spec.Sharing is Composition composition
            ? Stack(input, Enumerable.Range(0, composition.Trunk.Count).Select(LayerNames.Trunk))
            : input;
    }

    /// <summary>
    /// Ω of a <see cref="SoftSharing"/> declaration (unweighted: the trainer adds Strength·Ω): over each penalised
    /// layer in the declared order, the tasks' weights, then their biases.
    /// </summary>
    public Tensor SharingPenalty()
    {
        if (Spec.Sharing is not SoftSharing soft)
            throw new InvalidOperationException($"Sharing {Spec.Sharing.GetType().Name} has no sharing penalty; only SoftSharing does.");
        var groups = new List<Tensor[]>();
        foreach (var index in soft.At)
        {
            var layers = Spec.Tasks.Select(t => (Linear)_layers[LayerNames.Tower(t.Name, index)]).ToArray();
            groups.Add(layers.Select(l => (Tensor)l.weight!).ToArray());
            groups.Add(layers.Select(l => (Tensor)l.bias!).ToArray());
        }
        return SoftSharingPenalty.Of(soft.Penalty, groups.ToArray());
    }

    private Tensor[] Sluiced(Sluice sluice, Tensor input)
    {
        var tasks = Spec.Tasks.Count;
        var h = Enumerable.Repeat(input, tasks).ToArray();
        var layers = new List<Tensor[]>();
        for (var i = 0; i < sluice.Layers.Count; i++)
        {
            var columns = new Tensor[tasks]; // a new array: the heads read every layer's mixed outputs later
            for (var t = 0; t < tasks; t++)
                columns[t] = Hidden(_layers[LayerNames.Tower(Spec.Tasks[t].Name, i)].call(h[t]));
            h = ((CrossStitchUnit)_layers[LayerNames.Sluice(i)]).MixSubspaces(columns, sluice.Subspaces);
            layers.Add(h);
        }
        var selection = (LayerSelectionWeights)_layers[LayerNames.LayerSelection];
        return Enumerable.Range(0, tasks)
            .Select(t => _layers[LayerNames.Head(Spec.Tasks[t].Name)].call(selection.Select(t, layers.Select(l => l[t]).ToArray())))
            .ToArray();
    }

    private Tensor[] Stitched(CrossStitch stitch, Tensor input)
    {
        var tasks = Spec.Tasks.Count;
        var h = _plan.BackbonePerTask ? StitchedBackbones(input) : Enumerable.Repeat(input, tasks).ToArray();
        for (var i = 0; i < stitch.Layers.Count; i++)
        {
            for (var t = 0; t < tasks; t++)
                h[t] = Hidden(_layers[LayerNames.Tower(Spec.Tasks[t].Name, i)].call(h[t]));
            if (stitch.At.Contains(i))
                h = ((CrossStitchUnit)_layers[LayerNames.CrossStitch(i)]).Mix(h);
        }
        return Enumerable.Range(0, tasks).Select(t => _layers[LayerNames.Head(Spec.Tasks[t].Name)].call(h[t])).ToArray();
    }

    /// <summary>Every task's conv column, block by block, the feature maps mixed after each stitched block; their embeddings.</summary>
    private Tensor[] StitchedBackbones(Tensor input)
    {
        var backbones = Spec.Tasks.Select(t => _backbones[LayerNames.TaskBackbone(t.Name)]).ToArray();
        var maps = backbones.Select(b => b.Images(input)).ToArray();
        var stitched = _plan.StitchedBlocks;
        for (var i = 0; i < backbones[0].BlockCount; i++)
        {
            for (var t = 0; t < maps.Length; t++)
                maps[t] = backbones[t].Block(i, maps[t]);
            if (stitched.Contains(i))
                maps = ((CrossStitchUnit)_layers[LayerNames.BlockCrossStitch(i)]).Mix(maps);
        }
        return maps.Select((m, t) => backbones[t].Readout(m)).ToArray();
    }

    /// <inheritdoc />
    public IReadOnlyList<Tensor> MeanGateWeights(Tensor input)
    {
        if (Top is not MixtureOfExperts mixture)
            throw new InvalidOperationException($"Sharing {Spec.Sharing.GetType().Name} has no gates; only a MixtureOfExperts does.");
        return Mixtures(mixture, SharedTrunk(input)).Gates.Select(g => g.mean(new long[] { 0 })).ToArray();
    }

    /// <summary>Each task's mixture of the last level and its gate weights; the generated <c>Mixtures</c>, unrolled there.</summary>
    private (Tensor[] Mixed, Tensor[] Gates) Mixtures(MixtureOfExperts mixture, Tensor input)
    {
        var tasks = Spec.Tasks.Count;
        var experts = mixture.ExpertsPerLevel(tasks);
        var shared = input;
        var taskInputs = Enumerable.Repeat(input, tasks).ToArray();
        var mixed = new Tensor[tasks];
        var gates = new Tensor[tasks];
        for (var level = 0; level < mixture.Levels; level++)
        {
            var h = level == 0
                ? Hidden(ExpertMixing.Split(_layers[LayerNames.Experts(mixture, 0, 0)].call(input), experts))
                : Hidden(_layers[LayerNames.Experts(mixture, level, 0)].call(ExpertMixing.Inputs(shared, mixture.Experts, mixture.TaskExperts, taskInputs)));
            for (var i = 1; i < mixture.ExpertLayers.Count; i++)
                h = Hidden(_layers[LayerNames.Experts(mixture, level, i)].call(h));
            if (mixture.Gating == Gating.Single)
            {
                var weights = ExpertMixing.Weights(_layers[LayerNames.Gate(mixture, level)].call(shared));
                var mixture_ = ExpertMixing.Mix(weights, h);
                for (var t = 0; t < tasks; t++)
                {
                    gates[t] = weights;
                    mixed[t] = mixture_;
                }
            }
            else if (ModelPlan.FusesGates(mixture))
            {
                var weights = ExpertMixing.TaskWeights(_layers[LayerNames.TaskGates].call(input), tasks);
                mixed = ExpertMixing.MixAll(weights, h).unbind(1);
                gates = weights.unbind(1);
            }
            else
            {
                for (var t = 0; t < tasks; t++)
                {
                    gates[t] = ExpertMixing.Weights(_layers[LayerNames.Gate(mixture, level, Spec.Tasks[t].Name)].call(taskInputs[t]));
                    var chosen = mixture.TaskExperts > 0 ? ExpertMixing.Select(h, mixture.Experts, mixture.TaskExperts, t) : h;
                    mixed[t] = ExpertMixing.Mix(gates[t], chosen);
                }
            }
            if (level < mixture.Levels - 1)
                shared = ExpertMixing.Mix(ExpertMixing.Weights(_layers[LayerNames.SharedGate(mixture, level)].call(shared)), h);
            taskInputs = mixed.ToArray();
        }
        return (mixed, gates);
    }

    private Tensor Stack(Tensor input, IEnumerable<string> layers)
    {
        var h = input;
        foreach (var layer in layers)
            h = Hidden(_layers[layer].call(h));
        return h;
    }

    private Tensor Conditioned(TaskConditioned conditioned, int task, Tensor input)
    {
        var z = conditioned.Descriptor is LearnedEmbedding
            ? TaskDescriptors.Embedded((Embedding)_layers[LayerNames.TaskEmbedding], task, input)
            : TaskDescriptors.OneHot(task, Spec.Tasks.Count, input);
        var h = input;
        for (var i = 0; i < conditioned.Layers.Count; i++)
        {
            var at = conditioned.At.Contains(i);
            if (at && conditioned.Conditioning == Conditioning.Concatenation)
                h = cat(new[] { h, z }, 1);
            var a = _layers[LayerNames.Hidden(i)].call(h);
            if (at && conditioned.Conditioning == Conditioning.Additive)
                a = a.add(_layers[LayerNames.Conditioner(i)].call(z), Scalars.One);
            if (at && conditioned.Conditioning == Conditioning.Multiplicative)
            {
                var film = _layers[LayerNames.Conditioner(i)].call(z).chunk(2, 1);
                a = a.mul(film[0].add(Scalars.One, Scalars.One)).add(film[1], Scalars.One);
            }
            h = Hidden(a);
        }
        var head = conditioned.Output == TaskOutput.SharedHead ? LayerNames.SharedHead : LayerNames.Head(Spec.Tasks[task].Name);
        return _layers[head].call(h);
    }

    private Tensor Hidden(Tensor preActivation)
    {
        var h = Activations.Apply(_plan.Activation, preActivation);
        return _plan.Dropout > 0 ? TrainerRandom.Dropout(h, _plan.Dropout, training, Generator) : h;
    }

    /// <summary>Disposes the layers, their native modules included (<see cref="NativeModules"/>).</summary>
    protected override void Dispose(bool disposing) => NativeModules.Dispose(this, disposing, base.Dispose);
}

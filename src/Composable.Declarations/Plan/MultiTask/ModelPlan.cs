using System.Collections.Generic;
using System.Linq;

namespace Composable
{
    /// <summary>
    /// The compiled form of a declaration: every parameterised layer with its name and sizes, in construction
    /// order. The generator emits fields and constructor calls from it and the interpreter builds modules from
    /// it, in the same order, so both draw the same initial weights from the same seed.
    /// </summary>
    /// <param name="Spec">The (valid) declaration.</param>
    /// <param name="Layers">Layers in construction order.</param>
    public sealed record ModelPlan(MultiTaskSpec Spec, ValueList<LayerPlan> Layers)
    {
        /// <summary>All parameters in registration order.</summary>
        public IEnumerable<ParameterPlan> Parameters => Layers.SelectMany(l => l.Parameters);

        /// <summary>Total number of scalar parameters.</summary>
        public long ParameterCount => Parameters.Sum(p => p.Count);

        /// <summary>Which parameters the tasks share and which each task owns, as the adaptive objectives need it.</summary>
        public ObjectivePlan ObjectivePlan => ObjectivePlan.For(this);

        /// <summary>The tasks in declaration order, each with its resolved loss.</summary>
        public ValueList<TaskPlan> Tasks => ValueList.From(Spec.Tasks.Select((t, i) => new TaskPlan(t.Name, i, t.EffectiveLoss, t.Weight, t.Target.OutputWidth)));

        /// <summary>The activation after every hidden layer.</summary>
        public Activation Activation => Spec.Activation;

        /// <summary>Dropout probability after every hidden activation (0: none).</summary>
        public double Dropout => Spec.Dropout;

        /// <summary>The topology that produces the task outputs: the declared one, or the upper one of a composition.</summary>
        public Sharing Top => Composition.Top(Spec.Sharing);

        /// <summary>Layers of each task's own tower before its head (0 when the topology has none).</summary>
        public int TowerDepth => Top switch
        {
            Independent independent => independent.Layers.Count,
            SoftSharing soft => soft.Layers.Count,
            HardSharing hard => hard.Towers.Count,
            MixtureOfExperts mixture => mixture.TowerLayers.Count,
            _ => 0,
        };

        /// <summary>The layer called <paramref name="name"/>.</summary>
        public LayerPlan Layer(string name) => Layers.First(l => l.Name == name);

        /// <summary>Width of the task descriptor z (task-conditioned networks), else 0.</summary>
        public int DescriptorWidth => Spec.Sharing is TaskConditioned c
            ? c.Descriptor is LearnedEmbedding e ? e.Width : Spec.Tasks.Count
            : 0;

        /// <summary>The declared convolutional backbone, or null when the topology reads the input itself.</summary>
        public ConvBackbone? Backbone => Spec.Backbone as ConvBackbone;

        /// <summary>
        /// Whether every task has its own copy of <see cref="Backbone"/> (<see cref="LayerNames.TaskBackbone"/>, before its
        /// tower or column): independent towers share nothing, and cross-stitch columns are whole networks stitched
        /// together. Every other topology (a composition's cross-stitch included) shares one (<see cref="LayerNames.Backbone"/>).
        /// </summary>
        public bool BackbonePerTask => Backbone is not null && OwnsBackbones(Spec.Sharing);

        /// <summary>The backbone blocks followed by a cross-stitch unit (<see cref="LayerNames.BlockCrossStitch"/>); empty unless the columns are conv networks.</summary>
        public ValueList<int> StitchedBlocks => BackbonePerTask && Spec.Sharing is CrossStitch stitch
            ? ValueList.From(stitch.BlocksFor(ConvPlan.BlockCount(Backbone!)).OrderBy(i => i))
            : ValueList<int>.Empty;

        private static bool OwnsBackbones(Sharing sharing) => sharing is Independent or CrossStitch;

        /// <summary>Width of what the topology's first layers read: the backbone's embedding, or the input.</summary>
        public int TopologyInputWidth => Backbone is { } conv ? FewShotPlan.EmbeddingWidthOf(conv) : Spec.Input.Size;

        /// <summary>Plans a valid declaration (run <see cref="MultiTaskRules.Validate"/> first).</summary>
        public static ModelPlan For(MultiTaskSpec spec)
        {
            var layers = new List<LayerPlan>();
            var input = spec.Input.Size;
            if (spec.Backbone is ConvBackbone conv && !OwnsBackbones(spec.Sharing))
            {
                layers.AddRange(FewShotPlan.ConvLayersOf(LayerNames.Backbone, conv));
                input = FewShotPlan.EmbeddingWidthOf(conv);
            }
            AddSharing(layers, spec, spec.Sharing, input);
            return new ModelPlan(spec, ValueList.From(layers));
        }

        private static void AddSharing(List<LayerPlan> layers, MultiTaskSpec spec, Sharing sharing, int input)
        {
            switch (sharing)
            {
                case Composition composition:
                    var trunkWidth = input;
                    for (var i = 0; i < composition.Trunk.Count; i++)
                    {
                        layers.Add(new LayerPlan(LayerNames.Trunk(i), LayerKind.Linear, trunkWidth, composition.Trunk[i]));
                        trunkWidth = composition.Trunk[i];
                    }
                    AddSharing(layers, spec, composition.Then, trunkWidth);
                    break;

                case Independent independent:
                    foreach (var task in spec.Tasks)
                    {
                        var towerInput = input;
                        if (spec.Backbone is ConvBackbone own)
                        {
                            layers.AddRange(FewShotPlan.ConvLayersOf(LayerNames.TaskBackbone(task.Name), own));
                            towerInput = FewShotPlan.EmbeddingWidthOf(own);
                        }
                        AddTowerAndHead(layers, task, towerInput, independent.Layers);
                    }
                    break;

                case SoftSharing soft:
                    foreach (var task in spec.Tasks)
                        AddTowerAndHead(layers, task, input, soft.Layers);
                    break;

                case Sluice sluice:
                    foreach (var task in spec.Tasks)
                    {
                        var columnInput = input;
                        for (var i = 0; i < sluice.Layers.Count; i++)
                        {
                            layers.Add(new LayerPlan(LayerNames.Tower(task.Name, i), LayerKind.Linear, columnInput, sluice.Layers[i]));
                            columnInput = sluice.Layers[i];
                        }
                        layers.Add(new LayerPlan(LayerNames.Head(task.Name), LayerKind.Linear, sluice.Layers.Sum(), task.Target.OutputWidth));
                    }
                    for (var i = 0; i < sluice.Layers.Count; i++)
                        layers.Add(new LayerPlan(LayerNames.Sluice(i), LayerKind.CrossStitch, spec.Tasks.Count * sluice.Subspaces, spec.Tasks.Count * sluice.Subspaces, Bias: false,
                            Mixing: new MixingPlan(sluice.Self, sluice.OthersFor(spec.Tasks.Count))));
                    layers.Add(new LayerPlan(LayerNames.LayerSelection, LayerKind.LayerSelection, sluice.Layers.Count, spec.Tasks.Count, Bias: false));
                    break;

                case CrossStitch stitch:
                    // Directly declared over a backbone, every column is a whole conv network, stitched after its blocks too.
                    var columnBackbone = ReferenceEquals(sharing, spec.Sharing) ? spec.Backbone as ConvBackbone : null;
                    foreach (var task in spec.Tasks)
                    {
                        var columnInput = input;
                        if (columnBackbone is not null)
                        {
                            layers.AddRange(FewShotPlan.ConvLayersOf(LayerNames.TaskBackbone(task.Name), columnBackbone));
                            columnInput = FewShotPlan.EmbeddingWidthOf(columnBackbone);
                        }
                        AddTowerAndHead(layers, task, columnInput, stitch.Layers);
                    }
                    if (columnBackbone is not null)
                        foreach (var block in stitch.BlocksFor(ConvPlan.BlockCount(columnBackbone)).OrderBy(i => i))
                            layers.Add(new LayerPlan(LayerNames.BlockCrossStitch(block), LayerKind.CrossStitch, spec.Tasks.Count, spec.Tasks.Count, Bias: false,
                                Mixing: new MixingPlan(stitch.Self, stitch.OthersFor(spec.Tasks.Count))));
                    foreach (var index in stitch.At.OrderBy(i => i))
                        layers.Add(new LayerPlan(LayerNames.CrossStitch(index), LayerKind.CrossStitch, spec.Tasks.Count, spec.Tasks.Count, Bias: false,
                            Mixing: new MixingPlan(stitch.Self, stitch.OthersFor(spec.Tasks.Count))));
                    break;

                case HardSharing hard:
                    var width = input;
                    for (var i = 0; i < hard.Trunk.Count; i++)
                    {
                        layers.Add(new LayerPlan(LayerNames.Trunk(i), LayerKind.Linear, width, hard.Trunk[i]));
                        width = hard.Trunk[i];
                    }
                    foreach (var task in spec.Tasks)
                        AddTowerAndHead(layers, task, width, hard.Towers);
                    break;

                case TaskConditioned conditioned:
                    var z = conditioned.Descriptor is LearnedEmbedding embedding ? embedding.Width : spec.Tasks.Count;
                    if (conditioned.Descriptor is LearnedEmbedding learned)
                        layers.Add(new LayerPlan(LayerNames.TaskEmbedding, LayerKind.Embedding, spec.Tasks.Count, learned.Width));
                    var previous = input;
                    for (var i = 0; i < conditioned.Layers.Count; i++)
                    {
                        var at = conditioned.At.Contains(i);
                        var concatenated = at && conditioned.Conditioning == Conditioning.Concatenation;
                        var out_ = conditioned.Layers[i];
                        layers.Add(new LayerPlan(LayerNames.Hidden(i), LayerKind.Linear, previous + (concatenated ? z : 0), out_));
                        if (at && conditioned.Conditioning == Conditioning.Additive)
                            layers.Add(new LayerPlan(LayerNames.Conditioner(i), LayerKind.Linear, z, out_, Bias: false));
                        if (at && conditioned.Conditioning == Conditioning.Multiplicative)
                            layers.Add(new LayerPlan(LayerNames.Conditioner(i), LayerKind.Linear, z, 2 * out_));
                        previous = out_;
                    }
                    if (conditioned.Output == TaskOutput.SharedHead)
                        layers.Add(new LayerPlan(LayerNames.SharedHead, LayerKind.Linear, previous, spec.Tasks[0].Target.OutputWidth));
                    else
                        foreach (var task in spec.Tasks)
                            layers.Add(new LayerPlan(LayerNames.Head(task.Name), LayerKind.Linear, previous, task.Target.OutputWidth));
                    break;

                case MixtureOfExperts mixture:
                    AddMixture(layers, spec, mixture, input);
                    break;
            }
        }

        /// <summary>
        /// Whether the tasks' gates of <paramref name="mixture"/> are one linear layer (<see cref="LayerNames.TaskGates"/>):
        /// MMoE, where every gate reads the same input and mixes the same experts, so one matmul, one softmax and one
        /// batched product serve all tasks. CGC and PLE keep a gate per task (different experts or inputs per task).
        /// </summary>
        public static bool FusesGates(MixtureOfExperts mixture) =>
            mixture.Gating == Gating.PerTask && mixture.TaskExperts == 0 && mixture.Levels == 1;

        /// <summary>
        /// Per level: the experts' layers (the first of level 0 fused into one linear layer of width experts × width,
        /// the rest stacked), then the gates (one; all tasks' fused in one layer for MMoE; or one per task, plus a shared gate below the last PLE level).
        /// Then each task's tower and head.
        /// </summary>
        private static void AddMixture(List<LayerPlan> layers, MultiTaskSpec spec, MixtureOfExperts mixture, int input)
        {
            var experts = mixture.ExpertsPerLevel(spec.Tasks.Count);
            var width = input;
            for (var level = 0; level < mixture.Levels; level++)
            {
                var levelInput = width;
                for (var i = 0; i < mixture.ExpertLayers.Count; i++)
                {
                    var out_ = mixture.ExpertLayers[i];
                    var name = LayerNames.Experts(mixture, level, i);
                    layers.Add(level == 0 && i == 0
                        ? new LayerPlan(name, LayerKind.Linear, width, experts * out_)
                        : new LayerPlan(name, LayerKind.StackedLinear, width, out_, Stack: experts));
                    width = out_;
                }
                if (mixture.Gating == Gating.Single)
                    layers.Add(new LayerPlan(LayerNames.Gate(mixture, level), LayerKind.Linear, levelInput, experts));
                else if (FusesGates(mixture))
                    layers.Add(new LayerPlan(LayerNames.TaskGates, LayerKind.Linear, levelInput, spec.Tasks.Count * experts));
                else
                    foreach (var task in spec.Tasks)
                        layers.Add(new LayerPlan(LayerNames.Gate(mixture, level, task.Name), LayerKind.Linear, levelInput, mixture.GatedExperts(spec.Tasks.Count)));
                if (level < mixture.Levels - 1)
                    layers.Add(new LayerPlan(LayerNames.SharedGate(mixture, level), LayerKind.Linear, levelInput, experts));
            }
            foreach (var task in spec.Tasks)
                AddTowerAndHead(layers, task, width, mixture.TowerLayers);
        }

        private static void AddTowerAndHead(List<LayerPlan> layers, TaskSpec task, int input, ValueList<int> tower)
        {
            var width = input;
            for (var i = 0; i < tower.Count; i++)
            {
                layers.Add(new LayerPlan(LayerNames.Tower(task.Name, i), LayerKind.Linear, width, tower[i]));
                width = tower[i];
            }
            layers.Add(new LayerPlan(LayerNames.Head(task.Name), LayerKind.Linear, width, task.Target.OutputWidth));
        }
    }
}

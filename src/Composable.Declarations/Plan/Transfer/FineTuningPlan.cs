using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Composable
{
    /// <summary>One block of a fine-tuned network: a unit that is frozen, thawed and given a learning rate as a whole.</summary>
    /// <param name="Name">The block's name as declarations write it: <c>block_0</c>, <c>layer_1</c>, <c>trunk_0</c>, or <c>head</c> for the heads.</param>
    /// <param name="Layers">Its parameterised layers, by full state-dict name.</param>
    /// <param name="LearningRate">Its base learning rate (before the schedule's factor).</param>
    /// <param name="ThawEpoch">The epoch (0-based) from which it trains: 0 from the start, null never (frozen for good).</param>
    public sealed record BlockPlan(string Name, ValueList<LayerPlan> Layers, double LearningRate, int? ThawEpoch)
    {
        /// <summary>Whether the block trains during epoch <paramref name="epoch"/> (0-based).</summary>
        public bool TrainsAt(int epoch) => ThawEpoch is { } thaw && epoch >= thaw;

        /// <summary>State-dict prefixes of its layers (<c>backbone.block_0.conv.</c>…).</summary>
        public IEnumerable<string> Prefixes => Layers.Select(l => l.Name + ".");
    }

    /// <summary>
    /// The compiled form of a fine-tuning declaration: the target as a multi-task declaration (for data sets, task
    /// sampling and evaluation), every parameterised layer in registration order, the source's blocks bottom to top
    /// and the heads' block, each with its learning rate and the epoch it thaws. The generated <c>Trainer</c> and the
    /// run time's <c>FineTuningTrainer</c> both read it.
    /// </summary>
    /// <param name="Spec">The (valid) declaration.</param>
    /// <param name="Target">
    /// The target tasks as a multi-task declaration over the source's input: for a <see cref="TrunkSource"/> the source
    /// declaration with the target tasks (the very network that is trained); for a <see cref="BackboneSource"/> hard
    /// sharing over one trunk as wide as the embedding, which describes the rows, the tasks and the heads' input (the
    /// network itself is the backbone, not an MLP trunk). Data sets for the target are built for it. It says nothing of
    /// how the target is trained (frozen blocks, rates, optimiser), so settings compared on the same data share it.
    /// </param>
    /// <param name="EmbeddingWidth">Width of the source's top (the heads' input, after towers for a trunk source).</param>
    /// <param name="Layers">Every parameterised layer, in registration order.</param>
    /// <param name="Blocks">The source's blocks, bottom (input side) first.</param>
    /// <param name="Heads">The block of every target head (and tower), always trained.</param>
    public sealed record FineTuningPlan(FineTuningSpec Spec, MultiTaskSpec Target, int EmbeddingWidth, ValueList<LayerPlan> Layers, ValueList<BlockPlan> Blocks, BlockPlan Heads)
    {
        /// <summary>The name of the heads' block, in <see cref="ExplicitRates"/> and graphs.</summary>
        public const string HeadBlock = "head";

        /// <summary>The backbone's child name for a <see cref="BackboneSource"/>.</summary>
        public const string Backbone = "backbone";

        /// <summary>The source's backbone: a <see cref="BackboneSource"/>'s, or a <see cref="TrunkSource"/> network's (none for an MLP trunk).</summary>
        public Backbone? SourceBackbone => BackboneOf(Spec.Source);

        /// <summary>The backbone of <paramref name="source"/>: a <see cref="BackboneSource"/>'s, or a <see cref="TrunkSource"/> network's.</summary>
        public static Backbone? BackboneOf(TransferSource source) => source switch
        {
            BackboneSource backbone => backbone.Backbone,
            TrunkSource trunk => trunk.Network.Backbone,
            _ => null,
        };

        /// <summary>Blocks then heads: every group of parameters a trainer may optimise, bottom first.</summary>
        public IEnumerable<BlockPlan> Groups => Blocks.Concat(new[] { Heads });

        /// <summary>Total number of scalar parameters.</summary>
        public long ParameterCount => Layers.Sum(l => l.Parameters.Sum(p => p.Count));

        /// <summary>Input features per row (an image's channels × height × width).</summary>
        public int InputWidth => Target.Input.Size;

        /// <summary>The names of the source's blocks, bottom first (without the heads).</summary>
        public static IReadOnlyList<string> BlockNamesOf(TransferSource source) => source switch
        {
            BackboneSource { Backbone: MlpBackbone mlp } => Enumerable.Range(0, mlp.Layers.Count).Select(LayerNames.Hidden).ToList(),
            BackboneSource { Backbone: ConvBackbone conv } => Enumerable.Range(0, Math.Max(0, Math.Min(ConvPlan.BlockCount(conv), ConvPlan.MaxBlocks))).Select(ConvPlan.Block).ToList(),
            TrunkSource { Network.Sharing: HardSharing hard } => Enumerable.Range(0, hard.Trunk.Count).Select(LayerNames.Trunk).ToList(),
            _ => Array.Empty<string>(),
        };

        /// <summary>The tasks a source holds heads for: a backbone source's declared tasks, a trunk source's tasks.</summary>
        public static ValueList<TaskSpec> SourceTasksOf(TransferSource source) => source switch
        {
            BackboneSource b => b.Tasks,
            TrunkSource t => t.Network.Tasks,
            _ => ValueList<TaskSpec>.Empty,
        };

        /// <summary>Plans a valid declaration (run <see cref="FineTuningRules.Validate"/> first).</summary>
        public static FineTuningPlan For(FineTuningSpec spec)
        {
            var target = TargetOf(spec);
            var names = BlockNamesOf(spec.Source);
            var blockNames = new HashSet<string>(names, StringComparer.Ordinal);
            List<LayerPlan> layers;
            int embedding;
            Func<LayerPlan, string?> blockOf;
            switch (spec.Source)
            {
                case TrunkSource:
                    var model = ModelPlan.For(target);
                    layers = model.Layers.ToList();
                    embedding = model.Layers.Last(l => l.Name.EndsWith("_head", StringComparison.Ordinal)).In;
                    blockOf = l => blockNames.Contains(l.Name) ? l.Name : null;
                    break;
                case BackboneSource backbone:
                    layers = new List<LayerPlan>();
                    embedding = FewShotPlan.AddBackbone(layers, backbone.Backbone);
                    for (var i = 0; i < layers.Count; i++) layers[i] = layers[i] with { Name = layers[i].Name.Replace(FewShotPlan.Backbone + ".", Backbone + ".") };
                    foreach (var task in spec.Tasks)
                        layers.Add(new LayerPlan(LayerNames.Head(task.Name), LayerKind.Linear, embedding, task.Target.OutputWidth));
                    blockOf = l => l.Name.StartsWith(Backbone + ".", StringComparison.Ordinal) ? l.Name.Split('.')[1] : null;
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(spec), spec.Source, "Unknown transfer source.");
            }
            var thaw = ThawEpochs(spec, names);
            var rates = Rates(spec, names);
            // Each layer's block once (a trunk pasted thousands of layers deep stays linear, not cubic).
            var owners = layers.Select(blockOf).ToArray();
            var members = names.ToDictionary(name => name, _ => new List<LayerPlan>(), StringComparer.Ordinal);
            var headLayers = new List<LayerPlan>();
            for (var i = 0; i < layers.Count; i++)
            {
                if (owners[i] is null) headLayers.Add(layers[i]);
                else if (members.TryGetValue(owners[i]!, out var list)) list.Add(layers[i]);
            }
            var blocks = names.Select((name, i) => new BlockPlan(name, ValueList.From(members[name]), rates[i], thaw[i]));
            var heads = new BlockPlan(HeadBlock, ValueList.From(headLayers), HeadRate(spec), 0);
            return new FineTuningPlan(spec, target, embedding, ValueList.From(layers), ValueList.From(blocks), heads);
        }

        /// <summary>The target tasks as a multi-task declaration (see <see cref="Target"/>).</summary>
        public static MultiTaskSpec TargetOf(FineTuningSpec spec) => spec.Source switch
        {
            TrunkSource trunk => trunk.Network with { Tasks = spec.Tasks, Objective = new WeightedSum(spec.Sampling) },
            BackboneSource backbone => new MultiTaskSpec(
                InputOf(backbone.Backbone), spec.Tasks,
                new HardSharing(ValueList.Of(FewShotPlan.EmbeddingWidthOf(backbone.Backbone))), new WeightedSum(spec.Sampling)),
            _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Source, "Unknown transfer source."),
        };

        /// <summary>What <paramref name="backbone"/> reads: its features or its image.</summary>
        public static InputShape InputOf(Backbone backbone) => backbone switch
        {
            MlpBackbone mlp => mlp.Input,
            ConvBackbone conv => conv.Input,
            _ => throw new ArgumentOutOfRangeException(nameof(backbone), backbone, "Unknown backbone."),
        };

        /// <summary>Floats per input row of <paramref name="backbone"/>.</summary>
        public static int InputWidthOf(Backbone backbone) => InputOf(backbone).Size;

        /// <summary>
        /// The epoch each block thaws (null: never): blocks named in <see cref="FineTuningSpec.Frozen"/> never; without
        /// gradual unfreezing every other block from epoch 0; with it, the k-th of the others counted from the top
        /// thaws at epoch k·EveryEpochs for k ≤ Blocks, the rest never.
        /// </summary>
        private static int?[] ThawEpochs(FineTuningSpec spec, IReadOnlyList<string> names)
        {
            var thaw = new int?[names.Count];
            var k = 0;
            for (var i = names.Count - 1; i >= 0; i--)
            {
                if (spec.Frozen.Contains(names[i])) continue;
                if (spec.Unfreezing is not { } gradual)
                {
                    thaw[i] = 0;
                    continue;
                }
                k++;
                if (k <= (gradual.Blocks ?? int.MaxValue)) thaw[i] = k * gradual.EveryEpochs;
            }
            return thaw;
        }

        private static double HeadRate(FineTuningSpec spec) =>
            spec.Rates is ExplicitRates e && e.Rates.FirstOrDefault(r => r.Layer == HeadBlock) is { } head ? head.LearningRate : spec.Optimizer.LearningRate;

        private static double[] Rates(FineTuningSpec spec, IReadOnlyList<string> names)
        {
            var rates = new double[names.Count];
            var baseRate = spec.Optimizer.LearningRate;
            for (var i = 0; i < names.Count; i++)
            {
                rates[i] = spec.Rates switch
                {
                    DiscriminativeRates d => baseRate / Math.Pow(d.Decay, names.Count - i),
                    ExplicitRates e when e.Rates.FirstOrDefault(r => r.Layer == names[i]) is { } rate => rate.LearningRate,
                    _ => baseRate,
                };
            }
            return rates;
        }

        /// <summary><c>block_3 lr 0.001, thaws at epoch 1</c>: one line per block for graphs and messages.</summary>
        public static string Describe(BlockPlan block) =>
            $"{block.Name}: lr {block.LearningRate.ToString("G6", CultureInfo.InvariantCulture)}, " +
            (block.ThawEpoch switch { null => "frozen", 0 => "trains from the start", { } e => $"thaws at epoch {e}" });
    }
}

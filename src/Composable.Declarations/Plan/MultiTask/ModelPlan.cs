using System.Collections.Generic;
using System.Linq;

namespace Composable
{
    /// <summary>Kinds of parameterised layer a plan can hold.</summary>
    public enum LayerKind
    {
        /// <summary>y = x Wᵀ + b; weight [Out, In], bias [Out].</summary>
        Linear,

        /// <summary>A lookup table; weight [In (entries), Out (width)].</summary>
        Embedding,

        /// <summary>
        /// <c>Stack</c> linear layers applied as one batched product to inputs [Stack, B, In]: weight
        /// [Stack, Out, In], bias [Stack, Out] (the experts of a mixture after their fused first layer).
        /// </summary>
        StackedLinear,

        /// <summary>A cross-stitch unit mixing In task columns (or sluice subspaces): weight [In, In], no bias.</summary>
        CrossStitch,

        /// <summary>Sluice layer-selection weights β: weight [Out (tasks), In (layers)], no bias.</summary>
        LayerSelection,

        /// <summary>A 3×3 convolution (padding 1) from In to Out channels: weight [Out, In, 3, 3], bias [Out].</summary>
        Conv2d,

        /// <summary>Batch normalisation of Out channels: weight [Out], bias [Out] (running statistics are buffers).</summary>
        BatchNorm,

        /// <summary>Layer normalisation over Out features: weight [Out], bias [Out].</summary>
        LayerNorm,

        /// <summary>
        /// A stack of <c>Stack</c> LSTM layers from In features to Out hidden units, PyTorch's parameters per layer k:
        /// <c>weight_ih_l{k}</c> [4·Out, In (k = 0) or Out], <c>weight_hh_l{k}</c> [4·Out, Out], <c>bias_ih_l{k}</c>
        /// [4·Out], <c>bias_hh_l{k}</c> [4·Out].
        /// </summary>
        Lstm,
    }

    /// <summary>One parameter tensor of a planned layer.</summary>
    /// <param name="Name">State-dict name, e.g. <c>trunk_0.weight</c>.</param>
    /// <param name="Shape">Tensor shape.</param>
    public sealed record ParameterPlan(string Name, ValueList<int> Shape)
    {
        /// <summary>Number of scalars.</summary>
        public long Count => Shape.Aggregate(1L, (n, d) => n * d);
    }

    /// <summary>The initial weights of a mixing unit: <paramref name="Self"/> on the diagonal, <paramref name="Others"/> elsewhere.</summary>
    /// <param name="Self">Weight of a column's (or subspace's) own activations.</param>
    /// <param name="Others">Weight of each other column's (or subspace's) activations.</param>
    public sealed record MixingPlan(double Self, double Others);

    /// <summary>One task as the network and its objective see it.</summary>
    /// <param name="Name">Task name as declared.</param>
    /// <param name="Index">Position in the declaration, which is the task's index in batches and outputs.</param>
    /// <param name="Loss">The loss the task is trained with: the declared one, or its target's default.</param>
    /// <param name="Weight">The task's weight in the objective.</param>
    /// <param name="OutputWidth">Width of the task's head output.</param>
    public sealed record TaskPlan(string Name, int Index, Loss Loss, double Weight, int OutputWidth);

    /// <summary>One parameterised layer: its state-dict name, kind and sizes.</summary>
    /// <param name="Name">Field and state-dict name (snake_case), e.g. <c>income_head</c>.</param>
    /// <param name="Kind">Linear or embedding.</param>
    /// <param name="In">Input features (entries of an embedding).</param>
    /// <param name="Out">Output features (width of an embedding).</param>
    /// <param name="Bias">Whether a linear layer has a bias.</param>
    /// <param name="Stack">Number of stacked layers of a <see cref="LayerKind.StackedLinear"/> or <see cref="LayerKind.Lstm"/>; 1 otherwise.</param>
    /// <param name="Mixing">The initial mixing weights of a <see cref="LayerKind.CrossStitch"/> unit (cross-stitch or sluice); null otherwise.</param>
    public sealed record LayerPlan(string Name, LayerKind Kind, int In, int Out, bool Bias = true, int Stack = 1, MixingPlan? Mixing = null)
    {
        /// <summary>The layer's parameters in registration order.</summary>
        public ValueList<ParameterPlan> Parameters => Kind switch
        {
            LayerKind.Embedding => ValueList.Of(new ParameterPlan(Name + ".weight", ValueList.Of(In, Out))),
            LayerKind.CrossStitch => ValueList.Of(new ParameterPlan(Name + ".weight", ValueList.Of(In, In))),
            LayerKind.LayerSelection => ValueList.Of(new ParameterPlan(Name + ".weight", ValueList.Of(Out, In))),
            LayerKind.StackedLinear => ValueList.Of(
                new ParameterPlan(Name + ".weight", ValueList.Of(Stack, Out, In)), new ParameterPlan(Name + ".bias", ValueList.Of(Stack, Out))),
            LayerKind.Conv2d => ValueList.Of(
                new ParameterPlan(Name + ".weight", ValueList.Of(Out, In, 3, 3)), new ParameterPlan(Name + ".bias", ValueList.Of(Out))),
            LayerKind.BatchNorm or LayerKind.LayerNorm => ValueList.Of(
                new ParameterPlan(Name + ".weight", ValueList.Of(Out)), new ParameterPlan(Name + ".bias", ValueList.Of(Out))),
            LayerKind.Lstm => ValueList.From(Enumerable.Range(0, Stack).SelectMany(k => new[]
            {
                new ParameterPlan($"{Name}.weight_ih_l{k}", ValueList.Of(4 * Out, k == 0 ? In : Out)),
                new ParameterPlan($"{Name}.weight_hh_l{k}", ValueList.Of(4 * Out, Out)),
                new ParameterPlan($"{Name}.bias_ih_l{k}", ValueList.Of(4 * Out)),
                new ParameterPlan($"{Name}.bias_hh_l{k}", ValueList.Of(4 * Out)),
            })),
            _ => Bias
                ? ValueList.Of(new ParameterPlan(Name + ".weight", ValueList.Of(Out, In)), new ParameterPlan(Name + ".bias", ValueList.Of(Out)))
                : ValueList.Of(new ParameterPlan(Name + ".weight", ValueList.Of(Out, In))),
        };

        /// <summary><c>Linear(64 -> 32)</c>, <c>Linear(3 -> 32, no bias)</c>, <c>Embedding(3 x 8)</c>, <c>StackedLinear(8 x 16 -> 16)</c>, <c>LSTM(21 -> 32, 1 layer)</c>.</summary>
        public string Signature => Kind switch
        {
            LayerKind.Embedding => $"Embedding({In} x {Out})",
            LayerKind.StackedLinear => $"StackedLinear({Stack} x {In} -> {Out})",
            LayerKind.CrossStitch => $"CrossStitch({In} columns)",
            LayerKind.LayerSelection => $"LayerSelection({Out} tasks x {In} layers)",
            LayerKind.Conv2d => $"Conv2d({In} -> {Out}, 3x3, padding 1)",
            LayerKind.BatchNorm => $"BatchNorm2d({Out})",
            LayerKind.LayerNorm => $"LayerNorm({Out})",
            LayerKind.Lstm => $"LSTM({In} -> {Out}, {Stack} layer{(Stack == 1 ? "" : "s")})",
            _ => $"Linear({In} -> {Out}{(Bias ? "" : ", no bias")})",
        };
    }

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
        /// tower): independent towers share nothing. Every other topology shares one (<see cref="LayerNames.Backbone"/>).
        /// </summary>
        public bool BackbonePerTask => Backbone is not null && Spec.Sharing is Independent;

        /// <summary>Width of what the topology's first layers read: the backbone's embedding, or the input.</summary>
        public int TopologyInputWidth => Backbone is { } conv ? FewShotPlan.EmbeddingWidthOf(conv) : Spec.Input.Width;

        /// <summary>Plans a valid declaration (run <see cref="MultiTaskRules.Validate"/> first).</summary>
        public static ModelPlan For(MultiTaskSpec spec)
        {
            var layers = new List<LayerPlan>();
            var input = spec.Input.Width;
            if (spec.Backbone is ConvBackbone conv && spec.Sharing is not Independent)
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
                    foreach (var task in spec.Tasks)
                        AddTowerAndHead(layers, task, input, stitch.Layers);
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

    /// <summary>The state-dict naming convention, shared by the generator and the interpreter.</summary>
    public static class LayerNames
    {
        /// <summary>Learned task embedding of a task-conditioned network.</summary>
        public const string TaskEmbedding = "task_embedding";

        /// <summary>The one head of a task-conditioned network with a shared output.</summary>
        public const string SharedHead = "head";

        /// <summary>The convolutional backbone every task reads through (a <c>ConvEmbedding</c> child: <c>backbone.block_0.conv</c>…).</summary>
        public const string Backbone = "backbone";

        /// <summary>A task's own copy of the backbone (independent towers): <c>price_backbone.block_0.conv</c>….</summary>
        public static string TaskBackbone(string task) => $"{Naming.ToSnakeCase(task)}_backbone";

        /// <summary>Shared trunk layer <paramref name="index"/>.</summary>
        public static string Trunk(int index) => $"trunk_{index}";

        /// <summary>Hidden layer <paramref name="index"/> of a task-conditioned network.</summary>
        public static string Hidden(int index) => $"layer_{index}";

        /// <summary>Projection of z that conditions hidden layer <paramref name="index"/>.</summary>
        public static string Conditioner(int index) => $"layer_{index}_condition";

        /// <summary>Layer <paramref name="index"/> of a task's own tower.</summary>
        public static string Tower(string task, int index) => $"{Naming.ToSnakeCase(task)}_tower_{index}";

        /// <summary>Layer <paramref name="index"/> of all experts of a mixture level: <c>experts_0</c>, or <c>level_1_experts_0</c> with several levels.</summary>
        public static string Experts(MixtureOfExperts mixture, int level, int index) => $"{Level(mixture, level)}experts_{index}";

        /// <summary>The one gate of a single-gate mixture level.</summary>
        public static string Gate(MixtureOfExperts mixture, int level) => $"{Level(mixture, level)}gate";

        /// <summary>
        /// The gates of all tasks of an MMoE as one layer: <c>task_gates.weight</c> [tasks·experts, in], rows
        /// t·experts … (t+1)·experts − 1 being task t's gate (tasks in declaration order); see <see cref="ModelPlan.FusesGates"/>.
        /// </summary>
        public const string TaskGates = "task_gates";

        /// <summary>A task's gate at a mixture level.</summary>
        public static string Gate(MixtureOfExperts mixture, int level, string task) => $"{Level(mixture, level)}{Naming.ToSnakeCase(task)}_gate";

        /// <summary>The gate that feeds the next PLE level's shared experts (not <c>shared_gate</c>: a task may be called Shared).</summary>
        public static string SharedGate(MixtureOfExperts mixture, int level) => $"{Level(mixture, level)}gate_for_shared";

        private static string Level(MixtureOfExperts mixture, int level) => mixture.Levels > 1 ? $"level_{level}_" : "";

        /// <summary>The sluice network's layer-selection weights β.</summary>
        public const string LayerSelection = "layer_selection";

        /// <summary>The sluice α unit after column layer <paramref name="index"/>.</summary>
        public static string Sluice(int index) => $"sluice_{index}";

        /// <summary>The cross-stitch unit after column layer <paramref name="index"/>.</summary>
        public static string CrossStitch(int index) => $"cross_stitch_{index}";

        /// <summary>A task's output layer.</summary>
        public static string Head(string task) => $"{Naming.ToSnakeCase(task)}_head";
    }
}

using System.Collections.Generic;
using System.Linq;

namespace Composable
{
    /// <summary>The state-dict naming convention, shared by the generator and the interpreter.</summary>
    public static class LayerNames
    {
        /// <summary>Learned task embedding of a task-conditioned network.</summary>
        public const string TaskEmbedding = "task_embedding";

        /// <summary>The one head of a task-conditioned network with a shared output.</summary>
        public const string SharedHead = "head";

        /// <summary>The convolutional backbone every task reads through (a <c>ConvEmbedding</c> child: <c>backbone.block_0.conv</c>…).</summary>
        public const string Backbone = "backbone";

        /// <summary>A task's own copy of the backbone (independent towers, cross-stitched columns): <c>price_backbone.block_0.conv</c>….</summary>
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

        /// <summary>The cross-stitch unit after backbone block <paramref name="index"/> of every task's column.</summary>
        public static string BlockCrossStitch(int index) => $"cross_stitch_block_{index}";

        /// <summary>A task's output layer.</summary>
        public static string Head(string task) => $"{Naming.ToSnakeCase(task)}_head";
    }
}

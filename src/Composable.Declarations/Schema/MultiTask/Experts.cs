namespace Composable
{
    /// <summary>
    /// Shared experts mixed by softmax gates. One record covers the family: one gate for all tasks (OMoE), one gate
    /// per task (MMoE, Ma et al. 2018), shared plus task-specific experts with per-task gates (CGC), and stacked CGC
    /// levels with a shared gate between them (PLE, Tang et al. 2020). Experts are computed in fused form: the first
    /// expert layer of all experts is one matrix product, later layers a batched product over stacked weights.
    /// </summary>
    /// <param name="Experts">Shared experts per level; positive.</param>
    /// <param name="ExpertLayers">Hidden widths of each expert, input side first; at least one.</param>
    /// <param name="TowerLayers">Hidden widths of each task's tower between its mixture and its head; none by default.</param>
    /// <param name="Gating">One gate for all tasks, or a gate per task.</param>
    /// <param name="TaskExperts">Experts of each task's own per level (CGC/PLE); 0 for shared experts only.</param>
    /// <param name="Levels">Extraction levels; above 1 is PLE and needs task experts.</param>
    public sealed record MixtureOfExperts(
        int Experts,
        ValueList<int> ExpertLayers,
        ValueList<int>? TowerLayers = null,
        Gating Gating = Gating.PerTask,
        int TaskExperts = 0,
        int Levels = 1) : Sharing
    {
        /// <summary>Hidden widths of each task's tower; empty when only a head follows the mixture.</summary>
        public ValueList<int> TowerLayers { get; init; } = TowerLayers ?? ValueList<int>.Empty;

        /// <summary>All experts of one level: the shared ones, then each task's own, task by task.</summary>
        public int ExpertsPerLevel(int tasks) => Experts + tasks * TaskExperts;

        /// <summary>Experts a task's gate mixes: all of the level's without task experts, else the shared ones and the task's own.</summary>
        public int GatedExperts(int tasks) => TaskExperts > 0 ? Experts + TaskExperts : ExpertsPerLevel(tasks);
    }

    /// <summary>How many gates a mixture of experts has.</summary>
    public enum Gating
    {
        /// <summary>One gate per task (MMoE, CGC, PLE).</summary>
        PerTask,

        /// <summary>One gate shared by all tasks (OMoE).</summary>
        Single,
    }
}

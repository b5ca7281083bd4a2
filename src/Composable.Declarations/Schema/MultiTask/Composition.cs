namespace Composable
{
    /// <summary>
    /// A stack of topologies: a hard-shared trunk, run once for all tasks, whose output is the input of
    /// <paramref name="Then"/>, e.g. a shared trunk then a mixture of experts. <paramref name="Then"/> may be a
    /// <see cref="MixtureOfExperts"/>, <see cref="CrossStitch"/> or <see cref="Sluice"/>; other stacks are diagnostics.
    /// </summary>
    /// <param name="Trunk">Hidden widths of the shared trunk, input side first; at least one.</param>
    /// <param name="Then">The topology that reads the trunk's output.</param>
    public sealed record Composition(ValueList<int> Trunk, Sharing Then) : Sharing
    {
        /// <summary>The topology on top of the trunk of <paramref name="sharing"/> if it is a composition, else <paramref name="sharing"/> itself.</summary>
        public static Sharing Top(Sharing sharing) => sharing is Composition c ? c.Then : sharing;
    }
}

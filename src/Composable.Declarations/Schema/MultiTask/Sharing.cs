namespace Composable
{
    /// <summary>How the tasks share parameters.</summary>
    public abstract record Sharing
    {
        private protected Sharing()
        {
        }
    }

    /// <summary>
    /// One network per task, nothing shared: the baseline every other topology is compared with.
    /// </summary>
    /// <param name="Layers">Hidden widths of each task's tower, input side first.</param>
    public sealed record Independent(ValueList<int> Layers) : Sharing;

    /// <summary>Hard parameter sharing: a shared trunk, then a small tower and a head per task.</summary>
    /// <param name="Trunk">Hidden widths of the shared trunk, input side first; at least one.</param>
    /// <param name="Towers">Hidden widths of each task's tower between trunk and head; none by default.</param>
    public sealed record HardSharing(ValueList<int> Trunk, ValueList<int>? Towers = null) : Sharing
    {
        /// <summary>Hidden widths of each task's tower; empty when only a head follows the trunk.</summary>
        public ValueList<int> Towers { get; init; } = Towers ?? ValueList<int>.Empty;
    }

    /// <summary>
    /// One network for all tasks, told which task it computes by a task descriptor z joined at the declared
    /// hidden layers.
    /// </summary>
    /// <param name="Layers">Hidden widths, input side first; at least one.</param>
    /// <param name="Conditioning">How z joins a layer: concatenated to its input, an additive bias on its
    /// pre-activation, or a FiLM-style multiplicative gate and shift.</param>
    /// <param name="Descriptor">How z is made from the task index; one-hot by default.</param>
    /// <param name="At">Indices into <paramref name="Layers"/> where z joins; the first layer by default.</param>
    /// <param name="Output">One shared head (all tasks must have the same output width) or a head per task.</param>
    public sealed record TaskConditioned(
        ValueList<int> Layers,
        Conditioning Conditioning,
        TaskDescriptor? Descriptor = null,
        ValueList<int>? At = null,
        TaskOutput Output = TaskOutput.PerTaskHeads) : Sharing
    {
        /// <summary>The descriptor; <see cref="OneHot"/> when none was declared.</summary>
        public TaskDescriptor Descriptor { get; init; } = Descriptor ?? new OneHot();

        /// <summary>Indices of conditioned layers; <c>[0]</c> when none were declared.</summary>
        public ValueList<int> At { get; init; } = At ?? ValueList.Of(0);
    }

    /// <summary>How a task descriptor joins a conditioned layer.</summary>
    public enum Conditioning
    {
        /// <summary>z is concatenated to the layer's input.</summary>
        Concatenation,

        /// <summary>A learned projection of z is added to the layer's pre-activation.</summary>
        Additive,

        /// <summary>FiLM: pre-activation a becomes a·(1 + γ(z)) + β(z), γ and β learned projections of z.</summary>
        Multiplicative,
    }

    /// <summary>Where the task outputs come from in a task-conditioned network.</summary>
    public enum TaskOutput
    {
        /// <summary>A separate head per task.</summary>
        PerTaskHeads,

        /// <summary>One head for all tasks; the task is known only through z.</summary>
        SharedHead,
    }

    /// <summary>How the task descriptor z is made from the task index.</summary>
    public abstract record TaskDescriptor
    {
        private protected TaskDescriptor()
        {
        }
    }

    /// <summary>z is the one-hot vector of the task index (width: number of tasks).</summary>
    public sealed record OneHot() : TaskDescriptor;

    /// <summary>z is a learned embedding of the task index.</summary>
    /// <param name="Width">Embedding width; positive.</param>
    public sealed record LearnedEmbedding(int Width) : TaskDescriptor;
}

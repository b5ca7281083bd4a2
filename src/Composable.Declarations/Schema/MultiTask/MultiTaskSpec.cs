namespace Composable
{
    /// <summary>A multi-task model declaration: the value the generator compiles and the run time interprets.</summary>
    /// <param name="Input">The input every task reads.</param>
    /// <param name="Tasks">The tasks, at least one; names unique.</param>
    /// <param name="Sharing">The sharing topology.</param>
    /// <param name="Objective">How task losses combine; a weighted sum over all tasks by default.</param>
    /// <param name="Optimizer">The optimiser; Adam with learning rate 1e-3 by default.</param>
    /// <param name="Activation">Hidden-layer nonlinearity.</param>
    /// <param name="Dropout">Dropout probability after every hidden layer, in [0, 1).</param>
    /// <param name="Backbone">
    /// An image backbone the examples go through before the sharing topology, or null (the topology reads the input
    /// itself). A <see cref="ConvBackbone"/> reads rows of <c>Input.Width</c> = C·H·W floats and hands the topology its
    /// flattened last feature map. Independent towers give every task its own copy (<c>{task}_backbone</c>); every other
    /// topology shares one (<c>backbone</c>).
    /// </param>
    public sealed record MultiTaskSpec(
        InputShape Input,
        ValueList<TaskSpec> Tasks,
        Sharing Sharing,
        Objective? Objective = null,
        Optimizer? Optimizer = null,
        Activation Activation = Activation.Relu,
        double Dropout = 0.0,
        Backbone? Backbone = null)
    {
        /// <summary>The objective; <see cref="WeightedSum"/> over all tasks when none was declared.</summary>
        public Objective Objective { get; init; } = Objective ?? new WeightedSum();

        /// <summary>The optimiser; <see cref="Adam"/> when none was declared.</summary>
        public Optimizer Optimizer { get; init; } = Optimizer ?? new Adam();
    }
}

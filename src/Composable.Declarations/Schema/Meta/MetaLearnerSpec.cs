namespace Composable
{
    /// <summary>
    /// A gradient-based meta-learning declaration: an MLP (hidden layers <c>layer_0</c>, <c>layer_1</c>, … and an
    /// output layer <c>head</c>, named like a PyTorch state dict), the episodes it learns from, the meta-learner and
    /// the outer optimiser.
    /// </summary>
    /// <param name="Input">Input features of every example.</param>
    /// <param name="Layers">Hidden widths, input side first; may be empty (then the head is the whole network).</param>
    /// <param name="Outputs">Width of the head: regressed values, or the number of ways for classification.</param>
    /// <param name="Episodes">How tasks present themselves: support and query sizes, ways for classification.</param>
    /// <param name="Learner">The meta-learner: MAML, Reptile, Meta-SGD or ANIL.</param>
    /// <param name="Outer">The outer (meta) optimiser; Adam with learning rate 1e-3 by default.</param>
    /// <param name="Activation">Hidden-layer nonlinearity.</param>
    /// <param name="Adapt">
    /// Which parameters the inner loop adapts: layer names (<c>layer_1</c>, <c>head</c>) or parameter names
    /// (<c>head.bias</c>). By default every layer, or only <c>head</c> for <see cref="Anil"/>.
    /// </param>
    public sealed record MetaLearnerSpec(
        Features Input,
        ValueList<int> Layers,
        int Outputs,
        Episodes Episodes,
        MetaLearner Learner,
        Optimizer? Outer = null,
        Activation Activation = Activation.Relu,
        ValueList<string>? Adapt = null)
    {
        /// <summary>The outer optimiser; <see cref="Adam"/> when none was declared.</summary>
        public Optimizer Outer { get; init; } = Outer ?? new Adam();

        /// <summary>The adapted selection; every layer (ANIL: <c>head</c>) when none was declared.</summary>
        public ValueList<string> Adapt { get; init; } = Adapt ?? MetaPlan.DefaultAdapt(Layers, Learner);
    }
}

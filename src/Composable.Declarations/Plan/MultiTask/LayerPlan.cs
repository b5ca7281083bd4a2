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

        /// <summary>A Kernel×Kernel convolution (stride 1, zero padding Padding) from In to Out channels: weight [Out, In, Kernel, Kernel], bias [Out].</summary>
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

        /// <summary>Group normalisation of Out channels in Groups groups: weight [Out], bias [Out].</summary>
        GroupNorm,
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
    /// <param name="Kernel">Side of a <see cref="LayerKind.Conv2d"/>'s square kernel.</param>
    /// <param name="Padding">Zero padding on every side of a <see cref="LayerKind.Conv2d"/>'s input.</param>
    /// <param name="Groups">Groups of a <see cref="LayerKind.GroupNorm"/>.</param>
    public sealed record LayerPlan(string Name, LayerKind Kind, int In, int Out, bool Bias = true, int Stack = 1, MixingPlan? Mixing = null,
        int Kernel = 3, int Padding = 1, int Groups = 1)
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
                new ParameterPlan(Name + ".weight", ValueList.Of(Out, In, Kernel, Kernel)), new ParameterPlan(Name + ".bias", ValueList.Of(Out))),
            LayerKind.BatchNorm or LayerKind.LayerNorm or LayerKind.GroupNorm => ValueList.Of(
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
            LayerKind.Conv2d => $"Conv2d({In} -> {Out}, {Kernel}x{Kernel}, padding {Padding})",
            LayerKind.GroupNorm => $"GroupNorm({Out}, {Groups} group{(Groups == 1 ? "" : "s")})",
            LayerKind.BatchNorm => $"BatchNorm2d({Out})",
            LayerKind.LayerNorm => $"LayerNorm({Out})",
            LayerKind.Lstm => $"LSTM({In} -> {Out}, {Stack} layer{(Stack == 1 ? "" : "s")})",
            _ => $"Linear({In} -> {Out}{(Bias ? "" : ", no bias")})",
        };
    }
}

namespace Composable
{
    /// <summary>
    /// A transfer-learning declaration: a network pretrained elsewhere (<paramref name="Source"/>) adapted to
    /// <paramref name="Tasks"/> by fine-tuning φ ← θ − α∇L_target. The source's layers are grouped into blocks, bottom
    /// (input side) to top; each target task gets a head on the source's top. The declaration says which blocks are
    /// frozen (no gradient, not in the optimiser), how they unfreeze, the learning rate of each block and how the
    /// rate changes over the run.
    /// </summary>
    /// <param name="Source">The network whose layers are reused: a declared backbone, or a hard-sharing multi-task model's trunk.</param>
    /// <param name="Tasks">The target tasks, at least one; names unique.</param>
    /// <param name="Head">Keep the source's head of a same-named task with the same outputs, or start each head afresh.</param>
    /// <param name="Frozen">Blocks that stay frozen for the whole run (a linear probe freezes every block); none by default.</param>
    /// <param name="Unfreezing">Gradual unfreezing (every block starts frozen; the top one thaws first); none by default.</param>
    /// <param name="Rates">Per-block learning rates: explicit, or discriminative (decaying going down); the optimiser's rate everywhere by default.</param>
    /// <param name="Schedule">Warm-up, then cosine or step decay of every rate; constant rates by default.</param>
    /// <param name="Optimizer">The optimiser; its learning rate is the heads' (the base rate). Adam with learning rate 1e-3 by default.</param>
    /// <param name="Sampling">Which target tasks a step draws a batch from (the objective is the weighted sum of their losses).</param>
    public sealed record FineTuningSpec(
        TransferSource Source,
        ValueList<TaskSpec> Tasks,
        HeadInitialisation Head = HeadInitialisation.Reinitialise,
        ValueList<string>? Frozen = null,
        GradualUnfreezing? Unfreezing = null,
        LayerRates? Rates = null,
        LearningRateSchedule? Schedule = null,
        Optimizer? Optimizer = null,
        TaskSampling Sampling = TaskSampling.AllTasks)
    {
        /// <summary>Blocks frozen for the whole run; empty when none were declared.</summary>
        public ValueList<string> Frozen { get; init; } = Frozen ?? ValueList<string>.Empty;

        /// <summary>The optimiser; <see cref="Adam"/> when none was declared.</summary>
        public Optimizer Optimizer { get; init; } = Optimizer ?? new Adam();
    }

    /// <summary>Where the reused layers come from.</summary>
    public abstract record TransferSource
    {
        private protected TransferSource()
        {
        }
    }

    /// <summary>
    /// A declared backbone (<see cref="MlpBackbone"/> or <see cref="ConvBackbone"/>): its layers <c>layer_i</c> or
    /// blocks <c>block_i</c> are the blocks; each target head is a linear layer on its embedding. Its pretrained
    /// weights come from a checkpoint at run time.
    /// </summary>
    /// <param name="Backbone">The backbone, as declared for the network that was pretrained.</param>
    /// <param name="Tasks">The tasks the source was trained on, whose heads a checkpoint of it holds (for <see cref="HeadInitialisation.Keep"/>); none by default.</param>
    public sealed record BackboneSource(Backbone Backbone, ValueList<TaskSpec>? Tasks = null) : TransferSource
    {
        /// <summary>The source's tasks; empty when none were declared.</summary>
        public ValueList<TaskSpec> Tasks { get; init; } = Tasks ?? ValueList<TaskSpec>.Empty;
    }

    /// <summary>
    /// The trunk of a hard-sharing multi-task model: its trunk layers <c>trunk_i</c> are the blocks; each target task
    /// gets the source's tower shape and a head, under the same state-dict names, so a checkpoint of the source loads
    /// by name.
    /// </summary>
    /// <param name="Network">The source declaration (usually a reference to its field); its sharing must be <see cref="HardSharing"/>.</param>
    public sealed record TrunkSource(MultiTaskSpec Network) : TransferSource;

    /// <summary>What the target's heads start from.</summary>
    public enum HeadInitialisation
    {
        /// <summary>Every head starts afresh (random initialisation), whatever the source held.</summary>
        Reinitialise,

        /// <summary>Each target task takes the source's head of the same name, which must have the same outputs.</summary>
        Keep,
    }

    /// <summary>
    /// Gradual unfreezing (Howard and Ruder 2018, ULMFiT): every block starts frozen and the heads train alone; after
    /// every <paramref name="EveryEpochs"/> epochs one more block thaws, the top one first, until
    /// <paramref name="Blocks"/> blocks train. Blocks named in <see cref="FineTuningSpec.Frozen"/> never thaw.
    /// </summary>
    /// <param name="EveryEpochs">Epochs between thaws; positive.</param>
    /// <param name="Blocks">Blocks that thaw in all, top down; every block that is not frozen for good when omitted.</param>
    public sealed record GradualUnfreezing(int EveryEpochs = 1, int? Blocks = null);

    /// <summary>Learning rates per block.</summary>
    public abstract record LayerRates
    {
        private protected LayerRates()
        {
        }
    }

    /// <summary>
    /// Discriminative fine-tuning (Howard and Ruder 2018): the heads train at the optimiser's rate η, the top block at
    /// η / <paramref name="Decay"/>, the next at η / <paramref name="Decay"/>², and so on down.
    /// </summary>
    /// <param name="Decay">Factor between neighbouring blocks; finite and positive (2.6 in ULMFiT).</param>
    public sealed record DiscriminativeRates(double Decay = 2.6) : LayerRates;

    /// <summary>Explicit rates for named blocks (or <c>head</c>); the others train at the optimiser's rate.</summary>
    /// <param name="Rates">A rate per named block; each block at most once.</param>
    public sealed record ExplicitRates(ValueList<LayerRate> Rates) : LayerRates;

    /// <summary>One block's learning rate.</summary>
    /// <param name="Layer">A block name (<c>block_0</c>, <c>layer_1</c>, <c>trunk_0</c>…) or <c>head</c> for every head.</param>
    /// <param name="LearningRate">Its rate; finite and positive.</param>
    public sealed record LayerRate(string Layer, double LearningRate);
}

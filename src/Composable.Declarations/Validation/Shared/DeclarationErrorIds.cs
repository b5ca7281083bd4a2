namespace Composable
{
    /// <summary>
    /// The diagnostic ids of declaration errors. The ids are shipped: never renumber, only add; every id has an entry in
    /// <see cref="DiagnosticCatalog"/>. CMP0001, CMP0002, CMP0014, CMP0015 and CMP0090 are reported by the generator alone (they
    /// concern source code, not values).
    /// </summary>
    public static class DeclarationErrorIds
    {
        /// <summary>An initializer expression the generator cannot evaluate.</summary>
        public const string Unevaluable = "CMP0001";

        /// <summary>The declaring type (or a containing type) is not partial.</summary>
        public const string NotPartial = "CMP0002";

        /// <summary>The declaration has no tasks.</summary>
        public const string NoTasks = "CMP0003";

        /// <summary>Two tasks share a name (also after conversion to snake_case parameter names).</summary>
        public const string DuplicateTaskName = "CMP0004";

        /// <summary>A task name is not a valid C# identifier, or is reserved by the generated code.</summary>
        public const string InvalidTaskName = "CMP0005";

        /// <summary>A width (input, layer, embedding) is not positive.</summary>
        public const string NonPositiveWidth = "CMP0006";

        /// <summary>A target's outputs, classes or labels are out of range.</summary>
        public const string InvalidTargetSize = "CMP0007";

        /// <summary>A task weight is not finite or not positive.</summary>
        public const string InvalidWeight = "CMP0008";

        /// <summary>Conditioning options that do not fit the topology.</summary>
        public const string InvalidConditioning = "CMP0009";

        /// <summary>A loss that does not fit the task's target kind.</summary>
        public const string LossDoesNotFitTarget = "CMP0010";

        /// <summary>Dropout outside [0, 1).</summary>
        public const string InvalidDropout = "CMP0011";

        /// <summary>An optimiser hyperparameter out of range.</summary>
        public const string InvalidOptimizer = "CMP0012";

        /// <summary>A topology that needs at least one layer has none.</summary>
        public const string MissingLayers = "CMP0013";

        /// <summary>A [MultiTaskModel] class without exactly one static readonly MultiTaskSpec field with an initializer.</summary>
        public const string MissingDeclaration = "CMP0014";

        /// <summary>
        /// The declaring type (or a type containing it) has a name the generated code declares or reads otherwise (a
        /// generated member such as <c>Model</c>, a type such as <c>Tensor</c>, or <c>var</c>), so it would capture it.
        /// </summary>
        public const string NameClash = "CMP0015";

        /// <summary>A meta-learner's inner steps are not positive.</summary>
        public const string InvalidInnerSteps = "CMP0020";

        /// <summary>A meta-learner's inner learning rate is not finite and positive.</summary>
        public const string InvalidInnerLearningRate = "CMP0021";

        /// <summary>A meta-learner's meta-batch is not positive.</summary>
        public const string InvalidMetaBatch = "CMP0022";

        /// <summary>Tasks per pass below 1 or above the meta-batch.</summary>
        public const string InvalidTasksPerPass = "CMP0029";

        /// <summary>Few-shot classification with fewer than 2 ways.</summary>
        public const string TooFewWays = "CMP0023";

        /// <summary>Episodes with fewer than 1 support example (per class).</summary>
        public const string InvalidShots = "CMP0024";

        /// <summary>Episodes with an empty query set.</summary>
        public const string EmptyQuery = "CMP0025";

        /// <summary>An adapted-parameter selection (or one of its entries) that matches no parameter.</summary>
        public const string AdaptMatchesNothing = "CMP0026";

        /// <summary>ANIL adapting body parameters, or ANIL without a body below its head.</summary>
        public const string AnilAdaptsBody = "CMP0027";

        /// <summary>A classification head whose outputs differ from the episodes' ways.</summary>
        public const string OutputsDoNotFitEpisodes = "CMP0028";

        // Sharing topologies (release 0.3.0): ids from CMP0040 upward.

        /// <summary>A mixture of experts with no shared experts, or a negative number of task experts.</summary>
        public const string InvalidExpertCount = "CMP0040";

        /// <summary>Mixture levels below 1, or several levels without task experts.</summary>
        public const string InvalidLevels = "CMP0041";

        /// <summary>A single gate declared for a mixture that has task-specific experts.</summary>
        public const string InvalidGating = "CMP0042";

        /// <summary>A soft-sharing strength λ that is negative or not finite.</summary>
        public const string InvalidSharingStrength = "CMP0043";

        /// <summary>A soft-sharing or cross-stitch layer index that does not exist or repeats, or an empty list of them.</summary>
        public const string InvalidLayerIndex = "CMP0044";

        /// <summary>A cross-stitch initialisation outside [0, 1], or whose rows do not sum to 1.</summary>
        public const string InvalidMixingInit = "CMP0045";

        /// <summary>Sluice subspaces below 1, or a layer width they do not divide.</summary>
        public const string InvalidSubspaces = "CMP0046";

        /// <summary>A composition whose upper topology cannot follow a shared trunk (or is itself a composition).</summary>
        public const string InvalidComposition = "CMP0047";

        // Few-shot learners (release 0.4.0): ids from CMP0060 upward.

        /// <summary>A few-shot learner declared with episodes that are not classification.</summary>
        public const string FewShotNeedsClassification = "CMP0060";

        /// <summary>A convolutional backbone whose pooling blocks do not fit the image (or fewer than 1 block).</summary>
        public const string BackboneDoesNotFitImage = "CMP0061";

        /// <summary>A few-shot learner setting out of range: a cosine scale, attention heads, reader layers.</summary>
        public const string InvalidLearnerSetting = "CMP0062";

        // Objectives (release 0.6.0): ids from CMP0070 upward.

        /// <summary>An objective's hyper-parameter out of range: a DWA temperature, CAGrad's c, GradNorm's α, GradVac's β, Nash-MTL's settings.</summary>
        public const string InvalidObjectiveSetting = "CMP0070";

        /// <summary>A gradient-combination method or GradNorm on a topology whose tasks share no parameters.</summary>
        public const string ObjectiveNeedsSharedParameters = "CMP0071";

        /// <summary>An adaptive objective (every one but uncertainty weighting and GLS) declared with a single task.</summary>
        public const string ObjectiveNeedsTwoTasks = "CMP0072";

        /// <summary>MGDA-UB on a topology without one shared representation feeding every task (only hard sharing has one).</summary>
        public const string UpperBoundNeedsSharedRepresentation = "CMP0073";

        // Transfer learning (release 0.7.0): ids from CMP0080 upward.

        /// <summary>A transfer source that cannot be reused: a multi-task source without a hard-sharing trunk.</summary>
        public const string InvalidTransferSource = "CMP0080";

        /// <summary>A fine-tuning declaration naming a block (frozen, or given a rate) that the source does not have, or naming one twice.</summary>
        public const string UnknownBlock = "CMP0081";

        /// <summary>A gradual-unfreezing schedule that thaws past the bottom block, or thaws nothing, or every non-positive number of epochs.</summary>
        public const string InvalidUnfreezing = "CMP0082";

        /// <summary>A per-block learning rate, or a discriminative decay, that is not finite and positive.</summary>
        public const string InvalidBlockRate = "CMP0083";

        /// <summary>A head kept for a target task that the source has no head for, or whose outputs differ from the source's.</summary>
        public const string HeadDoesNotFit = "CMP0084";

        /// <summary>A learning-rate schedule out of range: steps, warm-up, final factor, step size or gamma.</summary>
        public const string InvalidSchedule = "CMP0085";

        // Internal errors of Composable itself: ids from CMP0090 upward.

        /// <summary>The generator was asked to report an id that is not in <see cref="DiagnosticCatalog"/> (a bug in Composable).</summary>
        public const string UnknownDiagnosticId = "CMP0090";

        // Backbones of multi-task declarations (issue 13): ids from CMP0091 upward (CMP0090 stays the internal error).

        /// <summary>A declaration (multi-task or meta-learner) whose input width differs from its convolutional backbone's image size, Channels·Height·Width.</summary>
        public const string ImageDoesNotFitInput = "CMP0091";

        /// <summary>A multi-task backbone that is not a <c>ConvBackbone</c>, or one on a source that cannot carry it yet.</summary>
        public const string BackboneNotSupported = "CMP0092";

        // Convolutional meta-learners: ids from CMP0100 upward. CMP0100 is retired: a meta-learner's input width that
        // differs from its backbone's image size is CMP0091, the same rule as in multi-task declarations.

        /// <summary>A meta-learner with a convolutional backbone that also declares hidden MLP layers.</summary>
        public const string ConvBackboneWithLayers = "CMP0101";

        /// <summary>A meta-learner backbone that is not a convolutional backbone (a meta-learner's MLP is declared by Input and Layers).</summary>
        public const string BackboneDoesNotFitLearner = "CMP0102";

        /// <summary>A convolutional block's kernel, padding, pooling, norm or readout out of range.</summary>
        public const string InvalidConvBlock = "CMP0103";

        /// <summary>Group norm whose groups do not divide the block channels (or fewer than 1 group).</summary>
        public const string NormGroupsDoNotDivide = "CMP0104";
    }
}

using System.Collections.Generic;
using System.Linq;

namespace Composable
{
    /// <summary>How seriously a diagnostic is reported.</summary>
    public enum DiagnosticLevel
    {
        /// <summary>The declaration cannot be compiled or run.</summary>
        Error,

        /// <summary>The declaration works but probably not as meant.</summary>
        Warning,
    }

    /// <summary>One diagnostic of the catalog.</summary>
    /// <param name="Id">The shipped id, <c>CMP0001</c>…; never renumbered.</param>
    /// <param name="Title">A short title, also the note in <c>AnalyzerReleases.*.md</c>.</param>
    /// <param name="Level">How seriously it is reported.</param>
    /// <param name="MessageFormat">
    /// The message format; <c>{0}</c> for the rules' ids, whose messages are finished sentences naming the argument and its values.
    /// </param>
    public sealed record DiagnosticEntry(string Id, string Title, DiagnosticLevel Level, string MessageFormat)
    {
        /// <summary>The anchor of this id's entry in <c>docs/diagnostics.md</c>: the id in lower case.</summary>
        public string Anchor => Id.ToLowerInvariant();

        /// <summary>Where this id is explained: its anchor in <c>docs/diagnostics.md</c>.</summary>
        public string HelpLink => DiagnosticCatalog.DocumentUrl + "#" + Anchor;
    }

    /// <summary>
    /// The one catalog of Composable's diagnostics, read by the generator (its descriptors) and by the run time (its
    /// errors): id, title, level, message format and help link per id. To add an id, see <c>docs/contributing.md</c>.
    /// </summary>
    public static class DiagnosticCatalog
    {
        /// <summary>The repository that hosts the documentation the help links point to.</summary>
        public const string RepositoryUrl = "https://github.com/composable-ml/composable";

        /// <summary>The page that explains every id, one anchor per id.</summary>
        public const string DocumentUrl = RepositoryUrl + "/blob/main/docs/diagnostics.md";

        private const string Finished = "{0}";

        /// <summary>Every diagnostic, in id order.</summary>
        public static IReadOnlyList<DiagnosticEntry> Entries { get; } = new[]
        {
            Error(DeclarationErrorIds.Unevaluable, "Declaration initializer cannot be evaluated"),
            Error(DeclarationErrorIds.NotPartial, "Declaring type must be partial"),
            Error(DeclarationErrorIds.NoTasks, "Declaration has no tasks"),
            Error(DeclarationErrorIds.DuplicateTaskName, "Duplicate task name"),
            Error(DeclarationErrorIds.InvalidTaskName, "Task name is not a usable C# identifier"),
            Error(DeclarationErrorIds.NonPositiveWidth, "Width must be positive"),
            Error(DeclarationErrorIds.InvalidTargetSize, "Target size out of range"),
            Error(DeclarationErrorIds.InvalidWeight, "Task weight must be finite and positive"),
            Error(DeclarationErrorIds.InvalidConditioning, "Conditioning does not fit the topology"),
            Error(DeclarationErrorIds.LossDoesNotFitTarget, "Loss does not fit the task's target"),
            Error(DeclarationErrorIds.InvalidDropout, "Dropout outside [0, 1)"),
            Error(DeclarationErrorIds.InvalidOptimizer, "Optimizer hyperparameter out of range"),
            Error(DeclarationErrorIds.MissingLayers, "Topology needs at least one layer"),
            Error(DeclarationErrorIds.MissingDeclaration, "No declaration field"),
            Error(DeclarationErrorIds.NameClash, "Declaring type name clashes with the generated code"),
            Error(DeclarationErrorIds.InvalidInnerSteps, "Inner steps must be positive"),
            Error(DeclarationErrorIds.InvalidInnerLearningRate, "Inner learning rate must be finite and positive"),
            Error(DeclarationErrorIds.InvalidMetaBatch, "Meta-batch must be positive"),
            Error(DeclarationErrorIds.InvalidTasksPerPass, "Tasks per pass out of range"),
            Error(DeclarationErrorIds.TooFewWays, "Few-shot classification needs at least 2 ways"),
            Error(DeclarationErrorIds.InvalidShots, "Support set needs at least 1 shot"),
            Error(DeclarationErrorIds.EmptyQuery, "Query set is empty"),
            Error(DeclarationErrorIds.AdaptMatchesNothing, "Adapted-parameter selection matches nothing"),
            Error(DeclarationErrorIds.AnilAdaptsBody, "ANIL must adapt only its head, above a body"),
            Error(DeclarationErrorIds.OutputsDoNotFitEpisodes, "Head outputs differ from the episodes' ways"),
            Error(DeclarationErrorIds.InvalidExpertCount, "Expert count out of range"),
            Error(DeclarationErrorIds.InvalidLevels, "Mixture levels out of range"),
            Error(DeclarationErrorIds.InvalidGating, "Gating does not fit the experts"),
            Error(DeclarationErrorIds.InvalidSharingStrength, "Sharing strength must be finite and non-negative"),
            Error(DeclarationErrorIds.InvalidLayerIndex, "Layer index does not exist"),
            Error(DeclarationErrorIds.InvalidMixingInit, "Cross-stitch initialisation out of range"),
            Error(DeclarationErrorIds.InvalidSubspaces, "Sluice subspaces do not fit the layers"),
            Error(DeclarationErrorIds.InvalidComposition, "Topology cannot follow a shared trunk"),
            Error(DeclarationErrorIds.FewShotNeedsClassification, "Few-shot learner needs classification episodes"),
            Error(DeclarationErrorIds.BackboneDoesNotFitImage, "Convolutional blocks do not fit the image"),
            Error(DeclarationErrorIds.InvalidLearnerSetting, "Few-shot learner setting out of range"),
            Error(DeclarationErrorIds.InvalidObjectiveSetting, "Objective hyperparameter out of range"),
            Error(DeclarationErrorIds.ObjectiveNeedsSharedParameters, "Objective needs shared parameters"),
            Error(DeclarationErrorIds.ObjectiveNeedsTwoTasks, "Objective needs at least two tasks"),
            Error(DeclarationErrorIds.UpperBoundNeedsSharedRepresentation, "MGDA-UB needs a shared representation"),
            Error(DeclarationErrorIds.InvalidTransferSource, "Transfer source cannot be reused"),
            Error(DeclarationErrorIds.UnknownBlock, "Block does not exist in the source"),
            Error(DeclarationErrorIds.InvalidUnfreezing, "Gradual unfreezing out of range"),
            Error(DeclarationErrorIds.InvalidBlockRate, "Block learning rate must be finite and positive"),
            Error(DeclarationErrorIds.HeadDoesNotFit, "Kept head does not fit the target task"),
            Error(DeclarationErrorIds.InvalidSchedule, "Learning-rate schedule out of range"),
            new DiagnosticEntry(DeclarationErrorIds.UnknownDiagnosticId, "Internal error: a diagnostic id missing from the catalog", DiagnosticLevel.Error,
                "Internal error in Composable: it reported diagnostic id '{0}', which is not in its diagnostics catalog. The original message: {1}"),
            Error(DeclarationErrorIds.ImageDoesNotFitInput, "Input is not the image the backbone reads"),
            Error(DeclarationErrorIds.BackboneNotSupported, "Backbone not supported here"),
            Error(DeclarationErrorIds.ConvBackboneWithLayers, "Convolutional meta-learner declares MLP options"),
            Error(DeclarationErrorIds.BackboneDoesNotFitLearner, "Backbone does not fit the meta-learner"),
            Error(DeclarationErrorIds.InvalidConvBlock, "Convolutional block setting out of range"),
            Error(DeclarationErrorIds.NormGroupsDoNotDivide, "Group norm groups do not divide the channels"),
        };

        private static readonly Dictionary<string, DiagnosticEntry> ById = Entries.ToDictionary(e => e.Id);

        /// <summary>The entry of <paramref name="id"/>, or false for an id the catalog does not know.</summary>
        public static bool TryFind(string id, out DiagnosticEntry entry)
        {
            if (ById.TryGetValue(id, out var found))
            {
                entry = found;
                return true;
            }
            entry = null!;
            return false;
        }

        private static DiagnosticEntry Error(string id, string title) => new(id, title, DiagnosticLevel.Error, Finished);
    }
}

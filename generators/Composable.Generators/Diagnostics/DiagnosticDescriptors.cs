using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Composable.Generators.Diagnostics;

/// <summary>The one catalog of Composable diagnostics. Ids are shipped (AnalyzerReleases.Shipped.md): never renumber.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "Composable";

    public static readonly DiagnosticDescriptor Unevaluable = Error(DeclarationErrorIds.Unevaluable, "Declaration initializer cannot be evaluated");
    public static readonly DiagnosticDescriptor NotPartial = Error(DeclarationErrorIds.NotPartial, "Declaring type must be partial");
    public static readonly DiagnosticDescriptor NoTasks = Error(DeclarationErrorIds.NoTasks, "Declaration has no tasks");
    public static readonly DiagnosticDescriptor DuplicateTaskName = Error(DeclarationErrorIds.DuplicateTaskName, "Duplicate task name");
    public static readonly DiagnosticDescriptor InvalidTaskName = Error(DeclarationErrorIds.InvalidTaskName, "Task name is not a usable C# identifier");
    public static readonly DiagnosticDescriptor NonPositiveWidth = Error(DeclarationErrorIds.NonPositiveWidth, "Width must be positive");
    public static readonly DiagnosticDescriptor InvalidTargetSize = Error(DeclarationErrorIds.InvalidTargetSize, "Target size out of range");
    public static readonly DiagnosticDescriptor InvalidWeight = Error(DeclarationErrorIds.InvalidWeight, "Task weight must be finite and positive");
    public static readonly DiagnosticDescriptor InvalidConditioning = Error(DeclarationErrorIds.InvalidConditioning, "Conditioning does not fit the topology");
    public static readonly DiagnosticDescriptor LossDoesNotFitTarget = Error(DeclarationErrorIds.LossDoesNotFitTarget, "Loss does not fit the task's target");
    public static readonly DiagnosticDescriptor InvalidDropout = Error(DeclarationErrorIds.InvalidDropout, "Dropout outside [0, 1)");
    public static readonly DiagnosticDescriptor InvalidOptimizer = Error(DeclarationErrorIds.InvalidOptimizer, "Optimizer hyperparameter out of range");
    public static readonly DiagnosticDescriptor MissingLayers = Error(DeclarationErrorIds.MissingLayers, "Topology needs at least one layer");
    public static readonly DiagnosticDescriptor MissingDeclaration = Error(DeclarationErrorIds.MissingDeclaration, "No declaration field");
    public static readonly DiagnosticDescriptor InvalidInnerSteps = Error(DeclarationErrorIds.InvalidInnerSteps, "Inner steps must be positive");
    public static readonly DiagnosticDescriptor InvalidInnerLearningRate = Error(DeclarationErrorIds.InvalidInnerLearningRate, "Inner learning rate must be finite and positive");
    public static readonly DiagnosticDescriptor InvalidMetaBatch = Error(DeclarationErrorIds.InvalidMetaBatch, "Meta-batch must be positive");
    public static readonly DiagnosticDescriptor TooFewWays = Error(DeclarationErrorIds.TooFewWays, "Few-shot classification needs at least 2 ways");
    public static readonly DiagnosticDescriptor InvalidShots = Error(DeclarationErrorIds.InvalidShots, "Support set needs at least 1 shot");
    public static readonly DiagnosticDescriptor EmptyQuery = Error(DeclarationErrorIds.EmptyQuery, "Query set is empty");
    public static readonly DiagnosticDescriptor AdaptMatchesNothing = Error(DeclarationErrorIds.AdaptMatchesNothing, "Adapted-parameter selection matches nothing");
    public static readonly DiagnosticDescriptor AnilAdaptsBody = Error(DeclarationErrorIds.AnilAdaptsBody, "ANIL must adapt only its head, above a body");
    public static readonly DiagnosticDescriptor OutputsDoNotFitEpisodes = Error(DeclarationErrorIds.OutputsDoNotFitEpisodes, "Head outputs differ from the episodes' ways");
    public static readonly DiagnosticDescriptor InvalidExpertCount = Error(DeclarationErrorIds.InvalidExpertCount, "Expert count out of range");
    public static readonly DiagnosticDescriptor InvalidLevels = Error(DeclarationErrorIds.InvalidLevels, "Mixture levels out of range");
    public static readonly DiagnosticDescriptor InvalidGating = Error(DeclarationErrorIds.InvalidGating, "Gating does not fit the experts");
    public static readonly DiagnosticDescriptor InvalidSharingStrength = Error(DeclarationErrorIds.InvalidSharingStrength, "Sharing strength must be finite and non-negative");
    public static readonly DiagnosticDescriptor InvalidLayerIndex = Error(DeclarationErrorIds.InvalidLayerIndex, "Layer index does not exist");
    public static readonly DiagnosticDescriptor InvalidMixingInit = Error(DeclarationErrorIds.InvalidMixingInit, "Cross-stitch initialisation out of range");
    public static readonly DiagnosticDescriptor InvalidSubspaces = Error(DeclarationErrorIds.InvalidSubspaces, "Sluice subspaces do not fit the layers");
    public static readonly DiagnosticDescriptor InvalidComposition = Error(DeclarationErrorIds.InvalidComposition, "Topology cannot follow a shared trunk");
    public static readonly DiagnosticDescriptor FewShotNeedsClassification = Error(DeclarationErrorIds.FewShotNeedsClassification, "Few-shot learner needs classification episodes");
    public static readonly DiagnosticDescriptor BackboneDoesNotFitImage = Error(DeclarationErrorIds.BackboneDoesNotFitImage, "Convolutional blocks do not fit the image");
    public static readonly DiagnosticDescriptor InvalidLearnerSetting = Error(DeclarationErrorIds.InvalidLearnerSetting, "Few-shot learner setting out of range");

    private static readonly Dictionary<string, DiagnosticDescriptor> ById = new[]
    {
        Unevaluable, NotPartial, NoTasks, DuplicateTaskName, InvalidTaskName, NonPositiveWidth, InvalidTargetSize,
        InvalidWeight, InvalidConditioning, LossDoesNotFitTarget, InvalidDropout, InvalidOptimizer, MissingLayers,
        MissingDeclaration, InvalidInnerSteps, InvalidInnerLearningRate, InvalidMetaBatch, TooFewWays, InvalidShots,
        EmptyQuery, AdaptMatchesNothing, AnilAdaptsBody, OutputsDoNotFitEpisodes,
        InvalidExpertCount, InvalidLevels, InvalidGating, InvalidSharingStrength, InvalidLayerIndex, InvalidMixingInit, InvalidSubspaces,
        InvalidComposition, FewShotNeedsClassification, BackboneDoesNotFitImage, InvalidLearnerSetting,
    }.ToDictionary(d => d.Id);

    /// <summary>The descriptor of <paramref name="id"/>; every id the shared rules produce has one.</summary>
    public static DiagnosticDescriptor For(string id) => ById.TryGetValue(id, out var descriptor) ? descriptor : Unevaluable;

    private static DiagnosticDescriptor Error(string id, string title) =>
        new(id, title, "{0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
            description: "See docs/diagnostics.md in the Composable repository.");
}

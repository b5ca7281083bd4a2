using Composable.Generators.Emit.FewShot;
using Composable.Generators.Emit.Meta;
using Composable.Generators.Emit.MultiTask;
using Composable.Generators.Emit.Transfer;

namespace Composable.Generators.Kinds;

/// <summary>The declaration families the generator compiles, one descriptor each.</summary>
internal static class DeclarationKinds
{
    public static readonly DeclarationKind<MultiTaskSpec> MultiTask = new(
        "MultiTaskModel",
        "Model, Trainer, Batch, Outputs, Losses and Graph",
        MultiTaskRules.Validate,
        MultiTaskEmitter.Emit,
        new TrackingSteps("Parse", "Validate", "Emit"));

    public static readonly DeclarationKind<MetaLearnerSpec> MetaLearner = new(
        "MetaLearner",
        "Parameters, Functional, Network and Graph",
        MetaRules.Validate,
        MetaEmitter.Emit,
        new TrackingSteps("MetaParse", "MetaValidate", "MetaEmit"));

    public static readonly DeclarationKind<FewShotLearnerSpec> FewShotLearner = new(
        "FewShotLearner",
        "Network, Trainer and Graph",
        FewShotRules.Validate,
        FewShotEmitter.Emit,
        new TrackingSteps("FewShotParse", "FewShotValidate", "FewShotEmit"));

    public static readonly DeclarationKind<FineTuningSpec> FineTuning = new(
        "FineTuning",
        "Model, Trainer, Batch, Outputs, Losses and Graph",
        FineTuningRules.Validate,
        FineTuningEmitter.Emit,
        new TrackingSteps("FineTuningParse", "FineTuningValidate", "FineTuningEmit"));
}

using System.Collections.Generic;
using System.Linq;
using Composable.Generators.Model;
using static Composable.Generators.Emit.Shared.Expressions;

namespace Composable.Generators.Emit.MultiTask;

/// <summary>A [MultiTaskModel] declaration as the emitters read it: the declaration, its plan and its tasks.</summary>
internal sealed class EmitContext
{
    /// <param name="model">The declaration (for a fine-tuning declaration: its target as a multi-task declaration).</param>
    /// <param name="specExpression">What the generated <c>Model.Spec</c> returns; the declaring field when null.</param>
    public EmitContext(DeclarationModel<MultiTaskSpec> model, string? specExpression = null)
    {
        Model = model;
        SpecExpression = specExpression ?? $"{model.TypeName}.{model.FieldName}";
        Spec = model.Spec;
        Plan = ModelPlan.For(model.Spec);
        Tasks = model.Spec.Tasks.Select((t, i) => new TaskInfo(t, i)).ToArray();
    }

    public DeclarationModel<MultiTaskSpec> Model { get; }

    public MultiTaskSpec Spec { get; }

    public ModelPlan Plan { get; }

    public IReadOnlyList<TaskInfo> Tasks { get; }

    /// <summary>The expression the generated <c>Model.Spec</c> returns.</summary>
    public string SpecExpression { get; }

    public string TypeName => Model.TypeName;

    public string Field => Model.FieldName;

    public string TopologyText => TopologyOf(Spec.Sharing) + (Plan.Backbone is null ? "" : Plan.BackbonePerTask ? ", a conv backbone per task" : " over a shared conv backbone");

    /// <summary>Whether one backbone (<see cref="LayerNames.Backbone"/>) embeds the input for every task before the topology reads it.</summary>
    public bool SharedBackbone => Plan.Backbone is not null && !Plan.BackbonePerTask;

    private static string TopologyOf(Sharing sharing) => sharing switch
    {
        Independent i => $"independent towers {i.Layers}",
        HardSharing h => $"hard sharing, trunk {h.Trunk}, towers {h.Towers}",
        TaskConditioned t => $"task-conditioned {t.Layers}, {t.Conditioning} at {t.At}",
        MixtureOfExperts m => GraphText.Describe(m),
        SoftSharing soft => $"soft sharing, towers {soft.Layers}, {soft.Penalty} x {Number(soft.Strength)} at {soft.At}",
        CrossStitch stitch => $"cross-stitch, columns {stitch.Layers}, units at {stitch.At}",
        Sluice sluice => $"sluice, columns {sluice.Layers}, {sluice.Subspaces} subspaces per layer",
        Composition composition => $"shared trunk {composition.Trunk}, then {TopologyOf(composition.Then)}",
        _ => sharing.GetType().Name,
    };

    public string ObjectiveText => Spec.Objective is WeightedSum ? WeightedSumText : $"{Spec.Objective.ShortName} over {WeightedSumText}";

    private string WeightedSumText =>
        string.Join(" + ", Tasks.Select(t => t.Spec.Weight == 1.0 ? t.Name : $"{Number(t.Spec.Weight)}·{t.Name}")) +
        (Spec.Objective is WeightedSum { Sampling: var sampling } && sampling != TaskSampling.AllTasks ? $" (one task per step, {sampling})" : "");
}

/// <summary>One task as the emitters name and describe it.</summary>
internal sealed class TaskInfo
{
    public TaskInfo(TaskSpec spec, int index)
    {
        Spec = spec;
        Index = index;
    }

    public TaskSpec Spec { get; }

    public int Index { get; }

    public string Name => Spec.Name;

    public string Local => Camel + "Loss";

    public string Camel => Naming.ToCamelCase(Spec.Name).TrimStart('@');

    public string BatchLocal => Naming.ToCamelCase(Spec.Name).TrimStart('@') + "Batch";

    public string Kind => MultiTaskRules.Describe(Spec.Target);

    public Loss Loss => Spec.EffectiveLoss;

    public int OutputWidth => Spec.Target.OutputWidth;

    public string OutputMeaning => Spec.Target is Regression ? "values" : "logits";

    public string TargetLayout => Spec.Target switch
    {
        Regression r => $"float32 [B, {r.Outputs}]",
        Binary => "float32 [B, 1] of 0/1",
        MultiClass m => $"int64 [B] in [0, {m.Classes})",
        MultiLabel l => $"float32 [B, {l.Labels}] of 0/1",
        _ => "?",
    };
}

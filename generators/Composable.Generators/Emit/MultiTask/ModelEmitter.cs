using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Composable.Generators.Emit.Shared;
using static Composable.Generators.Emit.Shared.Expressions;

namespace Composable.Generators.Emit.MultiTask;

/// <summary>The <c>Model</c> class: fields and constructor in plan order, the topology's forward, and the entry points every topology shares.</summary>
internal static class ModelEmitter
{
    public static void Emit(EmitContext c, SourceWriter w)
    {
        var plan = c.Plan;
        w.Line($"/// <summary>The network declared by <see cref=\"{c.Field}\"/>: {Escape(c.TopologyText)}; {plan.ParameterCount.ToString("N0", CultureInfo.InvariantCulture)} parameters.</summary>");
        w.Open($"public sealed class Model : nn.Module<Tensor, Outputs>, {(plan.Top is MixtureOfExperts ? "IGatedModule" : "IMultiTaskModule")}{(plan.Dropout > 0 ? ", IDrawsRandomNumbers" : "")}");
        foreach (var (name, layer) in Members(plan))
            w.Line($"private readonly {(layer is null ? FewShot.NetworkEmitter.BackboneType(plan.Backbone!) : LayerType(layer.Kind))} {name};");
        w.Line();
        w.Line("/// <summary>Creates the layers in declaration order, drawing initial weights from torch's generator (seed it first: <see cref=\"Trainer.Create\"/> does).</summary>");
        w.Open($"public Model() : base(\"{c.TypeName}\")");
        foreach (var (name, layer) in Members(plan))
            w.Line(layer is null ? $"{name} = {FewShot.NetworkEmitter.BackboneCreation(plan.Backbone!)};" : layer.Kind switch
            {
                LayerKind.Embedding => $"{layer.Name} = nn.Embedding({layer.In}, {layer.Out});",
                LayerKind.StackedLinear => $"{layer.Name} = new StackedLinear({layer.Stack}, {layer.In}, {layer.Out});",
                LayerKind.CrossStitch => $"{layer.Name} = new CrossStitchUnit({layer.In}, {Number(layer.Mixing!.Self)}, {Number(layer.Mixing.Others)});",
                LayerKind.LayerSelection => $"{layer.Name} = new LayerSelectionWeights({layer.Out}, {layer.In});",
                _ => $"{layer.Name} = {Linear(layer)};",
            });
        w.Line("RegisterComponents();");
        w.Close();
        w.Line();
        w.Line("/// <summary>The declaration this network was generated from.</summary>");
        w.Line($"public MultiTaskSpec Spec => {c.SpecExpression};");
        w.Line();
        w.Line("nn.Module IMultiTaskModule.Module => this;");
        w.Line();
        if (plan.Dropout > 0)
        {
            w.Line("/// <summary>The generator dropout masks are drawn from in training mode; its trainer's own, or torch's process-wide one when null.</summary>");
            w.Line("public torch.Generator? Generator { get; set; }");
            w.Line();
        }

        switch (c.Spec.Sharing)
        {
            case Independent:
                TowersEmitter.EmitIndependent(c, w);
                break;
            case SoftSharing soft:
                TowersEmitter.EmitIndependent(c, w);
                TowersEmitter.EmitSharingPenalty(c, w, soft);
                break;
            case CrossStitch stitch:
                ColumnsEmitter.EmitCrossStitch(c, w, stitch, trunk: false);
                break;
            case Sluice sluice:
                ColumnsEmitter.EmitSluice(c, w, sluice, trunk: false);
                break;
            case HardSharing hard:
                HardSharingEmitter.Emit(c, w, hard);
                break;
            case TaskConditioned conditioned:
                ConditioningEmitter.Emit(c, w, conditioned);
                break;
            case MixtureOfExperts mixture:
                MixtureEmitter.Emit(c, w, mixture, trunk: false);
                break;
            case Composition composition:
                switch (composition.Then)
                {
                    case MixtureOfExperts mixture:
                        MixtureEmitter.Emit(c, w, mixture, trunk: true);
                        break;
                    case CrossStitch stitch:
                        ColumnsEmitter.EmitCrossStitch(c, w, stitch, trunk: true);
                        break;
                    case Sluice sluice:
                        ColumnsEmitter.EmitSluice(c, w, sluice, trunk: true);
                        break;
                }
                w.Line();
                HardSharingEmitter.EmitTrunk(w, composition.Trunk, c.SharedBackbone);
                break;
        }

        EmitUntypedForwards(c, w);
        w.Line();
        w.Line($"/// <summary>After every hidden layer: {plan.Activation.ToString().ToLowerInvariant()}{(plan.Dropout > 0 ? $", then dropout {Number(plan.Dropout)} while training" : "")}.</summary>");
        w.Line($"private Tensor Hidden(Tensor preActivation) => {HiddenExpression(plan, "preActivation")};");
        NetworkDisposal.Emit(w);
        w.Close();
    }

    /// <summary>
    /// The model's fields in plan order: a layer of the plan, or (layer null) a backbone, the library module that holds
    /// the plan's <c>{name}.block_i.…</c> layers.
    /// </summary>
    private static IEnumerable<(string Name, LayerPlan? Layer)> Members(ModelPlan plan)
    {
        var backbones = new HashSet<string>();
        foreach (var layer in plan.Layers)
        {
            var dot = layer.Name.IndexOf('.');
            if (dot < 0)
                yield return (layer.Name, layer);
            else if (backbones.Add(layer.Name.Substring(0, dot)))
                yield return (layer.Name.Substring(0, dot), null);
        }
    }

    private static string LayerType(LayerKind kind) => kind switch
    {
        LayerKind.Embedding => "Embedding",
        LayerKind.StackedLinear => "StackedLinear",
        LayerKind.CrossStitch => "CrossStitchUnit",
        LayerKind.LayerSelection => "LayerSelectionWeights",
        _ => "Linear",
    };

    /// <summary><c>ForwardTask</c> and <c>ForwardAll</c> of <c>IMultiTaskModule</c>, over the typed <c>Forward{Task}</c> and <c>forward</c>.</summary>
    internal static void EmitUntypedForwards(EmitContext c, SourceWriter w)
    {
        w.Line();
        w.Line("/// <inheritdoc />");
        w.Open("public Tensor ForwardTask(int task, Tensor input) => task switch");
        foreach (var t in c.Tasks) w.Line($"{t.Index} => Forward{t.Name}(input),");
        w.Line($"_ => throw new ArgumentOutOfRangeException(nameof(task), task, \"{c.TypeName} has {c.Tasks.Count} tasks.\"),");
        w.Close(";");
        w.Line();
        w.Line("/// <inheritdoc />");
        w.Open("public IReadOnlyList<Tensor> ForwardAll(Tensor input)");
        w.Line("var outputs = forward(input);");
        w.Line($"return new[] {{ {string.Join(", ", c.Tasks.Select(t => "outputs." + t.Name))} }};");
        w.Close();
    }

    /// <summary>
    /// <c>forward</c> and one <c>Forward{Task}</c> per task over one representation every task reads
    /// (<paramref name="representation"/>, an expression of <c>input</c>, held in <paramref name="local"/> by
    /// <c>forward</c>), each task's own layers in a private <c>{Task}From</c>; <paramref name="afterForward"/> writes
    /// members between the two.
    /// </summary>
    internal static void EmitEntryPointsOver(EmitContext c, SourceWriter w, string summary, string local, string representation, Action? afterForward = null)
    {
        w.Line($"/// <summary>{summary}</summary>");
        w.Open("public override Outputs forward(Tensor input)");
        w.Line($"var {local} = {representation};");
        w.Line($"return new Outputs({string.Join(", ", c.Tasks.Select(t => $"{t.Name}From({local})"))});");
        w.Close();
        afterForward?.Invoke();
        foreach (var t in c.Tasks)
        {
            w.Line();
            ForwardDoc(w, t);
            w.Line($"public Tensor Forward{t.Name}(Tensor input) => {t.Name}From({representation});");
        }
    }

    internal static void ForwardDoc(SourceWriter w, TaskInfo t) =>
        w.Line($"/// <summary>{t.Name}, {t.Kind}; {t.OutputMeaning} [B, {t.OutputWidth}] for inputs [B, F].</summary>");

    private static string HiddenExpression(ModelPlan plan, string x)
    {
        var activated = Expressions.Activation(plan.Activation, x);
        return plan.Dropout > 0 ? $"TrainerRandom.Dropout({activated}, {Number(plan.Dropout)}, training, Generator)" : activated;
    }
}

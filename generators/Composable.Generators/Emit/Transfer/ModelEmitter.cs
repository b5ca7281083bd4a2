using System.Globalization;
using System.Linq;
using Composable.Generators.Emit.MultiTask;
using Composable.Generators.Emit.Shared;
using Composable.Generators.Model;
using static Composable.Generators.Emit.Shared.Expressions;

namespace Composable.Generators.Emit.Transfer;

/// <summary>
/// The <c>Model</c> of a [FineTuning] declaration. A trunk source's is the [MultiTaskModel] network of the target
/// (same fields, names and forward as the source's, so the source's checkpoint loads by name); a backbone source's
/// holds the backbone as <c>backbone</c> (the few-shot learners' module) and one linear head per task, registered in
/// that order as the run time's <c>BackboneNetwork</c> registers them.
/// </summary>
internal static class ModelEmitter
{
    public static void Emit(DeclarationModel<FineTuningSpec> model, FineTuningPlan plan, EmitContext c, SourceWriter w)
    {
        if (model.Spec.Source is TrunkSource)
        {
            MultiTask.ModelEmitter.Emit(c, w);
        }
        else if (model.Spec.Source is BackboneSource source)
        {
            EmitBackbone(c, plan, source, w);
        }
        w.Line();
        w.Line("/// <summary>The target tasks as a multi-task declaration: data sets for the target are built for it; sampling and evaluation read it.</summary>");
        w.Line($"public static MultiTaskSpec {FineTuningEmitter.TargetField} => TargetOfDeclaration.Value;");
        w.Line();
        w.Line("/// <summary>Holds <see cref=\"Target\"/>, made on first use (after the declaration's own field, whatever the order of static initialisers across files).</summary>");
        w.Open("private static class TargetOfDeclaration");
        w.Line($"internal static readonly MultiTaskSpec Value = global::Composable.FineTuningPlan.TargetOf({model.TypeName}.{model.FieldName});");
        w.Close();
    }

    private static void EmitBackbone(EmitContext c, FineTuningPlan plan, BackboneSource source, SourceWriter w)
    {
        var backboneType = FewShot.NetworkEmitter.BackboneType(source.Backbone);
        w.Line($"/// <summary>The network declared by <see cref=\"{c.Field}\"/>: {Escape(FineTuningGraphText.Describe(source.Backbone))}, then a linear head per task on its {plan.EmbeddingWidth}-wide embedding; {plan.ParameterCount.ToString("N0", CultureInfo.InvariantCulture)} parameters.</summary>");
        w.Open("public sealed class Model : nn.Module<Tensor, Outputs>, IMultiTaskModule");
        w.Line($"private readonly {backboneType} {FineTuningPlan.Backbone};");
        foreach (var t in c.Tasks)
            w.Line($"private readonly Linear {LayerNames.Head(t.Name)};");
        w.Line();
        w.Line("/// <summary>Creates the backbone, then the heads in task order, drawing initial weights from torch's generator (seed it first: <see cref=\"Trainer.Create\"/> does).</summary>");
        w.Open($"public Model() : base(\"{c.TypeName}\")");
        w.Line($"{FineTuningPlan.Backbone} = {FewShot.NetworkEmitter.BackboneCreation(source.Backbone)};");
        foreach (var t in c.Tasks)
            w.Line($"{LayerNames.Head(t.Name)} = nn.Linear({plan.EmbeddingWidth}, {t.OutputWidth});");
        w.Line("RegisterComponents();");
        w.Close();
        w.Line();
        w.Line("/// <summary>The target tasks as a multi-task declaration.</summary>");
        w.Line($"public MultiTaskSpec Spec => {c.SpecExpression};");
        w.Line();
        w.Line("nn.Module IMultiTaskModule.Module => this;");
        w.Line();
        w.Line("/// <summary>The outputs of every task; the backbone runs once.</summary>");
        w.Open("public override Outputs forward(Tensor input)");
        w.Line($"var embedding = {FineTuningPlan.Backbone}.forward(input);");
        w.Line($"return new Outputs({string.Join(", ", c.Tasks.Select(t => $"{LayerNames.Head(t.Name)}.forward(embedding)"))});");
        w.Close();
        foreach (var t in c.Tasks)
        {
            w.Line();
            MultiTask.ModelEmitter.ForwardDoc(w, t);
            w.Line($"public Tensor Forward{t.Name}(Tensor input) => {LayerNames.Head(t.Name)}.forward({FineTuningPlan.Backbone}.forward(input));");
        }
        w.Line();
        w.Line($"/// <summary>Embeddings [B, {plan.EmbeddingWidth}] of inputs [B, {plan.InputWidth}].</summary>");
        w.Line($"public Tensor Embed(Tensor input) => {FineTuningPlan.Backbone}.forward(input);");
        MultiTask.ModelEmitter.EmitUntypedForwards(c, w);
        NetworkDisposal.Emit(w);
        w.Close();
    }
}

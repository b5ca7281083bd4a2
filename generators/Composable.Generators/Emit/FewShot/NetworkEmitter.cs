using System;
using System.Globalization;
using Composable.Generators.Emit.Shared;
using Composable.Generators.Model;

namespace Composable.Generators.Emit.FewShot;

/// <summary>The <c>Network</c> of a [FewShotLearner] declaration: the backbone and the learner's module as named fields, and the declared learner's scoring of an episode.</summary>
internal static class NetworkEmitter
{
    public static void Emit(DeclarationModel<FewShotLearnerSpec> model, FewShotPlan plan, SourceWriter w)
    {
        var spec = model.Spec;
        var ways = plan.Ways;
        var learnerModule = LearnerModule(spec.Learner, plan);
        w.Line("/// <summary>");
        w.Line($"/// The few-shot learner declared by <see cref=\"{model.FieldName}\"/>: {Expressions.Escape(FewShotGraphText.Describe(spec.Learner))},");
        w.Line($"/// over {Expressions.Escape(FewShotGraphText.Describe(spec.Backbone))} (embeddings {plan.EmbeddingWidth} wide); {plan.ParameterCount.ToString("N0", CultureInfo.InvariantCulture)} parameters.");
        w.Line("/// </summary>");
        var draws = spec.Learner is LstmReader;
        w.Open($"public sealed class Network : nn.Module, {RunTime.FewShot}IEpisodicClassifier{(draws ? ", global::Composable.Training.IDrawsRandomNumbers" : "")}");
        w.Line($"private readonly {BackboneType(spec.Backbone)} {FewShotPlan.Backbone};");
        if (learnerModule is { } module)
            w.Line($"private readonly {module.Type} {module.Name};");
        w.Line();
        w.Line("/// <summary>Creates the backbone, then the learner's module, drawing weights from torch's generator (seed it first: <see cref=\"Trainer\"/> does).</summary>");
        w.Open($"public Network() : base(\"{model.TypeName}\")");
        w.Line($"{FewShotPlan.Backbone} = {BackboneCreation(spec.Backbone)};");
        if (learnerModule is { } created)
            w.Line($"{created.Name} = {created.Creation};");
        w.Line("RegisterComponents();");
        w.Close();
        w.Line();
        w.Line("/// <summary>The declaration this network was generated from.</summary>");
        w.Line($"public FewShotLearnerSpec Spec => {model.QualifiedName}.{model.FieldName};");
        w.Line();
        if (draws)
        {
            w.Line("/// <summary>The generator the reader draws its support order from in training mode; torch's process-wide one when null.</summary>");
            w.Line($"public global::TorchSharp.torch.Generator? Generator {{ get => {FewShotPlan.Reader}.Generator; set => {FewShotPlan.Reader}.Generator = value; }}");
            w.Line();
        }
        w.Line("/// <summary>Classes per episode, as declared.</summary>");
        w.Line($"public int Ways => {ways};");
        w.Line();
        w.Line("/// <summary>Width of the backbone's embeddings.</summary>");
        w.Line($"public int EmbeddingWidth => {plan.EmbeddingWidth};");
        w.Line();
        w.Line("/// <inheritdoc />");
        w.Line("public nn.Module Module => this;");
        w.Line();
        w.Line("/// <inheritdoc />");
        w.Open("public Tensor Scores(Tensor supportInputs, Tensor supportLabels, Tensor queryInputs, int ways)");
        w.Line($"{RunTime.FewShot}EpisodeInputs.Check(Spec, supportInputs, supportLabels, queryInputs, ways);");
        w.Line("using var scope = NewDisposeScope();");
        w.Line($"var embeddings = {FewShotPlan.Backbone}.forward(cat(new[] {{ supportInputs, queryInputs }}, 0));");
        w.Line("var support = embeddings.narrow(0, 0, supportInputs.shape[0]);");
        w.Line("var queries = embeddings.narrow(0, supportInputs.shape[0], queryInputs.shape[0]);");
        w.Line($"return {Scores(spec.Learner)}.MoveToOuterDisposeScope();");
        w.Close();
        w.Line();
        w.Line("/// <inheritdoc />");
        w.Line(spec.Learner is Relation
            ? $"public Tensor Loss(Tensor scores, Tensor queryLabels) => {RunTime.FewShot}EpisodicLoss.RelationMse(scores, queryLabels);"
            : $"public Tensor Loss(Tensor scores, Tensor queryLabels) => {RunTime.FewShot}EpisodicLoss.CrossEntropy(scores, queryLabels);");
        NetworkDisposal.Emit(w);
        w.Close();
    }

    internal static string BackboneType(Backbone backbone) => RunTime.Metric + (backbone is ConvBackbone ? "ConvEmbedding" : "MlpEmbedding");

    internal static string BackboneCreation(Backbone backbone) => backbone switch
    {
        ConvBackbone conv when Expressions.HasUsualBlocks(conv) =>
            $"new {RunTime.Metric}ConvEmbedding({conv.Input.Channels}, {conv.Input.Height}, {conv.Input.Width}, {conv.Channels}, {conv.Blocks})",
        ConvBackbone conv => $"new {RunTime.Metric}ConvEmbedding({Expressions.ConvBackbone(conv)})",
        MlpBackbone mlp => $"new {RunTime.Metric}MlpEmbedding({mlp.Input.Width}, {IntArray(mlp.Layers)}, global::Composable.Activation.{mlp.Activation})",
        _ => "null!",
    };

    /// <summary>The learner's own module (field type, name, creation), or none for the metric learners without parameters.</summary>
    private static (string Type, string Name, string Creation)? LearnerModule(FewShotLearner learner, FewShotPlan plan) => learner switch
    {
        Relation r => (RunTime.Metric + "RelationModule", FewShotPlan.Relation, $"new {RunTime.Metric}RelationModule({plan.EmbeddingWidth}, {IntArray(r.Layers)})"),
        LstmReader l => (RunTime.BlackBox + "LstmReader", FewShotPlan.Reader, $"new {RunTime.BlackBox}LstmReader({plan.EmbeddingWidth}, {plan.Ways}, {l.Hidden}, {l.Layers})"),
        AttentionReader a => (RunTime.BlackBox + "AttentionReader", FewShotPlan.Reader, $"new {RunTime.BlackBox}AttentionReader({plan.EmbeddingWidth}, {plan.Ways}, {a.Width}, {a.Heads}, {a.Layers})"),
        _ => null,
    };

    private static string Scores(FewShotLearner learner) => learner switch
    {
        Prototypical p => $"{RunTime.Metric}Prototypes.Logits(queries, {RunTime.Metric}Prototypes.Of(support, supportLabels, ways), global::Composable.Distance.{p.Distance}, {Expressions.Number(p.CosineScale)})",
        Matching m => $"{RunTime.Metric}MatchingAttention.LogProbabilities(queries, support, supportLabels, ways, {Expressions.Number(m.CosineScale)})",
        Relation => $"{FewShotPlan.Relation}.Scores(queries, {RunTime.Metric}Prototypes.Of(support, supportLabels, ways))",
        _ => $"{FewShotPlan.Reader}.Logits(support, supportLabels, queries)",
    };

    private static string IntArray(ValueList<int> values) =>
        values.Count == 0 ? "Array.Empty<int>()" : $"new[] {{ {string.Join(", ", values)} }}";
}

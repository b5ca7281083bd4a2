using System.Globalization;
using System.Linq;
using Composable.Generators.Model;

namespace Composable.Generators.Emitting;

/// <summary>
/// Emit stage of a [FewShotLearner] declaration: the <c>Network</c> (the backbone and the learner's module as named
/// fields, built in <see cref="FewShotPlan"/> order, and the scoring of exactly the declared learner over an episode),
/// a typed <c>Trainer</c> over the run time's episodic trainer with the declared outer optimiser and meta-batch, and
/// the <c>Graph</c> text. The operations are the run time's building blocks, called in the order the interpreted
/// <c>FewShotNetwork</c> calls them, so both compute identical numbers.
/// </summary>
internal static class FewShotEmitter
{
    private const string Attribute = "[FewShotLearner]";
    // Run-time types are qualified: the declaring class (or its namespace) may have a member of the same simple name,
    // e.g. a class Prototypes, or a namespace Composable whose records LstmReader and AttentionReader would bind first.
    private const string BlackBox = "global::Composable.Meta.BlackBox.";
    private const string Metric = "global::Composable.Meta.Metric.";
    private const string FewShot = "global::Composable.Meta.FewShot.";
    private const string Episodes = "global::Composable.Meta.Episodes.";

    public static EquatableArray<GeneratedFile> Emit(DeclarationModel<FewShotLearnerSpec> model)
    {
        var plan = FewShotPlan.For(model.Spec);
        var usings = new[] { "System", "System.Collections.Generic", "TorchSharp" };
        return new EquatableArray<GeneratedFile>(new[]
        {
            DeclarationFile.Write(model, "Network", Attribute, usings, w => EmitNetwork(model, plan, w)),
            DeclarationFile.Write(model, "Trainer", Attribute, usings, w => EmitTrainer(model, w)),
            DeclarationFile.Write(model, "Graph", Attribute, usings, w => EmitGraph(model, plan, w)),
        });
    }

    private static void EmitNetwork(DeclarationModel<FewShotLearnerSpec> model, FewShotPlan plan, SourceWriter w)
    {
        var spec = model.Spec;
        var ways = plan.Ways;
        var learnerModule = LearnerModule(spec.Learner, plan);
        w.Line("/// <summary>");
        w.Line($"/// The few-shot learner declared by <see cref=\"{model.FieldName}\"/>: {Expressions.Escape(FewShotGraphText.Describe(spec.Learner))},");
        w.Line($"/// over {Expressions.Escape(FewShotGraphText.Describe(spec.Backbone))} (embeddings {plan.EmbeddingWidth} wide); {plan.ParameterCount.ToString("N0", CultureInfo.InvariantCulture)} parameters.");
        w.Line("/// </summary>");
        w.Open($"public sealed class Network : nn.Module, {FewShot}IEpisodicClassifier");
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
        w.Line($"public global::Composable.FewShotLearnerSpec Spec => {model.QualifiedName}.{model.FieldName};");
        w.Line();
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
        w.Line("global::Composable.Meta.FewShot.EpisodeInputs.Check(Spec, supportInputs, supportLabels, queryInputs, ways);");
        w.Line("using var scope = NewDisposeScope();");
        w.Line($"var embeddings = {FewShotPlan.Backbone}.forward(cat(new[] {{ supportInputs, queryInputs }}, 0));");
        w.Line("var support = embeddings.narrow(0, 0, supportInputs.shape[0]);");
        w.Line("var queries = embeddings.narrow(0, supportInputs.shape[0], queryInputs.shape[0]);");
        w.Line($"return {Scores(spec.Learner)}.MoveToOuterDisposeScope();");
        w.Close();
        w.Line();
        w.Line("/// <inheritdoc />");
        w.Line(spec.Learner is Relation
            ? "public Tensor Loss(Tensor scores, Tensor queryLabels) => global::Composable.Meta.FewShot.EpisodicLoss.RelationMse(scores, queryLabels);"
            : "public Tensor Loss(Tensor scores, Tensor queryLabels) => global::Composable.Meta.FewShot.EpisodicLoss.CrossEntropy(scores, queryLabels);");
        w.Close();
    }

    private static void EmitTrainer(DeclarationModel<FewShotLearnerSpec> model, SourceWriter w)
    {
        var spec = model.Spec;
        w.Line("/// <summary>");
        w.Line($"/// Trains <see cref=\"Network\"/> on episodes with {Expressions.Escape(Expressions.OptimizerText(spec.Outer))}, {spec.MetaBatch} episode{(spec.MetaBatch == 1 ? "" : "s")} per step");
        w.Line("/// (their losses averaged), and measures query accuracy.");
        w.Line("/// </summary>");
        w.Open("public sealed class Trainer : IDisposable");
        w.Line($"private readonly {FewShot}EpisodicTrainer _trainer;");
        w.Line();
        w.Line("/// <summary>Seeds torch's generator with <paramref name=\"seed\"/>, then builds the network: the same seed gives the same initial weights.</summary>");
        w.Open("public Trainer(int seed = 0)");
        w.Line("torch.manual_seed(seed);");
        w.Line("Network = new Network();");
        w.Line($"_trainer = new {FewShot}EpisodicTrainer(Network, {Expressions.OptimizerRecord(spec.Outer)}, metaBatch: {spec.MetaBatch});");
        w.Close();
        w.Line();
        w.Line("/// <summary>The network being trained.</summary>");
        w.Line("public Network Network { get; }");
        w.Line();
        w.Line("/// <summary>Optimiser steps taken so far.</summary>");
        w.Line("public long Steps => _trainer.Steps;");
        w.Line();
        w.Line("/// <summary>One optimiser step on the mean query loss of <paramref name=\"episodes\"/>; returns that loss.</summary>");
        w.Line($"public double Step(IReadOnlyList<{Episodes}Episode> episodes) => _trainer.Step(episodes);");
        w.Line();
        w.Line("/// <summary>Query accuracy on <paramref name=\"episode\"/> (evaluation mode, no gradients).</summary>");
        w.Line($"public double Accuracy({Episodes}Episode episode) => _trainer.Accuracy(episode);");
        w.Line();
        w.Line("/// <summary>Trains for <paramref name=\"steps\"/> steps on training episodes of <paramref name=\"family\"/>, reporting (step, loss) to <paramref name=\"progress\"/>.</summary>");
        w.Line($"public void Train({Episodes}ITaskFamily family, int steps, int seed = 0, Action<long, double>? progress = null) => _trainer.Train(family, steps, seed, progress);");
        w.Line();
        w.Line("/// <summary>Mean query accuracy with a 95% interval over <paramref name=\"episodes\"/> episodes of <paramref name=\"split\"/>.</summary>");
        w.Line($"public {Metric}AccuracyEstimate Evaluate({Episodes}ITaskFamily family, {Episodes}MetaSplit split, int episodes, int seed = 0) => _trainer.Evaluate(family, split, episodes, seed);");
        w.Line();
        w.Line("/// <summary>Releases the optimiser and the network's tensors.</summary>");
        w.Open("public void Dispose()");
        w.Line("_trainer.Dispose();");
        w.Line("Network.Dispose();");
        w.Close();
        w.Close();
    }

    private static void EmitGraph(DeclarationModel<FewShotLearnerSpec> model, FewShotPlan plan, SourceWriter w)
    {
        DeclarationFile.WriteGraph(w, "The compiled few-shot learner as text: learner, episodes, backbone, module tree, parameter names, shapes and counts.",
            FewShotGraphText.Render($"{model.TypeName}.Network", plan));
    }

    private static string BackboneType(Backbone backbone) => Metric + (backbone is ConvBackbone ? "ConvEmbedding" : "MlpEmbedding");

    private static string BackboneCreation(Backbone backbone) => backbone switch
    {
        ConvBackbone conv => $"new {Metric}ConvEmbedding({conv.Input.Channels}, {conv.Input.Height}, {conv.Input.Width}, {conv.Channels}, {conv.Blocks})",
        MlpBackbone mlp => $"new {Metric}MlpEmbedding({mlp.Input.Width}, {IntArray(mlp.Layers)}, global::Composable.Activation.{mlp.Activation})",
        _ => "null!",
    };

    /// <summary>The learner's own module (field type, name, creation), or none for the metric learners without parameters.</summary>
    private static (string Type, string Name, string Creation)? LearnerModule(FewShotLearner learner, FewShotPlan plan) => learner switch
    {
        Relation r => (Metric + "RelationModule", FewShotPlan.Relation, $"new {Metric}RelationModule({plan.EmbeddingWidth}, {IntArray(r.Layers)})"),
        LstmReader l => (BlackBox + "LstmReader", FewShotPlan.Reader, $"new {BlackBox}LstmReader({plan.EmbeddingWidth}, {plan.Ways}, {l.Hidden}, {l.Layers})"),
        AttentionReader a => (BlackBox + "AttentionReader", FewShotPlan.Reader, $"new {BlackBox}AttentionReader({plan.EmbeddingWidth}, {plan.Ways}, {a.Width}, {a.Heads}, {a.Layers})"),
        _ => null,
    };

    private static string Scores(FewShotLearner learner) => learner switch
    {
        Prototypical p => $"{Metric}Prototypes.Logits(queries, {Metric}Prototypes.Of(support, supportLabels, ways), global::Composable.Distance.{p.Distance}, {Expressions.Number(p.CosineScale)})",
        Matching m => $"{Metric}MatchingAttention.LogProbabilities(queries, support, supportLabels, ways, {Expressions.Number(m.CosineScale)})",
        Relation => $"{FewShotPlan.Relation}.Scores(queries, {Metric}Prototypes.Of(support, supportLabels, ways))",
        _ => $"{FewShotPlan.Reader}.Logits(support, supportLabels, queries)",
    };

    private static string IntArray(ValueList<int> values) =>
        values.Count == 0 ? "Array.Empty<int>()" : $"new[] {{ {string.Join(", ", values)} }}";
}

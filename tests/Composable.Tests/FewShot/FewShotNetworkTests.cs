using System;
using System.Linq;
using Composable.Data.Episodes;
using Composable.FewShot;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Composable.Tests.FewShot;

public class FewShotNetworkTests
{
    private static readonly FewShotClassification FiveWay = new(5, 1, 3);

    private static readonly string[] Backbone = ["backbone.layer_0.weight", "backbone.layer_0.bias", "backbone.layer_1.weight", "backbone.layer_1.bias"];

    public static TheoryData<string, string[]> Learners => new()
    {
        { "prototypical", Backbone },
        { "matching", Backbone },
        { "relation", [.. Backbone, "relation.layer_0.weight", "relation.layer_0.bias", "relation.head.weight", "relation.head.bias"] },
        { "lstm", [.. Backbone, "reader.lstm.weight_ih_l0", "reader.lstm.weight_hh_l0", "reader.lstm.bias_ih_l0", "reader.lstm.bias_hh_l0", "reader.head.weight", "reader.head.bias"] },
        {
            "attention",
            [.. Backbone, "reader.embed.weight", "reader.embed.bias",
             .. new[] { "attention_norm", "query", "key", "value", "output", "feed_forward_norm", "feed_forward_in", "feed_forward_out" }
                 .SelectMany(m => new[] { $"reader.layer_0.{m}.weight", $"reader.layer_0.{m}.bias" }),
             "reader.final_norm.weight", "reader.final_norm.bias", "reader.head.weight", "reader.head.bias"]
        },
    };

    internal static FewShotLearner Learner(string name) => name switch
    {
        "prototypical" => new Prototypical(),
        "cosine" => new Prototypical(Distance.Cosine),
        "matching" => new Matching(),
        "relation" => new Relation([64]),
        "lstm" => new Composable.LstmReader(Hidden: 32),
        "attention" => new Composable.AttentionReader(Width: 32, Heads: 4, Layers: 1),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Learners))]
    public void Parameters_have_the_contract_names_in_registration_order(string learner, string[] expected)
    {
        manual_seed(0);
        using var network = new FewShotNetwork(SyntheticClasses.Spec(Learner(learner), FiveWay));
        Assert.Equal(expected, network.named_parameters().Select(p => p.name));
    }

    [Theory]
    [InlineData("prototypical")]
    [InlineData("cosine")]
    [InlineData("matching")]
    [InlineData("relation")]
    [InlineData("lstm")]
    [InlineData("attention")]
    public void Scores_are_one_row_per_query_and_the_loss_is_the_learner_loss_of_those_scores(string learner)
    {
        using var scope = NewDisposeScope();
        manual_seed(0);
        using var network = new FewShotNetwork(SyntheticClasses.Spec(Learner(learner), FiveWay));
        var targets = new long[] { 0, 1, 2, 3, 4, 0, 1 };
        var scores = network.Scores(randn(10, 32), tensor(new long[] { 0, 1, 2, 3, 4, 0, 1, 2, 3, 4 }), randn(7, 32), 5);
        Assert.Equal(new long[] { 7, 5 }, scores.shape);
        var rows = Enumerable.Range(0, 7).Select(q => Enumerable.Range(0, 5).Select(c => (double)scores[q, c].item<float>()).ToArray()).ToArray();

        // Relation networks regress one-hot targets; every other learner takes the cross-entropy of its scores.
        var expected = learner == "relation"
            ? rows.SelectMany((row, q) => row.Select((v, c) => Math.Pow(v - (c == targets[q] ? 1 : 0), 2))).Average()
            : rows.Select((row, q) => Math.Log(row.Sum(v => Math.Exp(v))) - row[targets[q]]).Average();
        Assert.Equal(expected, network.Loss(scores, tensor(targets)).ToDouble(), 4);
    }

    /// <summary>
    /// A 2-way 2-shot network on 2-D inputs whose backbone is the identity, so that scores can be worked out by hand
    /// from the inputs: class 0 has support (1, 0) and (3, 0), class 1 has (0, 2) and (1, 4), listed interleaved.
    /// </summary>
    private static (FewShotNetwork Network, Tensor Scores) IdentityBackboneScores(FewShotLearner learner)
    {
        var network = new FewShotNetwork(new FewShotLearnerSpec(new MlpBackbone(new Features(2), [2]), new FewShotClassification(2, 2, 1), learner));
        var parameters = network.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        using (no_grad())
        {
            parameters["backbone.layer_0.weight"].copy_(eye(2));
            parameters["backbone.layer_0.bias"].zero_();
        }
        var support = tensor(new float[] { 1, 0, 0, 2, 3, 0, 1, 4 }).reshape(4, 2);
        var queries = tensor(new float[] { 2, 1, 1, 3 }).reshape(2, 2);
        return (network, network.Scores(support, tensor(new long[] { 0, 1, 0, 1 }), queries, 2));
    }

    private static double[] Values(Tensor scores) => scores.data<float>().ToArray().Select(v => (double)v).ToArray();

    [Fact]
    public void Euclidean_prototypical_scores_are_negative_squared_distances_to_the_class_means()
    {
        using var scope = NewDisposeScope();
        var (network, scores) = IdentityBackboneScores(new Prototypical());
        using var _ = network;
        // Prototypes (2, 0) and (0.5, 3); queries (2, 1) and (1, 3).
        Assert.Equal(new[] { -1.0, -(2.25 + 4), -(1 + 9), -0.25 }, Values(scores).Select(v => Math.Round(v, 4)));
    }

    [Fact]
    public void Cosine_prototypical_scores_are_scaled_cosines_to_the_class_means()
    {
        using var scope = NewDisposeScope();
        var (network, scores) = IdentityBackboneScores(new Prototypical(Distance.Cosine, CosineScale: 5));
        using var _ = network;
        static double Cosine(double[] a, double[] b) => (a[0] * b[0] + a[1] * b[1]) / Math.Sqrt((a[0] * a[0] + a[1] * a[1]) * (b[0] * b[0] + b[1] * b[1]));
        double[][] prototypes = [[2, 0], [0.5, 3]], queries = [[2, 1], [1, 3]];
        var expected = queries.SelectMany(q => prototypes.Select(p => 5 * Cosine(q, p)));
        Assert.Equal(expected.Select(v => Math.Round(v, 4)), Values(scores).Select(v => Math.Round(v, 4)));
    }

    [Fact]
    public void Matching_scores_are_log_sums_of_a_softmax_over_scaled_cosines_to_every_support_row()
    {
        using var scope = NewDisposeScope();
        var (network, scores) = IdentityBackboneScores(new Matching(CosineScale: 3));
        using var _ = network;
        static double Cosine(double[] a, double[] b) => (a[0] * b[0] + a[1] * b[1]) / Math.Sqrt((a[0] * a[0] + a[1] * a[1]) * (b[0] * b[0] + b[1] * b[1]));
        double[][] support = [[1, 0], [0, 2], [3, 0], [1, 4]], queries = [[2, 1], [1, 3]];
        int[] labels = [0, 1, 0, 1];
        var expected = queries.SelectMany(q =>
        {
            var weights = support.Select(s => Math.Exp(3 * Cosine(q, s))).ToArray();
            return new[] { 0, 1 }.Select(c => Math.Log(weights.Where((_, i) => labels[i] == c).Sum() / weights.Sum()));
        });
        Assert.Equal(expected.Select(v => Math.Round(v, 4)), Values(scores).Select(v => Math.Round(v, 4)));
    }

    [Fact]
    public void Relation_scores_are_the_sigmoid_of_the_relation_module_on_query_then_class_mean()
    {
        using var scope = NewDisposeScope();
        manual_seed(4);
        var (network, scores) = IdentityBackboneScores(new Relation([3]));
        using var _ = network;
        var p = network.named_parameters().ToDictionary(x => x.name, x => x.parameter.data<float>().ToArray());
        double Relation(double[] first, double[] second)
        {
            var pair = first.Concat(second).ToArray();
            var hidden = Enumerable.Range(0, 3).Select(h => Math.Max(0, p["relation.layer_0.bias"][h] + pair.Select((x, i) => x * p["relation.layer_0.weight"][h * 4 + i]).Sum()));
            var logit = p["relation.head.bias"][0] + hidden.Select((x, h) => x * p["relation.head.weight"][h]).Sum();
            return 1 / (1 + Math.Exp(-logit));
        }
        double[][] prototypes = [[2, 0], [0.5, 3]], queries = [[2, 1], [1, 3]];

        Assert.Equal(queries.SelectMany(q => prototypes.Select(c => Math.Round(Relation(q, c), 5))), Values(scores).Select(v => Math.Round(v, 5)));
        Assert.NotEqual(Math.Round(Relation(queries[0], prototypes[1]), 5), Math.Round(Relation(prototypes[1], queries[0]), 5));
    }

    [Fact]
    public void Wrong_input_width_names_the_shape_and_the_declaration()
    {
        using var scope = NewDisposeScope();
        using var network = new FewShotNetwork(SyntheticClasses.Spec(new Prototypical(), FiveWay));
        var error = Assert.Throws<ArgumentException>(() => network.Scores(randn(5, 31), tensor(new long[] { 0, 1, 2, 3, 4 }), randn(2, 32), 5));
        Assert.Contains("[5, 31]", error.Message);
        Assert.Contains("MlpBackbone", error.Message);
        Assert.Contains("32 features", error.Message);
    }

    [Fact]
    public void A_ways_mismatch_between_scores_and_labels_is_named()
    {
        using var scope = NewDisposeScope();
        using var network = new FewShotNetwork(SyntheticClasses.Spec(new Matching(), FiveWay));
        var error = Assert.Throws<ArgumentException>(() => network.Loss(randn(3, 5), tensor(new long[] { 0, 5, 1 })));
        Assert.Contains("Ways mismatch", error.Message);
        Assert.Contains("5 ways", error.Message);
        Assert.Contains("per query row", Assert.Throws<ArgumentException>(() => network.Loss(randn(3, 5), tensor(new long[] { 0, 1 }))).Message);
        using var reader = new FewShotNetwork(SyntheticClasses.Spec(Learner("lstm"), FiveWay));
        Assert.Contains("5-way", Assert.Throws<ArgumentException>(() => reader.Scores(randn(3, 32), tensor(new long[] { 0, 1, 2 }), randn(2, 32), 3)).Message);
    }

    [Fact]
    public void Invalid_declarations_list_every_error()
    {
        var spec = new FewShotLearnerSpec(new MlpBackbone(new Features(0), [8, -1]), new FewShotRegression(5, 5), new Composable.AttentionReader(Width: 10, Heads: 4), MetaBatch: 0);
        var message = Assert.Throws<InvalidDeclarationException>(() => new FewShotNetwork(spec)).Message;
        Assert.Contains("CMP0006 at Backbone.Input.Width: The input has width 0", message);
        Assert.Contains("CMP0006 at Backbone.Layers[1]: The backbone layer 1 has width -1", message);
        Assert.Contains("CMP0060 at Episodes: An attention reader classifies", message);
        Assert.Contains("FewShotRegression", message);
        Assert.Contains("CMP0062 at Learner.Heads: 4 heads do not divide the token width 10", message);
        Assert.Contains("CMP0022 at MetaBatch", message);
        Assert.Equal(5, message.Split("CMP0").Length - 1);
        var conv = new FewShotLearnerSpec(new ConvBackbone(new Image(1, 28, 28), Blocks: 5), FiveWay, new Prototypical());
        var convMessage = Assert.Throws<InvalidDeclarationException>(() => new FewShotNetwork(conv)).Message;
        Assert.Contains("CMP0061 at Backbone.Blocks", convMessage);
        Assert.Contains("28×28", convMessage);
        Assert.Contains("use at most 4 blocks", convMessage);
    }

    [Fact]
    public void The_conv_backbone_takes_one_step_on_28_by_28_rows()
    {
        var spec = new FewShotLearnerSpec(new ConvBackbone(new Image(1, 28, 28), Channels: 8), FiveWay, new Prototypical());
        using var trainer = EpisodicTrainer.Create(spec, 3);
        var network = (FewShotNetwork)trainer.Model;
        Assert.Equal(8, network.EmbeddingWidth);
        Assert.Equal("backbone.block_0.conv.weight", network.named_parameters().First().name);
        using var scope = NewDisposeScope();
        var episode = new Episode(rand(5, 784), tensor(new long[] { 0, 1, 2, 3, 4 }), rand(15, 784), tensor(Enumerable.Range(0, 15).Select(i => (long)(i % 5)).ToArray()),
            new ClassEpisodeTask(ValueList.From(new[] { 10, 11, 12, 13, 14 })));
        // Training-mode batch norm normalises by the batch, so the scores before the step are the ones the step sees.
        network.train();
        double before;
        using (no_grad())
            before = network.Loss(network.Scores(episode.SupportInputs, episode.SupportTargets, episode.QueryInputs, 5), episode.QueryTargets).ToDouble();
        var weight = network.named_parameters().First().parameter.clone();

        var loss = trainer.Step([episode]).Total;

        Assert.Equal(before, loss, 5);
        Assert.Equal(1, trainer.Steps);
        Assert.False(weight.equal(network.named_parameters().First().parameter).all().item<bool>(), "the step should move the first conv weight");
        network.eval();
        using (no_grad())
        {
            var predicted = network.Scores(episode.SupportInputs, episode.SupportTargets, episode.QueryInputs, 5).argmax(1).data<long>().ToArray();
            var targets = episode.QueryTargets.data<long>().ToArray();
            Assert.Equal(predicted.Where((label, q) => label == targets[q]).Count() / 15.0, trainer.Accuracy(episode), 6);
        }
    }
}

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
    public void Scores_are_one_row_per_query_and_one_column_per_way(string learner)
    {
        using var scope = NewDisposeScope();
        manual_seed(0);
        using var network = new FewShotNetwork(SyntheticClasses.Spec(Learner(learner), FiveWay));
        var scores = network.Scores(randn(10, 32), tensor(new long[] { 0, 1, 2, 3, 4, 0, 1, 2, 3, 4 }), randn(7, 32), 5);
        Assert.Equal(new long[] { 7, 5 }, scores.shape);
        var loss = network.Loss(scores, tensor(new long[] { 0, 1, 2, 3, 4, 0, 1 }));
        Assert.Empty(loss.shape);
        Assert.True(double.IsFinite(loss.ToDouble()));
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
        var conv = new FewShotLearnerSpec(new ConvBackbone(new ImageShape(1, 28, 28), Blocks: 5), FiveWay, new Prototypical());
        var convMessage = Assert.Throws<InvalidDeclarationException>(() => new FewShotNetwork(conv)).Message;
        Assert.Contains("CMP0061 at Backbone.Blocks", convMessage);
        Assert.Contains("28×28", convMessage);
        Assert.Contains("use at most 4 blocks", convMessage);
    }

    [Fact]
    public void The_conv_backbone_takes_one_step_on_28_by_28_rows()
    {
        var spec = new FewShotLearnerSpec(new ConvBackbone(new ImageShape(1, 28, 28), Channels: 8), FiveWay, new Prototypical());
        using var trainer = EpisodicTrainer.Create(spec, 3);
        var network = (FewShotNetwork)trainer.Model;
        Assert.Equal(8, network.EmbeddingWidth);
        Assert.Equal("backbone.block_0.conv.weight", network.named_parameters().First().name);
        using var scope = NewDisposeScope();
        var episode = new Episode(rand(5, 784), tensor(new long[] { 0, 1, 2, 3, 4 }), rand(15, 784), tensor(Enumerable.Range(0, 15).Select(i => (long)(i % 5)).ToArray()),
            new ClassEpisodeTask(ValueList.From(new[] { 10, 11, 12, 13, 14 })));
        var loss = trainer.Step([episode]).Total;
        Assert.True(double.IsFinite(loss) && loss > 0);
        Assert.Equal(1, trainer.Steps);
        Assert.InRange(trainer.Accuracy(episode), 0, 1);
    }
}

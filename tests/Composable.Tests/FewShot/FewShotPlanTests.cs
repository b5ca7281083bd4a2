using System.Linq;
using Composable.FewShot;
using Composable.FewShot.Metric;
using Xunit;
using static TorchSharp.torch;

namespace Composable.Tests.FewShot;

/// <summary>
/// <see cref="FewShotPlan"/> names and shapes every parameter exactly as TorchSharp registers it: the backbones'
/// own modules, and TorchSharp's LSTM and layer norm for the readers' children.
/// </summary>
public class FewShotPlanTests
{
    private static readonly FewShotClassification FourWay = new(Ways: 4, Shots: 1, Queries: 2);

    /// <summary><c>name [d0, d1]</c> of every planned parameter under <paramref name="prefix"/>, without the prefix.</summary>
    private static string[] Planned(FewShotPlan plan, string prefix) => plan.Parameters
        .Where(p => p.Name.StartsWith(prefix, System.StringComparison.Ordinal))
        .Select(p => $"{p.Name.Substring(prefix.Length)} [{string.Join(", ", p.Shape)}]").ToArray();

    private static string[] Registered(nn.Module module) =>
        module.named_parameters().Select(p => $"{p.name} [{string.Join(", ", p.parameter.shape)}]").ToArray();

    [Fact]
    public void Mlp_backbone_parameters_are_those_of_MlpEmbedding()
    {
        var spec = new FewShotLearnerSpec(new MlpBackbone(new Features(6), [5, 3]), FourWay, new Prototypical());
        var plan = FewShotPlan.For(spec);
        using var module = new MlpEmbedding(6, [5, 3], Activation.Relu);

        Assert.Equal(Registered(module), Planned(plan, "backbone."));
        Assert.Equal(module.OutputWidth, plan.EmbeddingWidth);
        Assert.Equal(plan.Parameters.Count(), Planned(plan, "backbone.").Length);
    }

    [Theory]
    [InlineData(1, 28, 28, 4, 8)]
    [InlineData(3, 15, 9, 2, 4)]
    [InlineData(2, 7, 13, 1, 3)]
    public void Conv_backbone_parameters_and_embedding_width_are_those_of_ConvEmbedding(int channels, int height, int width, int blocks, int blockChannels)
    {
        var spec = new FewShotLearnerSpec(new ConvBackbone(new Image(channels, height, width), blocks, blockChannels), FourWay, new Matching());
        var plan = FewShotPlan.For(spec);
        using var module = new ConvEmbedding(channels, height, width, blockChannels, blocks);

        Assert.Equal(Registered(module), Planned(plan, "backbone."));
        Assert.Equal(module.OutputWidth, plan.EmbeddingWidth);
        Assert.Equal(module.OutputWidth, FewShotPlan.EmbeddingWidthOf(spec.Backbone));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Lstm_reader_parameters_follow_TorchSharp_LSTM_registration(int layers)
    {
        var spec = new FewShotLearnerSpec(new MlpBackbone(new Features(6), [5]), FourWay, new LstmReader(Hidden: 7, Layers: layers));
        var plan = FewShotPlan.For(spec);
        using var lstm = nn.LSTM(5 + 4, 7, numLayers: layers);

        Assert.Equal(Registered(lstm), Planned(plan, "reader.lstm."));
        Assert.Equal(["reader.head.weight", "reader.head.bias"], plan.Parameters.Select(p => p.Name).TakeLast(2));
        Assert.Equal([4, 7], plan.Parameters.Single(p => p.Name == "reader.head.weight").Shape);
    }

    [Fact]
    public void Layer_norm_parameters_are_weight_then_bias()
    {
        var spec = new FewShotLearnerSpec(new MlpBackbone(new Features(6), [5]), FourWay, new AttentionReader(Width: 8, Heads: 2, Layers: 1));
        var plan = FewShotPlan.For(spec);
        using var norm = nn.LayerNorm(8);

        Assert.Equal(Registered(norm), Planned(plan, "reader.final_norm."));
        Assert.Equal([8, 5 + 4], plan.Parameters.Single(p => p.Name == "reader.embed.weight").Shape);
        Assert.Equal(
            ["attention_norm", "query", "key", "value", "output", "feed_forward_norm", "feed_forward_in", "feed_forward_out"],
            plan.Layers.Where(l => l.Name.StartsWith("reader.layer_0.", System.StringComparison.Ordinal)).Select(l => l.Name.Substring("reader.layer_0.".Length)));
    }

    [Fact]
    public void Relation_module_reads_query_and_class_embeddings_side_by_side()
    {
        var spec = new FewShotLearnerSpec(new MlpBackbone(new Features(6), [5]), FourWay, new Relation([8]));
        var plan = FewShotPlan.For(spec);

        Assert.Equal(
            ["layer_0.weight [8, 10]", "layer_0.bias [8]", "head.weight [1, 8]", "head.bias [1]"],
            Planned(plan, "relation."));
        Assert.Equal(6 * 5 + 5 + 10 * 8 + 8 + 8 + 1, plan.ParameterCount);
    }

    [Fact]
    public void Graph_text_lists_learner_episodes_backbone_and_the_parameters_of_the_built_network()
    {
        var spec = new FewShotLearnerSpec(new MlpBackbone(new Features(6), [5]), FourWay, new LstmReader(Hidden: 7));
        var text = FewShotGraphText.Render("Reader.Network", FewShotPlan.For(spec));
        using var network = new FewShotNetwork(spec);

        Assert.StartsWith("Reader.Network: LSTM reader, 7 hidden, 1 layer\nepisodes: 4-way 1-shot classification, 2 queries per class\n", text);
        Assert.Contains("├─ reader.lstm: LSTM(9 -> 7, 1 layer)\n", text);
        Composable.Tests.Reporting.GraphListing.AssertDescribes(text, network);
    }
}

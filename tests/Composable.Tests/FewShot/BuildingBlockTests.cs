using System;
using System.Linq;
using Composable.FewShot.BlackBox;
using AttentionModule = Composable.FewShot.BlackBox.AttentionReader;
using LstmModule = Composable.FewShot.BlackBox.LstmReader;
using Composable.FewShot.Metric;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Composable.Tests.FewShot;

public class BuildingBlockTests
{
    [Fact]
    public void Matching_attention_mixes_support_labels_by_softmax_over_scaled_cosines()
    {
        using var scope = NewDisposeScope();
        var queries = tensor(new float[] { 1, 0, 0, 2 }).reshape(2, 2);
        var support = tensor(new float[] { 3, 0, 0, 1, -1, 0 }).reshape(3, 2);
        var labels = tensor(new long[] { 0, 1, 1 });
        var logp = MatchingAttention.LogProbabilities(queries, support, labels, ways: 3, cosineScale: 2).data<float>().ToArray();
        // Query 0: cosines (1, 0, −1) → weights ∝ (e², 1, e⁻²); query 1: cosines (0, 1, 0) → (1, e², 1). Class 2 has no support.
        var e2 = Math.Exp(2);
        var z0 = e2 + 1 + 1 / e2;
        var z1 = 2 + e2;
        var expected = new[] { Math.Log(e2 / z0), Math.Log((1 + 1 / e2) / z0), Math.Log(1e-8), Math.Log(1 / z1), Math.Log((1 + e2) / z1), Math.Log(1e-8) };
        Assert.Equal(expected.Select(v => Math.Round(v, 3)), logp.Select(v => Math.Round((double)v, 3)));
    }

    [Fact]
    public void Cosine_prototype_logits_ignore_embedding_length()
    {
        using var scope = NewDisposeScope();
        var support = tensor(new float[] { 1, 0, 5, 0, 0, 1, 0, 3 }).reshape(4, 2);
        var prototypes = Prototypes.Of(support, tensor(new long[] { 0, 0, 1, 1 }), 2);
        var logits = Prototypes.Logits(tensor(new float[] { 10, 10, 0, 0.5f }).reshape(2, 2), prototypes, Distance.Cosine, 3).data<float>().ToArray();
        var diagonal = 3 / MathF.Sqrt(2);
        Assert.Equal(new[] { diagonal, diagonal, 0, 3 }, logits.Select(v => MathF.Round(v, 4)).ToArray(), new Tolerance(1e-4f));
    }

    [Fact]
    public void Relation_module_scores_the_sigmoid_of_its_layers_on_query_then_class_embedding()
    {
        using var scope = NewDisposeScope();
        using var relation = new RelationModule(2, [2]);
        Assert.Equal(["layer_0.weight", "layer_0.bias", "head.weight", "head.bias"], relation.named_parameters().Select(p => p.name));
        var parameters = relation.named_parameters().Select(p => p.parameter).ToArray();
        using (no_grad())
        {
            // Hidden unit 0 reads the query's first feature, unit 1 the class embedding's features summed, less 1.
            parameters[0].copy_(tensor(new float[] { 1, 0, 0, 0, 0, 0, 1, 1 }).reshape(2, 4));
            parameters[1].copy_(tensor(new float[] { 0, -1 }));
            parameters[2].copy_(tensor(new float[] { 2, -1 }).reshape(1, 2));
            parameters[3].copy_(tensor(new float[] { 0.5f }));
        }
        static double Score(float[] query, float[] @class) =>
            1 / (1 + Math.Exp(-(2 * Math.Max(0, query[0]) - Math.Max(0, @class[0] + @class[1] - 1) + 0.5)));
        float[][] queries = [[2, 0], [-1, 2]], classes = [[0, 3], [2, 0], [1, 1]];

        var scores = relation.Scores(tensor(queries.SelectMany(q => q).ToArray()).reshape(2, 2), tensor(classes.SelectMany(c => c).ToArray()).reshape(3, 2));

        Assert.Equal(new long[] { 2, 3 }, scores.shape);
        Assert.Equal(queries.SelectMany(q => classes.Select(c => Math.Round(Score(q, c), 5))), scores.data<float>().ToArray().Select(v => Math.Round((double)v, 5)));
        Assert.NotEqual(Score(queries[0], classes[0]), Score(classes[0], queries[0]));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Readers_give_one_row_of_logits_per_query(bool attention)
    {
        using var scope = NewDisposeScope();
        manual_seed(0);
        using EpisodeReader reader = attention ? new AttentionModule(8, 4, 16, 4, 2) : new LstmModule(8, 4, 12, 2);
        var logits = reader.Logits(randn(6, 8), tensor(new long[] { 0, 1, 2, 3, 0, 1 }), randn(7, 8));
        Assert.Equal(new long[] { 7, 4 }, logits.shape);
        var error = Assert.Throws<ArgumentException>(() => reader.Logits(randn(6, 9), tensor(new long[] { 0, 1, 2, 3, 0, 1 }), randn(7, 9)));
        Assert.Contains("[6, 9]", error.Message);
        Assert.Contains("8 wide", error.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Each_query_is_read_independently_of_the_other_queries(bool attention)
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        using EpisodeReader reader = attention ? new AttentionModule(8, 3, 16, 2, 2) : new LstmModule(8, 3, 12, 1);
        reader.eval();
        var support = randn(6, 8);
        var labels = tensor(new long[] { 0, 1, 2, 0, 1, 2 });
        var queries = randn(5, 8);
        var changed = queries.clone();
        changed[2] = randn(8) * 5;
        var before = reader.Logits(support, labels, queries);
        var after = reader.Logits(support, labels, changed);
        var others = tensor(new long[] { 0, 1, 3, 4 });
        Assert.True(before.index_select(0, others).allclose(after.index_select(0, others), rtol: 0, atol: 1e-6), "other queries' logits unchanged");
        Assert.False(before[2].allclose(after[2]), "the changed query's logits change");
        // Alone, a query gets the same logits as in the batch.
        var alone = reader.Logits(support, labels, queries.narrow(0, 3, 1));
        Assert.True(alone.allclose(before.narrow(0, 3, 1), rtol: 0, atol: 1e-5));
    }

    [Fact]
    public void Reader_tokens_ignore_a_common_offset_and_scale_of_the_embeddings_and_give_labels_the_embeddings_norm()
    {
        using var scope = NewDisposeScope();
        manual_seed(2);
        var (support, queries) = (randn(6, 8), randn(3, 8));
        var labels = tensor(new long[] { 0, 1, 2, 0, 1, 2 });
        var (supportTokens, queryTokens) = ReaderTokens.Of(support, labels, queries, 3);
        // What a ReLU-and-pool backbone gives: all-positive embeddings sharing a large offset, at another scale.
        var offset = rand(1, 8) * 10 + 5;
        var (offsetSupport, offsetQueries) = ReaderTokens.Of(support * 3 + offset, labels, queries * 3 + offset, 3);
        Assert.True(supportTokens.allclose(offsetSupport, rtol: 0, atol: 1e-4), "support tokens unchanged by a common offset and scale");
        Assert.True(queryTokens.allclose(offsetQueries, rtol: 0, atol: 1e-4), "query tokens unchanged by a common offset and scale");
        var root = MathF.Sqrt(8);
        Assert.Equal(Enumerable.Repeat(root, 9), cat(new[] { supportTokens.narrow(1, 0, 8), queryTokens.narrow(1, 0, 8) }, 0).norm(1).data<float>(), new Tolerance(1e-3f));
        Assert.Equal(new long[] { 0, 1, 2, 0, 1, 2 }, supportTokens.narrow(1, 8, 3).argmax(1).data<long>().ToArray());
        Assert.Equal(Enumerable.Repeat(root, 6), supportTokens.narrow(1, 8, 3).norm(1).data<float>(), new Tolerance(1e-5f));
        Assert.Equal(0, queryTokens.narrow(1, 8, 3).abs().sum().ToSingle());
    }

    [Fact]
    public void Attention_mask_lets_support_see_support_and_each_query_support_and_itself()
    {
        using var scope = NewDisposeScope();
        var allowed = AttentionModule.Mask(2, 2).eq(0).to_type(ScalarType.Int32).data<int>().ToArray();
        Assert.Equal(new[]
        {
            1, 1, 0, 0,
            1, 1, 0, 0,
            1, 1, 1, 0,
            1, 1, 0, 1,
        }, allowed);
    }

    [Fact]
    public void Reader_parameters_have_the_contract_names()
    {
        manual_seed(0);
        using var lstm = new LstmModule(8, 5, 12, 2);
        Assert.Equal(
            ["lstm.weight_ih_l0", "lstm.weight_hh_l0", "lstm.bias_ih_l0", "lstm.bias_hh_l0",
             "lstm.weight_ih_l1", "lstm.weight_hh_l1", "lstm.bias_ih_l1", "lstm.bias_hh_l1", "head.weight", "head.bias"],
            lstm.named_parameters().Select(p => p.name));
        Assert.Equal(new long[] { 48, 13 }, lstm.named_parameters().First().parameter.shape);
        using var attention = new AttentionModule(8, 5, 16, 4, 1);
        Assert.Equal(
            ["embed.weight", "embed.bias",
             "layer_0.attention_norm.weight", "layer_0.attention_norm.bias", "layer_0.query.weight", "layer_0.query.bias",
             "layer_0.key.weight", "layer_0.key.bias", "layer_0.value.weight", "layer_0.value.bias", "layer_0.output.weight", "layer_0.output.bias",
             "layer_0.feed_forward_norm.weight", "layer_0.feed_forward_norm.bias", "layer_0.feed_forward_in.weight", "layer_0.feed_forward_in.bias",
             "layer_0.feed_forward_out.weight", "layer_0.feed_forward_out.bias", "final_norm.weight", "final_norm.bias", "head.weight", "head.bias"],
            attention.named_parameters().Select(p => p.name));
        Assert.Equal(new long[] { 16, 13 }, attention.named_parameters().First().parameter.shape);
        Assert.Throws<ArgumentException>(() => new AttentionModule(8, 5, 18, 4, 1));
    }

    private sealed class Tolerance(float tolerance) : System.Collections.Generic.IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(float obj) => 0;
    }
}

using System;
using System.Linq;
using Composable.Data.Glyphs;
using Composable.Meta.Episodes;
using Composable.Meta.Metric;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Composable.Tests.Meta;

public class PrototypicalTests
{
    [Fact]
    public void Prototypes_are_mean_support_embeddings_per_label()
    {
        using var scope = NewDisposeScope();
        var embeddings = tensor(new float[] { 1, 0, 3, 0, 0, 2, 0, 4 }).reshape(4, 2);
        var labels = tensor(new long[] { 1, 1, 0, 0 });
        var prototypes = Prototypes.Of(embeddings, labels, 2);
        Assert.Equal(new float[] { 0, 3, 2, 0 }, prototypes.data<float>().ToArray());
    }

    [Fact]
    public void Euclidean_logits_are_negative_squared_distances_and_cosine_logits_scaled_similarities()
    {
        using var scope = NewDisposeScope();
        var queries = tensor(new float[] { 1, 1, 3, 0 }).reshape(2, 2);
        var prototypes = tensor(new float[] { 0, 1, 2, 2, 1, 0 }).reshape(3, 2);
        var euclidean = Prototypes.Logits(queries, prototypes, MetricDistance.SquaredEuclidean).data<float>().ToArray();
        Assert.Equal(new float[] { -1, -2, -1, -10, -5, -4 }, euclidean.Select(v => MathF.Round(v, 4)).ToArray());
        var cosine = Prototypes.Logits(queries, prototypes, MetricDistance.Cosine, cosineScale: 2).data<float>().ToArray();
        var half = 2 / MathF.Sqrt(2);
        Assert.Equal(new[] { half, 2, half, 0, half, 2 }, cosine.Select(v => MathF.Round(v, 4)).ToArray(), new FloatTolerance(1e-3f));
    }

    private sealed class FloatTolerance(float tolerance) : System.Collections.Generic.IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(float obj) => 0;
    }

    /// <summary>Classes are Gaussian clusters in 32 dimensions hidden behind a fixed random linear mixing with noise.</summary>
    private static ClassIndexedFamily Clusters(int classes = 60, int perClass = 12)
    {
        var random = new Random(4);
        var centres = Enumerable.Range(0, classes).Select(_ => Enumerable.Range(0, 32).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray()).ToArray();
        var labels = Enumerable.Range(0, classes).SelectMany(c => Enumerable.Repeat(c, perClass)).ToArray();
        var features = labels.SelectMany(c => centres[c].Select(v => v + (float)(0.6 * (random.NextDouble() * 2 - 1)))).ToArray();
        return new ClassIndexedFamily(tensor(features).reshape(labels.Length, 32), labels, new FewShotClassification(5, 1, 5), splitSeed: 2);
    }

    [Theory]
    [InlineData(MetricDistance.SquaredEuclidean)]
    [InlineData(MetricDistance.Cosine)]
    public void Protonets_with_the_mlp_embedding_learn_synthetic_classes(MetricDistance distance)
    {
        manual_seed(1);
        var family = Clusters();
        using var embedding = new MlpEmbedding(32, [64, 32]);
        using var trainer = new PrototypicalTrainer(embedding, distance, learningRate: 1e-3);
        var before = trainer.Evaluate(family, MetaSplit.Test, 100);
        var losses = new System.Collections.Generic.List<double>();
        trainer.Train(family, 300, progress: (_, loss) => losses.Add(loss));
        var after = trainer.Evaluate(family, MetaSplit.Test, 100);
        Assert.Equal(300, trainer.Steps);
        Assert.True(losses.Skip(250).Average() < losses.Take(50).Average(), "loss falls");
        Assert.True(after.Mean > 0.8, $"accuracy {after} (before training {before})");
        Assert.True(after.HalfWidth95 is > 0 and < 0.1);
    }

    [Fact]
    public void Conv_embedding_maps_28_by_28_glyph_rows_to_64_features()
    {
        using var scope = NewDisposeScope();
        using var embedding = new ConvEmbedding(1, 28, 28);
        Assert.Equal(64, embedding.OutputWidth);
        Assert.Equal(new long[] { 3, 64 }, embedding.forward(rand(3, 784)).shape);
        Assert.Contains("block_0.conv.weight", embedding.state_dict().Keys);
        Assert.Contains("block_3.norm.running_mean", embedding.state_dict().Keys);
        Assert.Throws<ArgumentException>(() => new ConvEmbedding(1, 28, 28, blocks: 5));
    }

    [Fact]
    public void A_short_kanji_run_beats_chance_and_nearest_neighbour_runs()
    {
        manual_seed(2);
        var glyphs = GlyphDataset.EvenSubset(KanjiData.Load(), 120);
        var family = new GlyphDataset(glyphs, samplesPerClass: 10, seed: 1).Family(new FewShotClassification(5, 1, 5), splitSeed: 1);
        using var embedding = new ConvEmbedding(1, 28, 28, channels: 32);
        using var trainer = new PrototypicalTrainer(embedding);
        trainer.Train(family, 150);
        var protonets = trainer.Evaluate(family, MetaSplit.Test, 60);
        var pixels = NearestNeighbour.Evaluate(family, MetaSplit.Test, 60);
        Assert.True(protonets.Mean > 0.4, $"ProtoNets {protonets}, 1-NN {pixels}; chance is 20 %");
        Assert.True(pixels.Mean > 0.2, $"1-NN {pixels}");
    }
}

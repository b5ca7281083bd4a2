using System;
using System.Linq;
using Composable.Data.Episodes;
using Composable.Data.Glyphs;
using Composable.FewShot;
using Composable.FewShot.Metric;
using Composable.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Composable.Tests.FewShot;

public class PrototypicalTests : IDisposable
{
    // Raw convolutions back-propagated outside any trainer step, through layers oneDNN would pad: held on the native
    // kernels so that another test class's oneDNN training step cannot switch them meanwhile (CpuKernels.Hold).
    private readonly ConvolutionLease _native = CpuKernels.Hold(ConvolutionKernels.Native);

    /// <summary>Ends the hold on the native kernels.</summary>
    public void Dispose()
    {
        _native.Dispose();
        GC.SuppressFinalize(this);
    }

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
        var euclidean = Prototypes.Logits(queries, prototypes, Distance.SquaredEuclidean).data<float>().ToArray();
        Assert.Equal(new float[] { -1, -2, -1, -10, -5, -4 }, euclidean.Select(v => MathF.Round(v, 4)).ToArray());
        var cosine = Prototypes.Logits(queries, prototypes, Distance.Cosine, cosineScale: 2).data<float>().ToArray();
        var half = 2 / MathF.Sqrt(2);
        Assert.Equal(new[] { half, 2, half, 0, half, 2 }, cosine.Select(v => MathF.Round(v, 4)).ToArray(), new FloatTolerance(1e-3f));
    }

    private sealed class FloatTolerance(float tolerance) : System.Collections.Generic.IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(float obj) => 0;
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
    public void Conv_embedding_pooling_before_its_relu_equals_the_textbook_block_order_in_values_gradients_and_statistics()
    {
        using var scope = NewDisposeScope();
        torch.manual_seed(5);
        using var embedding = new ConvEmbedding(1, 28, 28, channels: 8, blocks: 3);
        torch.manual_seed(5);
        using var textbook = new ConvEmbedding(1, 28, 28, channels: 8, blocks: 3);
        // Glyph-like rows: blank backgrounds make many exact ties inside pooling windows.
        var images = rand(6, 784).lt(0.2).to_type(ScalarType.Float32);
        var weights = randn(6, 8 * 3 * 3);
        embedding.train();
        textbook.train();

        var output = embedding.forward(images);
        var expected = images.reshape(-1, 1, 28, 28);
        foreach (var block in textbook.children())
        {
            // The textbook order through the block's own layers: conv, norm, relu, pool.
            var layers = block.named_children().ToDictionary(c => c.name, c => (nn.Module<Tensor, Tensor>)c.module);
            expected = nn.functional.max_pool2d(layers["norm"].forward(layers["conv"].forward(expected)).relu(), 2);
        }
        expected = expected.flatten(1);
        output.mul(weights).sum().backward();
        expected.mul(weights).sum().backward();

        Assert.True(output.equal(expected).all().item<bool>(), "embeddings differ");
        var textbookParameters = textbook.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        Assert.All(embedding.named_parameters(), p => Assert.True(p.parameter.grad!.equal(textbookParameters[p.name].grad!).all().item<bool>(), $"{p.name}.grad differs"));
        var textbookBuffers = textbook.named_buffers().ToDictionary(b => b.name, b => b.buffer);
        Assert.All(embedding.named_buffers(), b => Assert.True(b.buffer.equal(textbookBuffers[b.name]).all().item<bool>(), $"{b.name} differs"));
        Assert.True(embedding.named_parameters().Sum(p => p.parameter.grad!.abs().sum().item<float>()) > 0);
    }

    [Fact]
    public void A_short_kanji_run_beats_chance_and_the_raw_pixel_nearest_neighbour()
    {
        var glyphs = GlyphDataset.EvenSubset(KanjiData.Load(), 120);
        var family = new GlyphDataset(glyphs, samplesPerClass: 10, seed: 1).Family(new FewShotClassification(5, 1, 5), splitSeed: 1);
        var spec = new FewShotLearnerSpec(new ConvBackbone(new Image(1, 28, 28), Channels: 32), family.Shape, new Prototypical());
        using var trainer = EpisodicTrainer.Create(spec, 2);
        trainer.Fit(new EpisodeSource(family, MetaSplit.Train, 150 * trainer.MetaBatch), new FitOptions(Steps: 150));
        var protonets = trainer.Evaluate(new EpisodeSource(family, MetaSplit.Test, 60)).Accuracy!;
        var pixels = NearestNeighbour.Evaluate(family, MetaSplit.Test, 60);
        Assert.True(protonets.Mean > 0.4, $"ProtoNets {protonets}, 1-NN {pixels}; chance is 20 %");
        Assert.True(protonets.Mean > pixels.Mean, $"ProtoNets {protonets}, 1-NN {pixels}");
    }
}

using System.Collections.Generic;
using System.Linq;
using Composable.Meta.Metric;
using TorchSharp;
using static TorchSharp.torch;

namespace Composable.Bench.ProtoNet;

/// <summary>
/// Composable's ProtoNet training episode: <see cref="PrototypicalTrainer.Step"/> over the library's
/// <see cref="ConvEmbedding"/> — zero_grad, embed the 25 support images, embed the 75 query images (two forwards,
/// batch norm in training mode on each), prototypes, negative squared Euclidean logits, cross-entropy, backward, Adam
/// step, the loss read back, all in one dispose scope.
/// </summary>
internal sealed class ComposableProtoNetContender : IStepContender
{
    private readonly ProtoNetEpisodes data;
    private readonly ConvEmbedding embedding;
    private readonly PrototypicalTrainer trainer;
    private int next;

    public ComposableProtoNetContender(ProtoNetEpisodes data, int seed)
    {
        this.data = data;
        torch.manual_seed(seed);
        embedding = ProtoNetBenchModel.Backbone();
        trainer = new PrototypicalTrainer(embedding, MetricDistance.SquaredEuclidean, ProtoNetBenchModel.LearningRate);
    }

    public string Name => ProtoNetContenders.Composable;

    /// <summary>Parameters and batch-norm buffers by state-dict name, as they stand (the peer copies them at start).</summary>
    public IEnumerable<(string Name, Tensor Value)> State() =>
        embedding.state_dict().Select(kv => (kv.Key, kv.Value));

    public void Step()
    {
        trainer.Step(data.Episodes[next]);
        next = (next + 1) % data.Episodes.Count;
    }

    /// <summary>
    /// Mean query cross-entropy over the fixed episodes as a training step computes it (training mode: batch
    /// statistics), without gradients; the batch-norm running statistics are put back afterwards.
    /// </summary>
    public double MeasureLoss()
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var buffers = embedding.buffers().ToArray();
        var saved = buffers.Select(b => b.clone()).ToArray();
        embedding.train();
        var loss = data.Episodes.Average(e => (double)nn.functional.cross_entropy(trainer.Logits(e), e.QueryTargets).item<float>());
        for (var i = 0; i < buffers.Length; i++) buffers[i].copy_(saved[i]);
        return loss;
    }

    public void Dispose()
    {
        trainer.Dispose();
        embedding.Dispose();
    }
}

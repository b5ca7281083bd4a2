using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace Composable.Bench.ProtoNet;

/// <summary>
/// Composable's ProtoNet training episode: the generated <c>ProtoNetBenchModel.Trainer.Step</c> — zero_grad, embed
/// the 25 support and 75 query images in one backbone forward (batch norm in training mode over all 100), split,
/// prototypes, negative squared Euclidean logits, cross-entropy, backward, Adam step, the loss read back, all in one
/// dispose scope.
/// </summary>
internal sealed class ComposableProtoNetContender : IStepContender
{
    private readonly GlyphEpisodes data;
    private readonly ProtoNetBenchModel.Trainer trainer;
    private int next;

    public ComposableProtoNetContender(GlyphEpisodes data, int seed)
    {
        this.data = data;
        trainer = ProtoNetBenchModel.Trainer.Create(seed);
    }

    public string Name => ProtoNetContenders.Composable;

    /// <summary>Parameters and batch-norm buffers by state-dict name, as they stand (the peer copies them at start).</summary>
    public IEnumerable<(string Name, Tensor Value)> State() =>
        trainer.Network.state_dict().Select(kv => (kv.Key, kv.Value));

    public void Step()
    {
        trainer.Step(new[] { data.Episodes[next] });
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
        var network = trainer.Network;
        var buffers = network.buffers().ToArray();
        var saved = buffers.Select(b => b.clone()).ToArray();
        network.train();
        var loss = data.Episodes.Average(e =>
            (double)network.Loss(network.Scores(e.SupportInputs, e.SupportTargets, e.QueryInputs, ProtoNetBenchModel.Ways), e.QueryTargets).item<float>());
        for (var i = 0; i < buffers.Length; i++) buffers[i].copy_(saved[i]);
        return loss;
    }

    public void Dispose() => trainer.Dispose();
}

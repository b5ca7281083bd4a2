using System;
using System.Collections.Generic;
using TorchSharp;
using static TorchSharp.torch;

namespace Composable.Bench.Mmoe;

/// <summary>One pre-generated batch of the MMoE benchmark: inputs [B, 100], Click float32 [B, 1] of 0/1, Watch float32 [B, 1].</summary>
internal sealed record MmoeBatch(Tensor Inputs, Tensor Click, Tensor Watch);

/// <summary>
/// The MMoE benchmark's data, made once from a fixed seed and cycled: click = [z0 &gt; 0], watch = z1 / 8 with
/// z = x·W, W ~ N(0, 1). <c>bench/pytorch/mmoe.py</c> uses the same recipe and RNG call order.
/// </summary>
internal sealed class MmoeBatches : IDisposable
{
    public const int InputFeatures = 100;

    private readonly DisposeScope scope;

    private MmoeBatches(DisposeScope scope, IReadOnlyList<MmoeBatch> batches)
    {
        this.scope = scope;
        Batches = batches;
    }

    public IReadOnlyList<MmoeBatch> Batches { get; }

    public static MmoeBatches Create(int count, int batchSize, int seed)
    {
        var scope = torch.NewDisposeScope();
        using (torch.no_grad())
        {
            torch.manual_seed(seed);
            var projection = torch.randn(InputFeatures, 2);
            var batches = new List<MmoeBatch>(count);
            for (var i = 0; i < count; i++)
            {
                var inputs = torch.randn(batchSize, InputFeatures);
                var z = inputs.matmul(projection);
                batches.Add(new MmoeBatch(inputs, z[.., 0..1].gt(0).to_type(ScalarType.Float32), z[.., 1..2].div(8.0)));
            }
            return new MmoeBatches(scope, batches);
        }
    }

    public void Dispose() => scope.Dispose();
}

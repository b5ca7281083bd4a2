using System;
using System.Collections.Generic;
using TorchSharp;
using static TorchSharp.torch;

namespace Composable.Bench;

/// <summary>One pre-generated training batch of the hard-sharing benchmark; all targets are float32 [B, 1].</summary>
internal sealed record HardSharingBatch(Tensor Inputs, Tensor Income, Tensor Marital, Tensor Age);

/// <summary>
/// The benchmark's data: a few random batches made once from a fixed seed and cycled, identical for every
/// .NET contender. <c>bench/pytorch/hard_sharing.py</c> makes its batches with the same recipe and the same
/// sequence of torch RNG calls, so both sides start from the same losses.
/// </summary>
internal sealed class FixedBatches : IDisposable
{
    public const int InputFeatures = 64;

    private readonly DisposeScope scope;

    public IReadOnlyList<HardSharingBatch> Batches { get; }

    private FixedBatches(DisposeScope scope, IReadOnlyList<HardSharingBatch> batches)
    {
        this.scope = scope;
        Batches = batches;
    }

    /// <summary>
    /// Targets come from a fixed random linear map of the inputs, so the tasks are learnable and a training
    /// run shows falling losses: income = [z0 &gt; 0], marital = [z1 &gt; 0], age = z2 / 8 (z = x·W, W ~ N(0, 1)).
    /// <paramref name="inputFeatures"/> is the row width (<see cref="InputFeatures"/>, or 784 for the conv benchmark's
    /// 28×28 images, which read the same rows as pixels).
    /// </summary>
    public static FixedBatches Create(int count, int batchSize, int seed, int inputFeatures = InputFeatures)
    {
        var scope = torch.NewDisposeScope();
        using (torch.no_grad())
        {
            torch.manual_seed(seed);
            var projection = torch.randn(inputFeatures, 3);
            var batches = new List<HardSharingBatch>(count);
            for (var i = 0; i < count; i++)
            {
                var inputs = torch.randn(batchSize, inputFeatures);
                var z = inputs.matmul(projection);
                batches.Add(new HardSharingBatch(
                    inputs,
                    z[.., 0..1].gt(0).to_type(ScalarType.Float32),
                    z[.., 1..2].gt(0).to_type(ScalarType.Float32),
                    z[.., 2..3].div(8.0)));
            }
            return new FixedBatches(scope, batches);
        }
    }

    public void Dispose() => scope.Dispose();
}

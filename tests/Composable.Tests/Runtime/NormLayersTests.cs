using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using Composable.Checkpoints;
using Composable.FewShot.Metric;
using Composable.Modules;
using Xunit;
using static TorchSharp.torch;

namespace Composable.Tests.Runtime;

/// <summary>
/// A state dict (or any list of a network's tensors) stays usable after the network is dropped and collected, for the
/// networks Composable builds; TorchSharp's own normalisation layers dispose their tensors from the finalizer.
/// </summary>
public sealed class NormLayersTests
{
    [Fact]
    public void Tensors_of_a_collected_conv_backbone_stay_usable()
    {
        var tensors = TensorsOfADroppedModule(() => new ConvEmbedding(1, 8, 8, channels: 4, blocks: 2));

        Collect();

        Assert.Contains("block_0.norm.running_mean", tensors.Keys);
        Assert.All(tensors, t => Assert.True(t.Value.sum().to_type(ScalarType.Float64).item<double>() is var sum && !double.IsNaN(sum), t.Key));
    }

    [Fact]
    public void Tensors_of_collected_norm_layers_stay_usable()
    {
        var batch = TensorsOfADroppedModule(() => NormLayers.BatchNorm2d(3));
        var layer = TensorsOfADroppedModule(() => NormLayers.LayerNorm(5));

        Collect();

        Assert.Equal(3f, batch["weight"].sum().item<float>());
        Assert.Equal(5f, layer["weight"].sum().item<float>());
    }

    [Fact]
    public void TorchSharp_batch_norm_still_disposes_its_tensors_when_collected()
    {
        // Pins the upstream behaviour NormLayers works around: when a TorchSharp upgrade stops disposing from the
        // finalizer, this fails and NormLayers can go.
        var tensors = TensorsOfADroppedModule(() => nn.BatchNorm2d(3));

        Collect();

        Assert.Throws<InvalidOperationException>(() => tensors["weight"].sum());
    }

    [Fact]
    public void Dispose_still_releases_every_tensor()
    {
        var norm = NormLayers.BatchNorm2d(3);
        var tensors = StateDict.Of(norm).Values.ToArray();

        norm.Dispose();

        Assert.All(tensors, t => Assert.True(t.IsInvalid));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Dictionary<string, Tensor> TensorsOfADroppedModule(Func<nn.Module> make) =>
        StateDict.Of(make()).ToDictionary(e => e.Key, e => e.Value);

    private static void Collect()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
    }
}

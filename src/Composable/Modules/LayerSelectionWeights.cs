using System.Collections.Generic;
using TorchSharp.Modules;
using static TorchSharp.torch;
using TorchSharp;

namespace Composable.Modules;

/// <summary>
/// The layer-selection weights β of a sluice network (Ruder et al. 2019): parameter <c>weight</c> [tasks, layers],
/// initially 1/layers. A task's head reads the concatenation of its column's layer outputs, each scaled by its β.
/// </summary>
public sealed class LayerSelectionWeights : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;

    /// <summary>β for <paramref name="tasks"/> tasks over <paramref name="layers"/> layers.</summary>
    public LayerSelectionWeights(int tasks, int layers) : base(nameof(LayerSelectionWeights))
    {
        using var share = (1.0 / layers).ToScalar();
        weight = new Parameter(full(tasks, layers, share, dtype: ScalarType.Float32));
        RegisterComponents();
    }

    /// <summary>β [tasks, layers].</summary>
    public Parameter Weight => weight;

    /// <summary>Returns β.</summary>
    public override Tensor forward(Tensor input) => weight;

    /// <summary>Task <paramref name="task"/>'s head input: cat over l of β[task, l]·layers[l], along features.</summary>
    public Tensor Select(int task, IReadOnlyList<Tensor> layers)
    {
        var scaled = new Tensor[layers.Count];
        for (var l = 0; l < scaled.Length; l++) scaled[l] = layers[l] * weight[task, l];
        return cat(scaled, 1);
    }
}

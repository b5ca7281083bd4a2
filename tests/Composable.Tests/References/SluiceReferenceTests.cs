using System.Collections.Generic;
using System.Linq;
using Composable.Tests.Generated;
using Xunit;
using static TorchSharp.torch;

namespace Composable.Tests.References;

/// <summary>
/// The generated sluice network against the equations of Ruder et al. (2019), §2, written here: each task's layer
/// output is split into S subspaces; α mixes all K·S subspaces, G̃ᵢ = Σⱼ αᵢⱼ Gⱼ (unit i = task k, subspace s is
/// i = k·S + s); each task's head reads the concatenation of its column's mixed layer outputs, layer l weighted by βₖₗ.
/// α and β are set to arbitrary values first (not the initial ones), so a subspace mix-up, a wrong β entry or a
/// skipped layer changes the outputs. The reference reads only the built model's <c>named_parameters()</c>.
/// </summary>
public sealed class SluiceReferenceTests
{
    private static readonly string[] Tasks = ["price", "segment"];
    private const int Subspaces = 2;

    [Fact]
    public void Generated_sluice_network_computes_the_papers_subspace_mixing_and_layer_selection()
    {
        using var scope = NewDisposeScope();
        manual_seed(12);
        var model = new Sluiced.Model();
        model.eval();
        using (no_grad())
        {
            var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
            Assert.Equal([4, 4], parameters["sluice_0.weight"].shape);
            Assert.Equal([2, 2], parameters["layer_selection.weight"].shape);
            parameters["sluice_0.weight"].copy_(rand(4, 4));
            parameters["sluice_1.weight"].copy_(rand(4, 4) - 0.3);
            parameters["layer_selection.weight"].copy_(tensor(new[] { 0.3f, 1.7f, -0.4f, 0.9f }).view(2, 2));
            var input = randn(5, 6, dtype: ScalarType.Float64);

            var expected = Reference(parameters.ToDictionary(kv => kv.Key, kv => kv.Value.to_type(ScalarType.Float64)), input);
            var actual = model.ForwardAll(input.to_type(ScalarType.Float32));

            for (var t = 0; t < Tasks.Length; t++)
                Assert.True(expected[t].allclose(actual[t].to_type(ScalarType.Float64), rtol: 1e-5, atol: 1e-6), $"task {Tasks[t]}");
        }
    }

    /// <summary>Ruder et al.'s network over ReLU columns [12, 8] (the declaration's), two subspaces per layer.</summary>
    private static Tensor[] Reference(IReadOnlyDictionary<string, Tensor> p, Tensor input)
    {
        var columns = Tasks.Select(_ => input).ToArray();
        var mixedLayers = new List<Tensor[]>();
        for (var layer = 0; layer < 2; layer++)
        {
            var outputs = Tasks.Select((task, k) => Affine(p, $"{task}_tower_{layer}", columns[k]).relu()).ToArray();
            var width = outputs[0].shape[1] / Subspaces;
            var units = Enumerable.Range(0, Tasks.Length * Subspaces)
                .Select(i => outputs[i / Subspaces].narrow(1, i % Subspaces * width, width)).ToArray();
            var alpha = p[$"sluice_{layer}.weight"];
            var mixed = Enumerable.Range(0, units.Length)
                .Select(i => Enumerable.Range(0, units.Length).Select(j => units[j] * alpha[i, j].item<double>()).Aggregate((a, b) => a + b))
                .ToArray();
            columns = Enumerable.Range(0, Tasks.Length).Select(k => cat(mixed.Skip(k * Subspaces).Take(Subspaces).ToArray(), 1)).ToArray();
            mixedLayers.Add(columns);
        }
        var beta = p["layer_selection.weight"];
        return Tasks.Select((task, k) => Affine(p, $"{task}_head",
            cat(mixedLayers.Select((layer, l) => layer[k] * beta[k, l].item<double>()).ToArray(), 1))).ToArray();
    }

    private static Tensor Affine(IReadOnlyDictionary<string, Tensor> p, string layer, Tensor x) =>
        x.matmul(p[$"{layer}.weight"].t()) + p[$"{layer}.bias"];
}

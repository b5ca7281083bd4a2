using System.Collections.Generic;
using System.Linq;
using Composable.Tests.Generated;
using Xunit;
using static TorchSharp.torch;

namespace Composable.Tests.References;

/// <summary>
/// The generated cross-stitch network against the paper's equations, written here from Misra et al. (2016), §3:
/// a column per task, and after each stitched layer x̃ᵏ = Σⱼ αₖⱼ xʲ over the columns' activations. The reference reads
/// only the built model's <c>named_parameters()</c>; the mixing matrices are set to arbitrary non-identity values first,
/// so a transposed α, a wrong column order or a skipped unit changes the outputs.
/// </summary>
public sealed class CrossStitchReferenceTests
{
    private static readonly string[] Tasks = ["price", "segment", "churn"];

    [Fact]
    public void Generated_cross_stitch_network_computes_the_papers_mixing_with_a_non_identity_matrix()
    {
        using var scope = NewDisposeScope();
        manual_seed(11);
        var model = new Stitched.Model();
        model.eval();
        using (no_grad())
        {
            foreach (var (name, parameter) in model.named_parameters().Where(p => p.name.StartsWith("cross_stitch_")))
                parameter.copy_(tensor(new[] { 0.7f, 0.2f, 0.1f, -0.3f, 0.9f, 0.5f, 0.25f, -0.6f, 1.1f }).view(3, 3) + (name.Contains('1') ? 0.05f : 0f));
            var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.to_type(ScalarType.Float64));
            var input = randn(5, 6, dtype: ScalarType.Float64);

            var expected = Reference(parameters, input);
            var actual = model.ForwardAll(input.to_type(ScalarType.Float32));

            for (var t = 0; t < Tasks.Length; t++)
                Assert.True(expected[t].allclose(actual[t].to_type(ScalarType.Float64), rtol: 1e-5, atol: 1e-6), $"task {Tasks[t]}");
        }
    }

    /// <summary>Misra et al.'s network: tanh columns (the declared activation) [12, 8], a unit after each layer, a head per column.</summary>
    private static Tensor[] Reference(IReadOnlyDictionary<string, Tensor> p, Tensor input)
    {
        var columns = Tasks.Select(_ => input).ToArray();
        for (var layer = 0; layer < 2; layer++)
        {
            var activations = Tasks.Select((task, k) => Affine(p, $"{task}_tower_{layer}", columns[k]).tanh()).ToArray();
            var alpha = p[$"cross_stitch_{layer}.weight"];
            columns = Enumerable.Range(0, Tasks.Length)
                .Select(k => Enumerable.Range(0, Tasks.Length).Select(j => activations[j] * alpha[k, j].item<double>()).Aggregate((a, b) => a + b))
                .ToArray();
        }
        return Tasks.Select((task, k) => Affine(p, $"{task}_head", columns[k])).ToArray();
    }

    private static Tensor Affine(IReadOnlyDictionary<string, Tensor> p, string layer, Tensor x) =>
        x.matmul(p[$"{layer}.weight"].t()) + p[$"{layer}.bias"];
}

using System.Collections.Generic;
using System.Linq;
using Composable.Data.Episodes;
using Composable.Meta;
using Xunit;
using static TorchSharp.torch;

namespace Composable.Tests.References;

/// <summary>
/// Reptile's meta-update against Nichol et al. (2018), Algorithm 2 (batched version), written here as a per-task loop:
/// for each task, k steps of SGD on its support loss from θ give φᵢ; then θ ← θ + ε · (1/n) Σᵢ (φᵢ − θ). With SGD as the
/// outer optimiser at rate ε that is exactly one <see cref="MetaTrainer.Step"/>. The reference uses torch's autograd
/// on its own forward of the 1-40-40-1 ReLU network, reading only θ from <c>named_parameters()</c>.
/// </summary>
public sealed class ReptileReferenceTests
{
    private const double InnerRate = 0.02, OuterRate = 0.5;
    private const int InnerSteps = 3;
    private static readonly string[] Layers = ["layer_0", "layer_1", "head"];

    [Fact]
    public void One_meta_step_moves_theta_towards_the_mean_of_the_tasks_adapted_weights()
    {
        using var scope = NewDisposeScope();
        var spec = new MetaLearnerSpec(new Features(1), [40, 40], 1, new FewShotRegression(10, 10),
            new Reptile(InnerSteps: InnerSteps, InnerLearningRate: InnerRate, MetaBatch: 4), Outer: new Sgd(LearningRate: OuterRate));
        using var trainer = MetaTrainer.Create(spec, seed: 3);
        var episodes = new SinusoidFamily(new FewShotRegression(10, 10)).SampleBatch(MetaSplit.Train, 0, 4);
        var theta = trainer.Network.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());

        var expected = Reference(theta, episodes);
        trainer.Step(episodes);

        var after = trainer.Network.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach());
        Assert.Equal(expected.Keys.OrderBy(k => k), after.Keys.OrderBy(k => k));
        foreach (var (name, value) in expected)
        {
            Assert.True(value.allclose(after[name], rtol: 1e-4, atol: 1e-6), $"{name}: max |Δ| = {(value - after[name]).abs().max().item<float>()}");
            Assert.False(value.allclose(theta[name], rtol: 0, atol: 1e-7), $"{name} did not move");
        }
    }

    private static Dictionary<string, Tensor> Reference(IReadOnlyDictionary<string, Tensor> theta, IReadOnlyList<Episode> episodes)
    {
        var sum = theta.ToDictionary(kv => kv.Key, kv => zeros_like(kv.Value));
        foreach (var episode in episodes)
        {
            var phi = theta.ToDictionary(kv => kv.Key, kv => kv.Value.clone().requires_grad_(true));
            for (var step = 0; step < InnerSteps; step++)
            {
                var loss = (Forward(phi, episode.SupportInputs) - episode.SupportTargets).square().mean();
                var names = phi.Keys.ToArray();
                var gradients = autograd.grad([loss], names.Select(n => phi[n]).ToArray());
                phi = names.Select((n, i) => (n, (phi[n] - InnerRate * gradients[i]).detach().requires_grad_(true))).ToDictionary(x => x.n, x => x.Item2);
            }
            foreach (var name in theta.Keys) sum[name] = sum[name] + phi[name].detach();
        }
        return theta.ToDictionary(kv => kv.Key, kv => kv.Value + OuterRate * (sum[kv.Key] / episodes.Count - kv.Value));
    }

    private static Tensor Forward(IReadOnlyDictionary<string, Tensor> p, Tensor x)
    {
        for (var l = 0; l < Layers.Length; l++)
        {
            x = x.matmul(p[$"{Layers[l]}.weight"].t()) + p[$"{Layers[l]}.bias"];
            if (l < Layers.Length - 1) x = x.relu();
        }
        return x;
    }
}

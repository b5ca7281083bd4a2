using System;
using System.Collections.Generic;
using System.Linq;
using Composable.Data.Episodes;
using Composable.Training;
using static TorchSharp.torch;
using TorchSharp;

namespace Composable.Meta.Baselines;

/// <summary>
/// The sinusoid oracle of Finn et al. (2017): the same MLP, but told the task — its input is (x, A, φ) — and trained
/// on all training tasks jointly. It needs no adaptation, so its query loss is the same after any number of steps.
/// </summary>
public sealed class SinusoidOracle : IDisposable
{
    private readonly MetaNetwork _network;
    private readonly optim.Optimizer _optimizer;
    private readonly MetaLearnerSpec _spec;

    /// <summary>An oracle with the hidden layers, activation and optimiser of <paramref name="spec"/> (a 1-input regression).</summary>
    public SinusoidOracle(MetaLearnerSpec spec, int seed = 0)
    {
        _spec = spec with { Input = new Features(3), Learner = new Maml(), Adapt = MetaPlan.DefaultAdapt(spec.Layers, null) };
        var plan = MetaPlan.For(_spec);
        _network = Training.TrainerRandom.Build(seed, () => new MetaNetwork(plan));
        _optimizer = Optimizers.Create(spec.Outer, _network.parameters());
    }

    /// <summary>One training step on every example of <paramref name="episodes"/> (sinusoid episodes); returns the loss.</summary>
    public double Step(IReadOnlyList<Episode> episodes)
    {
        using var scope = NewDisposeScope();
        _network.train();
        _optimizer.zero_grad();
        var (inputs, targets) = Pooled(episodes, support: true);
        var loss = (_network.call(inputs) - targets).pow(Scalars.Two).mean();
        loss.backward();
        _optimizer.step();
        return loss.item<float>();
    }

    /// <summary>Query MSE per episode, repeated for 0…<paramref name="steps"/> steps (the oracle does not adapt).</summary>
    public AdaptationCurves MeasureAdaptation(IReadOnlyList<Episode> episodes, int steps)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        _network.eval();
        return new AdaptationCurves(episodes.Select(e =>
        {
            var (inputs, targets) = Pooled(new[] { e }, support: false);
            var mse = (double)(_network.call(inputs) - targets).pow(Scalars.Two).mean().item<float>();
            return Enumerable.Repeat(mse, steps + 1).ToArray();
        }).ToArray(), null);
    }

    private static (Tensor Inputs, Tensor Targets) Pooled(IReadOnlyList<Episode> episodes, bool support)
    {
        var inputs = new List<Tensor>();
        var targets = new List<Tensor>();
        foreach (var e in episodes)
        {
            var task = (SinusoidTask)e.Task;
            var x = support ? cat(new[] { e.SupportInputs, e.QueryInputs }, 0) : e.QueryInputs;
            var n = x.shape[0];
            using var amplitude = ((float)task.Amplitude).ToScalar();
            using var phase = ((float)task.Phase).ToScalar();
            inputs.Add(cat(new[] { x, full(n, 1, amplitude), full(n, 1, phase) }, 1));
            targets.Add(support ? cat(new[] { e.SupportTargets, e.QueryTargets }, 0) : e.QueryTargets);
        }
        return (cat(inputs.ToArray(), 0), cat(targets.ToArray(), 0));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _optimizer.Dispose();
        _network.Dispose();
    }
}

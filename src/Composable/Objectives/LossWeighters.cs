using System;
using System.Collections.Generic;
using System.Linq;
using Composable.Checkpoints;
using Composable.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Composable.Objectives;

/// <summary>
/// The run-time state and step of a <see cref="LossWeighting"/>: from the step's per-task losses (declared-weight
/// scaled) to the objective that one backward pass minimises, and the weights it gave each task. Generated trainers hold
/// their declaration's weighter as a typed member; the interpreter makes it with <see cref="LossWeighters.Create"/>.
/// </summary>
public interface ILossWeighting : IDisposable
{
    /// <summary>Learned state the trainer's optimiser trains with the model (log-variances, GradNorm's weights); often none.</summary>
    IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>The objective for <paramref name="losses"/> (one per task) and each task's weight this step.</summary>
    (Tensor Objective, double[] Weights) Combine(IReadOnlyList<Tensor> losses);

    /// <summary>After the optimiser step (GradNorm renormalises its weights here).</summary>
    void AfterStep()
    {
    }

    /// <summary>At the end of a training epoch (DWA moves its loss history here).</summary>
    void EndEpoch()
    {
    }
}

/// <summary>Makes the weighter of a declared <see cref="LossWeighting"/>.</summary>
public static class LossWeighters
{
    /// <summary>The weighter of <paramref name="method"/> for the tasks of <paramref name="plan"/> on <paramref name="shared"/>.</summary>
    public static ILossWeighting Create(LossWeighting method, ModelPlan plan, SharedParameters shared, int seed) => method switch
    {
        UncertaintyWeighting uncertainty => new UncertaintyWeighter(uncertainty, plan.Tasks.Select(t => ObjectivePlan.IsRegression(t.Loss)).ToArray()),
        DynamicWeightAverage dwa => new DynamicWeightAverager(dwa, plan.Tasks.Count),
        RandomLossWeighting => new RandomLossWeighter(plan.Tasks.Count, seed),
        GradNorm gradNorm => new GradNormWeighter(gradNorm, shared),
        ImtlLoss => new ImtlLossWeighter(plan.Tasks.Count),
        GeometricLoss => new GeometricLossWeighter(),
        _ => throw new ArgumentException($"No weighter for {method.GetType().Name}.", nameof(method)),
    };

    /// <summary>Σ weights_t · losses_t with the weights as constants (each a Scalar held through its call: see <see cref="Scalars"/>).</summary>
    internal static Tensor WeightedSum(IReadOnlyList<Tensor> losses, IReadOnlyList<double> weights)
    {
        Tensor? total = null;
        for (var t = 0; t < losses.Count; t++)
        {
            using var weight = weights[t].ToScalar();
            var weighted = losses[t].mul(weight);
            total = total is null ? weighted : total.add(weighted, Scalars.One);
        }
        return total!;
    }

    internal static double[] Read(Tensor values) => values.detach().to(ScalarType.Float64).cpu().data<double>().ToArray();

    /// <summary>Copies <paramref name="value"/> into <paramref name="parameter"/> without recording a gradient.</summary>
    internal static void Assign(Parameter parameter, Tensor value)
    {
        using (no_grad()) parameter.copy_(value);
    }

    /// <summary>A learned per-task vector that, like a module's parameters, outlives the dispose scope it was made in.</summary>
    internal static Parameter NewParameter(int tasks, double value)
    {
        using var initial = value.ToScalar();
        var parameter = new Parameter(full(tasks, initial, dtype: ScalarType.Float32).DetachFromDisposeScope(), requires_grad: true);
        parameter.DetachFromDisposeScope();
        return parameter;
    }
}

/// <summary>Uncertainty weighting (Kendall et al. 2018); see <see cref="UncertaintyWeighting"/>.</summary>
public sealed class UncertaintyWeighter : ILossWeighting, IResumable
{
    private readonly Tensor _scales;

    /// <summary>A weighter whose log-variances start at the declared value; <paramref name="regression"/> per task picks the form.</summary>
    public UncertaintyWeighter(UncertaintyWeighting method, IReadOnlyList<bool> regression)
    {
        LogVariances = LossWeighters.NewParameter(regression.Count, method.InitialLogVariance);
        _scales = tensor(regression.Select(r => r ? 0.5f : 1f).ToArray()).DetachFromDisposeScope();
    }

    /// <summary>s_t = log σ_t², one per task, trained with the model.</summary>
    public Parameter LogVariances { get; }

    /// <inheritdoc />
    public IReadOnlyList<Parameter> Parameters => new[] { LogVariances };

    /// <inheritdoc />
    public (Tensor Objective, double[] Weights) Combine(IReadOnlyList<Tensor> losses)
    {
        var factors = _scales * (-LogVariances).exp();
        var objective = (stack(losses) * factors).sum().add(LogVariances.sum(), Scalars.Half);
        return (objective, LossWeighters.Read(factors));
    }

    /// <inheritdoc />
    public void Save(ResumeState state) => state.Put("log_variances", LogVariances);

    /// <inheritdoc />
    public void Restore(ResumeState state) => LossWeighters.Assign(LogVariances, state.Tensor("log_variances"));

    /// <inheritdoc />
    public void Dispose()
    {
        LogVariances.Dispose();
        _scales.Dispose();
    }
}

/// <summary>IMTL-L (Liu et al. 2021); see <see cref="ImtlLoss"/>.</summary>
public sealed class ImtlLossWeighter : ILossWeighting, IResumable
{
    /// <summary>A weighter whose scales start at 0 (weights 1).</summary>
    public ImtlLossWeighter(int tasks) => Scales = LossWeighters.NewParameter(tasks, 0.0);

    /// <summary>s_t, one per task: the weight of task t is exp(s_t).</summary>
    public Parameter Scales { get; }

    /// <inheritdoc />
    public IReadOnlyList<Parameter> Parameters => new[] { Scales };

    /// <inheritdoc />
    public (Tensor Objective, double[] Weights) Combine(IReadOnlyList<Tensor> losses)
    {
        var weights = Scales.exp();
        var objective = (stack(losses) * weights).sum() - Scales.sum();
        return (objective, LossWeighters.Read(weights));
    }

    /// <inheritdoc />
    public void Save(ResumeState state) => state.Put("scales", Scales);

    /// <inheritdoc />
    public void Restore(ResumeState state) => LossWeighters.Assign(Scales, state.Tensor("scales"));

    /// <inheritdoc />
    public void Dispose() => Scales.Dispose();
}

/// <summary>The geometric loss strategy (Chennupati et al. 2019); see <see cref="GeometricLoss"/>.</summary>
public sealed class GeometricLossWeighter : ILossWeighting
{
    /// <inheritdoc />
    public IReadOnlyList<Parameter> Parameters => Array.Empty<Parameter>();

    /// <inheritdoc />
    public (Tensor Objective, double[] Weights) Combine(IReadOnlyList<Tensor> losses)
    {
        var stacked = stack(losses);
        var objective = stacked.log().mean().exp();
        // d objective / d L_t = objective / (T · L_t): the weight the gradient gives task t.
        using var taskCount = losses.Count.ToScalar();
        var weights = objective.detach() / stacked.detach().mul(taskCount);
        return (objective, LossWeighters.Read(weights));
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }
}

/// <summary>Random loss weighting (Lin et al. 2022); see <see cref="RandomLossWeighting"/>.</summary>
public sealed class RandomLossWeighter : ILossWeighting, IResumable
{
    private readonly ReplayableRandom _random;
    private readonly int _tasks;

    /// <summary>A weighter drawing from its own generator seeded with <paramref name="seed"/>.</summary>
    public RandomLossWeighter(int tasks, int seed)
    {
        _tasks = tasks;
        _random = new ReplayableRandom(seed);
    }

    /// <inheritdoc />
    public IReadOnlyList<Parameter> Parameters => Array.Empty<Parameter>();

    /// <inheritdoc />
    public void Save(ResumeState state) => state.Put("random.draws", _random.Draws);

    /// <inheritdoc />
    public void Restore(ResumeState state) => _random.Restore(state.Long("random.draws"));

    /// <inheritdoc />
    public (Tensor Objective, double[] Weights) Combine(IReadOnlyList<Tensor> losses)
    {
        var weights = Next();
        return (LossWeighters.WeightedSum(losses, weights), weights);
    }

    /// <summary>softmax(z), z ~ N(0, I) by Box–Muller from the weighter's generator.</summary>
    private double[] Next()
    {
        var z = new double[_tasks];
        for (var t = 0; t < _tasks; t++)
        {
            var u1 = 1.0 - _random.NextDouble();
            var u2 = _random.NextDouble();
            z[t] = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
        }
        var max = z.Max();
        var e = z.Select(v => Math.Exp(v - max)).ToArray();
        var sum = e.Sum();
        return e.Select(v => v / sum).ToArray();
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }
}

/// <summary>Dynamic weight average (Liu et al. 2019); see <see cref="DynamicWeightAverage"/>.</summary>
public sealed class DynamicWeightAverager : ILossWeighting, IResumable
{
    private readonly double _temperature;
    private readonly int _tasks;
    private readonly double[] _sums;
    private readonly List<double[]> _epochMeans = new();
    private long _steps;
    private double[] _weights;

    /// <summary>A weighter with no history: weights 1 until two epochs have ended.</summary>
    public DynamicWeightAverager(DynamicWeightAverage method, int tasks)
    {
        _temperature = method.Temperature;
        _tasks = tasks;
        _sums = new double[tasks];
        _weights = Enumerable.Repeat(1.0, tasks).ToArray();
    }

    /// <summary>The mean training loss of each task in every ended epoch.</summary>
    public IReadOnlyList<IReadOnlyList<double>> EpochMeans => _epochMeans;

    /// <inheritdoc />
    public IReadOnlyList<Parameter> Parameters => Array.Empty<Parameter>();

    /// <inheritdoc />
    public (Tensor Objective, double[] Weights) Combine(IReadOnlyList<Tensor> losses)
    {
        for (var t = 0; t < _tasks; t++) _sums[t] += losses[t].ToSingle();
        _steps++;
        var weights = (double[])_weights.Clone();
        return (LossWeighters.WeightedSum(losses, weights), weights);
    }

    /// <inheritdoc />
    public void Save(ResumeState state)
    {
        state.PutDoubles("sums", _sums);
        state.Put("steps", _steps);
        state.PutDoubles("weights", _weights);
        state.Put("epochs", _epochMeans.Count);
        for (var e = 0; e < _epochMeans.Count; e++) state.PutDoubles($"epoch_means.{e}", _epochMeans[e]);
    }

    /// <inheritdoc />
    public void Restore(ResumeState state)
    {
        var sums = state.Doubles("sums");
        var weights = state.Doubles("weights");
        var epochs = state.Long("epochs");
        var means = new List<double[]>();
        for (var e = 0; e < epochs; e++) means.Add(state.Doubles($"epoch_means.{e}"));
        if (sums.Length != _tasks || weights.Length != _tasks || means.Any(m => m.Length != _tasks))
            throw new FormatException($"The checkpoint's dynamic weight average state is not for {_tasks} tasks.");
        var steps = state.Long("steps");
        sums.CopyTo(_sums, 0);
        _weights = weights;
        _steps = steps;
        _epochMeans.Clear();
        _epochMeans.AddRange(means);
    }

    /// <summary>Closes the epoch: its mean losses join the history and set the next epoch's weights.</summary>
    public void EndEpoch()
    {
        if (_steps == 0) return;
        _epochMeans.Add(_sums.Select(s => s / _steps).ToArray());
        Array.Clear(_sums, 0, _sums.Length);
        _steps = 0;
        if (_epochMeans.Count < 2) return;
        var last = _epochMeans[^1];
        var before = _epochMeans[^2];
        var ratios = last.Select((l, t) => l / before[t] / _temperature).ToArray();
        var max = ratios.Max();
        var e = ratios.Select(r => Math.Exp(r - max)).ToArray();
        var sum = e.Sum();
        _weights = e.Select(v => _tasks * v / sum).ToArray();
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }
}

/// <summary>GradNorm (Chen et al. 2018); see <see cref="GradNorm"/>.</summary>
public sealed class GradNormWeighter : ILossWeighting, IResumable
{
    private readonly double _alpha;
    private readonly SharedParameters _shared;
    private double[]? _initialLosses;

    /// <summary>A weighter with weights 1, balancing gradient norms on <paramref name="shared"/>'s last shared layer.</summary>
    public GradNormWeighter(GradNorm method, SharedParameters shared)
    {
        _alpha = method.Alpha;
        _shared = shared;
        Weights = LossWeighters.NewParameter(shared.Tasks, 1.0);
    }

    /// <summary>w_t, one per task, trained by the GradNorm loss and renormalised to sum to the number of tasks.</summary>
    public Parameter Weights { get; }

    /// <inheritdoc />
    public IReadOnlyList<Parameter> Parameters => new[] { Weights };

    /// <summary>
    /// Σ w_t·L_t with w constant (the model's gradient) plus the GradNorm loss Σ|w_t·‖∇_W L_t‖ − mean(G)·r_t^α| whose only
    /// variable is w (the norms and the target are constants), so one backward pass trains both.
    /// </summary>
    public (Tensor Objective, double[] Weights) Combine(IReadOnlyList<Tensor> losses)
    {
        var tasks = losses.Count;
        var values = _shared.Values(losses);
        _initialLosses ??= values;
        var norms = new double[tasks];
        for (var t = 0; t < tasks; t++)
        {
            var gradients = autograd.grad(new[] { losses[t] }, _shared.LastSharedLayer.Cast<Tensor>().ToArray(), retain_graph: true);
            norms[t] = Math.Sqrt(gradients.Sum(g => (double)g.pow(Scalars.Two).sum().ToSingle()));
        }
        var current = LossWeighters.Read(Weights);
        var meanNorm = Enumerable.Range(0, tasks).Average(t => current[t] * norms[t]);
        var relative = values.Select((l, t) => _initialLosses[t] > 0 ? l / _initialLosses[t] : 1.0).ToArray();
        var meanRelative = relative.Average();
        var targets = relative.Select(r => (float)(meanNorm * Math.Pow(r / meanRelative, _alpha))).ToArray();
        var device = Weights.device;
        var gradNormLoss = (Weights * tensor(norms.Select(n => (float)n).ToArray(), device: device) - tensor(targets, device: device)).abs().sum();
        var objective = LossWeighters.WeightedSum(losses, current).add(gradNormLoss, Scalars.One);
        return (objective, current);
    }

    /// <inheritdoc />
    public void Save(ResumeState state)
    {
        state.Put("weights", Weights);
        state.PutDoubles("initial_losses", _initialLosses ?? Array.Empty<double>());
    }

    /// <inheritdoc />
    public void Restore(ResumeState state)
    {
        var initial = state.Doubles("initial_losses");
        LossWeighters.Assign(Weights, state.Tensor("weights"));
        _initialLosses = initial.Length == 0 ? null : initial;
    }

    /// <summary>w ← w · T / Σw.</summary>
    public void AfterStep()
    {
        using var scope = NewDisposeScope();
        using (no_grad())
        {
            using var renormalise = (Weights.shape[0] / Weights.sum().ToDouble()).ToScalar();
            Weights.mul_(renormalise);
        }
    }

    /// <inheritdoc />
    public void Dispose() => Weights.Dispose();
}

using System;
using System.Collections.Generic;
using System.Linq;
using Composable.Data;
using Composable.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Composable.Objectives;

/// <summary>What the <see cref="ConflictMonitor"/> saw at one step.</summary>
/// <param name="Step">The step whose batch was measured (before the step's update).</param>
/// <param name="Cosine">cos(g_i, g_j) of the task gradients on the shared parameters, tasks × tasks (1 on the diagonal; NaN for a zero gradient).</param>
/// <param name="Norms">‖g_t‖ per task; the norm ratio of a pair is Norms[i] / Norms[j].</param>
public sealed record GradientConflict(long Step, double[,] Cosine, IReadOnlyList<double> Norms)
{
    /// <summary>‖g_i‖ / ‖g_j‖ (NaN when g_j is zero).</summary>
    public double NormRatio(int i, int j) => Norms[j] == 0 ? double.NaN : Norms[i] / Norms[j];

    /// <summary>The smallest cosine over pairs of tasks: below 0, some pair of tasks pulls the shared parameters apart.</summary>
    public double MinimumCosine
    {
        get
        {
            var minimum = double.PositiveInfinity;
            for (var i = 0; i < Norms.Count; i++)
                for (var j = i + 1; j < Norms.Count; j++)
                    if (!double.IsNaN(Cosine[i, j])) minimum = Math.Min(minimum, Cosine[i, j]);
            return minimum;
        }
    }
}

/// <summary>
/// An opt-in <see cref="FitOptions.Callbacks"/> entry that, every <see cref="Every"/> steps, measures the gradient of each
/// task's loss on the shared parameters for the step's batch and records their pairwise cosine similarities and norms, so
/// negative transfer (tasks whose gradients point apart, or one task's gradient dwarfing the others') shows while it forms.
/// </summary>
/// <remarks>
/// The measurement runs the network in eval mode (no dropout draws) on a copy of the graph and touches no parameter's
/// gradient, so a monitored fit takes exactly the steps an unmonitored one takes; it costs a forward and one backward per
/// task on the measured steps. A step whose batch lacks a task (one-task-per-step sampling) is skipped. Topologies that
/// share no parameters (independent towers, soft sharing) have nothing to measure: the first measured step throws.
/// </remarks>
public sealed class ConflictMonitor : IFitCallback, IBatchObserver
{
    private readonly List<GradientConflict> _records = new();
    private SharedParameters? _shared;
    private nn.Module? _module;

    /// <summary>A monitor measuring every <paramref name="every"/> steps (the first step included).</summary>
    public ConflictMonitor(int every = 50)
    {
        if (every < 1) throw new ArgumentOutOfRangeException(nameof(every), every, "The monitor measures every N ≥ 1 steps.");
        Every = every;
    }

    /// <summary>The measuring period in steps.</summary>
    public int Every { get; }

    /// <summary>Every measurement so far, in step order.</summary>
    public IReadOnlyList<GradientConflict> Records => _records;

    /// <summary>Task names of the monitored declaration (set at the first measurement).</summary>
    public IReadOnlyList<string> TaskNames { get; private set; } = Array.Empty<string>();

    /// <inheritdoc />
    public void BeforeStep(IMultiTaskTrainer trainer, MultiTaskBatch batch, long step)
    {
        if ((step - 1) % Every != 0 || batch.Tasks.Any(b => b is null)) return;
        _records.Add(Measure(trainer.Network, batch, step));
    }

    /// <summary>Measures the task gradients of <paramref name="network"/> on <paramref name="batch"/> (every task present).</summary>
    public GradientConflict Measure(IMultiTaskModule network, MultiTaskBatch batch, long step)
    {
        using var scope = NewDisposeScope();
        var plan = ModelPlan.For(network.Spec);
        if (!ReferenceEquals(_module, network.Module))
        {
            _module = network.Module;
            _shared = new SharedParameters(network.Module, plan.ObjectivePlan);
            TaskNames = network.Spec.Tasks.Select(t => t.Name).ToArray();
        }
        var wasTraining = network.Module.training;
        network.Module.eval();
        try
        {
            var tasks = plan.Tasks;
            var outputs = batch.SharedInputs is { } inputs
                ? network.ForwardAll(inputs)
                : Enumerable.Range(0, tasks.Count).Select(t => network.ForwardTask(t, batch[t]!.Inputs)).ToArray();
            var losses = Enumerable.Range(0, tasks.Count).Select(t => LossFunctions.Compute(tasks[t].Loss, outputs[t], batch[t]!.Targets)).ToArray();
            var gram = SharedParameters.Gram(_shared!.TaskGradients(losses, writeOwn: false));
            var count = tasks.Count;
            var norms = Enumerable.Range(0, count).Select(t => Math.Sqrt(Math.Max(gram[t, t], 0))).ToArray();
            var cosine = new double[count, count];
            for (var i = 0; i < count; i++)
                for (var j = 0; j < count; j++)
                    cosine[i, j] = norms[i] == 0 || norms[j] == 0 ? double.NaN : gram[i, j] / (norms[i] * norms[j]);
            return new GradientConflict(step, cosine, norms);
        }
        finally
        {
            if (wasTraining) network.Module.train();
        }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using Composable.Data;
using Composable.Evaluation;
using Composable.Interpretation;
using Composable.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Composable.Transfer;

/// <summary>
/// The run-time counterpart of a generated fine-tuning <c>Trainer</c>: the network of a <see cref="FineTuningSpec"/>
/// (a <see cref="BackboneNetwork"/>, or the source's hard-sharing model with the target tasks), its source weights
/// loaded by <see cref="LoadSource(string, Func{string, string}?)"/>, trained on the weighted sum of the target losses
/// by <see cref="BlockTraining"/>: frozen blocks, per-block rates, the schedule and gradual unfreezing.
/// </summary>
public sealed class FineTuningTrainer : IFineTuningTrainer
{
    private readonly BlockTraining _blocks;
    private readonly ValueList<TaskPlan> _tasks;
    private readonly Generator _random;

    private FineTuningTrainer(FineTuningPlan plan, IMultiTaskModule network, Device device, int seed)
    {
        Plan = plan;
        Device = device;
        Network = network;
        network.Module.to(device);
        _tasks = ModelPlan.For(plan.Target).Tasks;
        _blocks = new BlockTraining(plan, network.Module);
        _random = TrainerRandom.ForTraining(seed, device);
        TrainerRandom.Attach(network.Module, _random);
    }

    /// <summary>
    /// Checks <paramref name="spec"/>, builds the network on the CPU with initial weights drawn for <paramref name="seed"/>
    /// (<see cref="TrainerRandom.Build{T}"/>, in any thread; fresh weights: load the source's with <see cref="LoadSource(string, Func{string, string}?)"/>) and moves it to
    /// <paramref name="device"/> (the CPU when null). The same seed gives the same numbers as the generated <c>Trainer.Create</c>.
    /// </summary>
    /// <exception cref="InvalidDeclarationException">The declaration is invalid; every error is listed.</exception>
    public static FineTuningTrainer Create(FineTuningSpec spec, int seed, Device? device = null)
    {
        Declarations.ThrowIfInvalid(spec);
        var resolved = TrainingDevice.Resolve(device);
        var plan = FineTuningPlan.For(spec);
        var network = TrainerRandom.Build<IMultiTaskModule>(seed, () => spec.Source is TrunkSource ? new InterpretedModel(plan.Target) : new BackboneNetwork(plan));
        return new FineTuningTrainer(plan, network, resolved, seed);
    }

    /// <summary>The declaration's plan: blocks, rates, thaw epochs.</summary>
    public FineTuningPlan Plan { get; }

    /// <inheritdoc />
    public IMultiTaskModule Network { get; }

    /// <inheritdoc />
    public Device Device { get; }

    /// <inheritdoc />
    public long Steps { get; private set; }

    nn.Module ITrainer.Module => Network.Module;

    /// <inheritdoc />
    public optim.Optimizer Optimizer => _blocks.Optimizer;

    /// <inheritdoc />
    public Generator TrainingGenerator => _random;

    /// <inheritdoc />
    public string Declaration => Plan.Spec.ToString();

    /// <summary>The blocks: which train now, the epoch, the schedule's factor.</summary>
    public BlockTraining Blocks => _blocks;

    /// <summary>Loads the source's blocks (and kept heads) from a checkpoint file; see <see cref="SourceWeights"/>.</summary>
    public void LoadSource(string path, Func<string, string>? rename = null) => SourceWeights.Load(Plan, Network.Module, path, rename);

    /// <summary>Loads the source's blocks (and kept heads) from a trained network in memory, by state-dict name.</summary>
    public void LoadSource(nn.Module source, Func<string, string>? rename = null) =>
        SourceWeights.Load(Plan, Network.Module, Checkpoints.StateDict.Of(source), rename, $"the {source.GetType().Name} given");

    /// <summary>
    /// One step inside its own dispose scope: the batch checked against the target (<see cref="BatchChecks"/>), train mode (frozen blocks' normalisation in eval), each group's rate at
    /// base × the schedule's factor, zero_grad, the weighted sum of the batch's task losses, backward, step.
    /// </summary>
    public StepResult Step(MultiTaskBatch batch)
    {
        using var kernels = CpuKernels.ForTrainingStep(Plan.SourceBackbone);
        using var scope = NewDisposeScope();
        batch = batch.To(Device);
        BatchChecks.ThrowIfInvalid(Plan.Target, batch);
        Network.Module.train();
        _blocks.BeginStep(Steps);
        _blocks.Optimizer.zero_grad();
        var (losses, total) = TaskLosses.WeightedSum(Network, _tasks, batch);
        Divergence.ThrowIfNotFinite(Steps + 1, total, Plan.Target, losses);
        total.backward();
        _blocks.Optimizer.step();
        return StepResults.Read(++Steps, total, losses);
    }

    /// <inheritdoc />
    public void EndEpoch() => _blocks.EndEpoch();

    /// <summary>The blocks' state a checkpoint saves: the epochs ended, which decide the blocks that train.</summary>
    public Checkpoints.IResumable ObjectiveState => _blocks;

    /// <inheritdoc />
    public void ResumeAt(long steps) => Steps = steps;

    /// <summary>Metrics and losses of every target task on <paramref name="data"/>, in eval mode without gradients.</summary>
    public EvaluationReport Evaluate(MultiTaskDataset data) => Evaluator.Evaluate(Network, data);

    /// <summary>Trains on <paramref name="train"/> within the budget of <paramref name="options"/>; blocks thaw as epochs end.</summary>
    public FitResult Fit(MultiTaskDataset train, FitOptions options, MultiTaskDataset? validation = null) =>
        TrainingLoop.Fit(this, train, options, validation);

    /// <summary>Releases the optimiser and the network.</summary>
    public void Dispose()
    {
        _blocks.Dispose();
        _random.Dispose();
        Network.Module.Dispose();
    }
}

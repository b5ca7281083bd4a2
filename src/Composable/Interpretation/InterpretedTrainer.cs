using System;
using System.Collections.Generic;
using System.Linq;
using Composable.Checkpoints;
using Composable.Data;
using Composable.Evaluation;
using Composable.Objectives;
using Composable.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Composable.Interpretation;

/// <summary>
/// The run-time counterpart of a generated <c>Trainer</c>: the same step (zero_grad, forward, losses,
/// weighted sum, backward, step) over an <see cref="InterpretedModel"/>, in the same order of operations, with the
/// same optimiser (<see cref="Optimizers.CreateForTrainer(Optimizer, IEnumerable{TorchSharp.Modules.Parameter})"/>). An adaptive objective runs the same run-time step as
/// the generated trainer's: a <see cref="ILossWeighting"/> (its learned state trained by the same optimiser), a
/// <see cref="GradientCombinationStep"/>, or MGDA-UB's <see cref="UpperBoundStep"/>.
/// </summary>
/// <remarks>
/// A trainer from <see cref="Create"/> owns its model and disposes it with the optimiser; one given a model by the
/// constructor disposes only the optimiser, and the caller keeps the model.
/// </remarks>
public sealed class InterpretedTrainer : IMultiTaskTrainer
{
    private readonly optim.Optimizer _optimizer;
    private readonly bool _ownsModel;
    private readonly Generator _random;

    /// <summary>The planned tasks (loss, weight), read once: <see cref="ModelPlan.Tasks"/> builds its list on each read.</summary>
    private readonly ValueList<TaskPlan> _tasks;

    private readonly ILossWeighting? _weighting;
    private readonly GradientCombinationStep? _combination;
    private readonly UpperBoundStep? _upperBound;

    /// <summary>
    /// A trainer for <paramref name="model"/> with its declaration's optimiser, the model moved to
    /// <paramref name="device"/> (the CPU when null). The caller keeps ownership of the model.
    /// </summary>
    /// <param name="model">The network; the caller keeps it.</param>
    /// <param name="device">Where to train; the CPU when null.</param>
    /// <param name="seed">Seeds the trainer's own random draws: dropout masks (its generator is handed to the model) and the
    /// objective's (RLW's weights, PCGrad's and GradVac's task orders).</param>
    /// <exception cref="ArgumentException"><paramref name="device"/> cannot be used here (see <see cref="TrainingDevice.Resolve"/>).</exception>
    public InterpretedTrainer(InterpretedModel model, Device? device = null, int seed = 0)
        : this(model, TrainingDevice.Resolve(device), ownsModel: false, seed)
    {
    }

    private InterpretedTrainer(InterpretedModel model, Device device, bool ownsModel, int seed)
    {
        Device = device;
        Model = model.to(device);
        _ownsModel = ownsModel;
        _random = TrainerRandom.ForTraining(seed, device);
        TrainerRandom.Attach(Model, _random);
        _tasks = model.Plan.Tasks;
        var objective = model.Spec.Objective;
        var shared = objective is GradientCombination or GradNorm ? new SharedParameters(Model, model.Plan.ObjectivePlan) : null;
        switch (objective)
        {
            case LossWeighting weighting:
                _weighting = LossWeighters.Create(weighting, model.Plan, shared!, seed);
                break;
            case Mgda { UpperBound: true } mgda:
                _upperBound = new UpperBoundStep(mgda, _tasks.Count, seed);
                break;
            case GradientCombination combination:
                _combination = new GradientCombinationStep(combination, shared!, seed);
                break;
        }
        var parameters = Model.parameters().Concat(_weighting?.Parameters ?? Array.Empty<TorchSharp.Modules.Parameter>());
        _optimizer = Optimizers.CreateForTrainer(model.Spec.Optimizer, parameters);
    }

    /// <summary>
    /// Builds the model of <paramref name="spec"/> on the CPU with initial weights drawn for <paramref name="seed"/>
    /// (<see cref="TrainerRandom.Build{T}"/>) and moves it to <paramref name="device"/> (the CPU when null): the same seed
    /// gives the same initial weights on every device, in any thread, and the same as the generated <c>Trainer.Create</c>.
    /// The trainer owns the model.
    /// </summary>
    /// <exception cref="ArgumentException">The declaration is invalid, or <paramref name="device"/> cannot be used here.</exception>
    public static InterpretedTrainer Create(MultiTaskSpec spec, int seed, Device? device = null)
    {
        Declarations.ThrowIfInvalid(spec);
        var resolved = TrainingDevice.Resolve(device);
        return new InterpretedTrainer(TrainerRandom.Build(seed, () => new InterpretedModel(spec)), resolved, ownsModel: true, seed);
    }

    /// <summary>The network being trained.</summary>
    public InterpretedModel Model { get; }

    /// <inheritdoc />
    public Device Device { get; }

    /// <inheritdoc />
    public long Steps { get; private set; }

    /// <inheritdoc />
    public IMultiTaskModule Network => Model;

    nn.Module ITrainer.Module => Model;

    /// <inheritdoc />
    Generator IResumableTrainer.TrainingGenerator => _random;

    /// <summary>The adaptive objective's learned or tracked weights, when the declaration has a loss weighting.</summary>
    public ILossWeighting? Weighting => _weighting;

    /// <summary>
    /// One optimisation step inside its own dispose scope, on <see cref="Device"/>: zero_grad, forward, losses, the
    /// declared objective's backward pass (one for a weighted sum or a loss weighting; one per task on the shared
    /// parameters for a gradient combination), step.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The batch does not fit the declaration (<see cref="BatchChecks"/>: a NaN or infinite value, a label out of range, a
    /// wrong dtype or shape, an empty task, or a task the adaptive objective needs missing; the message names the task,
    /// the row and the value), checked before anything changes.
    /// </exception>
    /// <exception cref="TrainingDivergedException">The objective is NaN or infinite; the step is not taken.</exception>
    public StepResult Step(MultiTaskBatch batch)
    {
        using var kernels = CpuKernels.ForTrainingStep(Model.Spec.Backbone);
        using var scope = NewDisposeScope();
        BatchChecks.ThrowIfInvalid(Model.Spec, batch);
        batch = batch.To(Device);
        if (!Model.training) Model.train();
        _optimizer.zero_grad();
        if (_upperBound is not null)
        {
            if (batch.Tasks.Any(b => b is null) || batch.SharedInputs is not { } inputs)
                throw new ArgumentException("MGDA-UB needs every task in every batch, all reading the same inputs (one shared representation per step).", nameof(batch));
            var (representation, outputs) = Model.ForwardFromRepresentation(inputs);
            var taskLosses = outputs.Select((o, t) => LossFunctions.Compute(_tasks[t].Loss, o, batch[t]!.Targets)).ToArray();
            var scaled = ObjectiveLosses.Scaled(Model.Spec, taskLosses);
            Divergence.ThrowIfNotFinite(Steps + 1, ObjectiveLosses.Sum(scaled), Model.Spec, taskLosses);
            var (objective, coefficients) = _upperBound.Weigh(scaled, representation);
            objective.backward();
            _optimizer.step();
            return StepResults.Read(++Steps, ObjectiveLosses.Sum(scaled), coefficients, taskLosses);
        }
        var (losses, penalty, total) = ComputeLosses(batch);
        if (_weighting is not null)
        {
            var (objective, weights) = _weighting.Combine(ObjectiveLosses.Scaled(Model.Spec, losses));
            if (penalty is not null) objective = objective.add(penalty, Scalars.One);
            Divergence.ThrowIfNotFinite(Steps + 1, objective, Model.Spec, losses);
            objective.backward();
            _optimizer.step();
            _weighting.AfterStep();
            return StepResults.Read(++Steps, objective, weights, losses);
        }
        Divergence.ThrowIfNotFinite(Steps + 1, total, Model.Spec, losses);
        if (_combination is not null)
        {
            var coefficients = _combination.Backward(ObjectiveLosses.Scaled(Model.Spec, losses));
            _optimizer.step();
            return StepResults.Read(++Steps, total, coefficients, losses);
        }
        total.backward();
        _optimizer.step();
        return StepResults.Read(++Steps, total, losses);
    }

    /// <inheritdoc />
    public optim.Optimizer Optimizer => _optimizer;

    /// <inheritdoc />
    public string Declaration => Model.Spec.ToString();

    /// <inheritdoc />
    public IResumable? ObjectiveState => (IResumable?)(_weighting as IResumable) ?? (IResumable?)_combination ?? _upperBound;

    /// <inheritdoc />
    public void ResumeAt(long steps) => Steps = steps;

    /// <inheritdoc />
    public void EndEpoch() => _weighting?.EndEpoch();

    /// <summary>
    /// Per-task losses (null for tasks not in the batch), the soft-sharing penalty λ·Ω (null for other topologies)
    /// and the objective: the weighted sum of the task losses plus the penalty.
    /// </summary>
    public (Tensor?[] Losses, Tensor? Penalty, Tensor Total) ComputeLosses(MultiTaskBatch batch)
    {
        var (losses, total) = TaskLosses.WeightedSum(Model, _tasks, batch);
        Tensor? penalty = null;
        if (Model.Spec.Sharing is SoftSharing soft)
        {
            penalty = Model.SharingPenalty().mul(Scalars.Of(soft.Strength));
            total = total.add(penalty, Scalars.One);
        }
        return (losses, penalty, total);
    }

    /// <summary>Metrics and losses of every task on <paramref name="data"/>, in eval mode without gradients.</summary>
    public EvaluationReport Evaluate(MultiTaskDataset data) => Evaluator.Evaluate(Model, data);

    /// <summary>Metrics and losses of every task on <paramref name="data"/>, <paramref name="batchSize"/> rows per forward pass.</summary>
    public EvaluationReport Evaluate(MultiTaskDataset data, int batchSize) => Evaluator.Evaluate(Model, data, batchSize);

    /// <summary>Trains on <paramref name="train"/> within the budget of <paramref name="options"/>, sampling tasks as declared.</summary>
    public FitResult Fit(MultiTaskDataset train, FitOptions options, MultiTaskDataset? validation = null) =>
        TrainingLoop.Fit(this, train, options, validation);

    /// <summary>Releases the optimiser state and, when the trainer created the model (<see cref="Create"/>), the model.</summary>
    public void Dispose()
    {
        _optimizer.Dispose();
        _weighting?.Dispose();
        _random.Dispose();
        if (_ownsModel) Model.Dispose();
    }
}

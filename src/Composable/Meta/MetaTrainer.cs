using System;
using System.Collections.Generic;
using System.Linq;
using Composable.Data.Episodes;
using Composable.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Composable.Meta;

/// <summary>
/// Runs a meta-learning declaration: MAML (second order, or first order), Reptile, Meta-SGD and ANIL over the
/// declared MLP or convolutional backbone (<see cref="FunctionalConv"/>: the tasks of a meta-batch as groups of one
/// grouped convolution per block), adapting only the declared parameters. The meta-batch runs task-batched: θ is broadcast to
/// [T, …], the inner loop updates stacked fast weights φ = θ − α∇L_support(φ) (one <c>autograd.grad</c> per step for
/// all tasks, since the summed loss's gradient in slice t is task t's own), and the query loss is one batched
/// forward. A per-task loop over <see cref="MetaNetwork.ForwardWith"/> computes the same quantities for checking.
/// This is the interpreter of a declaration; for a <c>[MetaLearner]</c> class the generator emits the same computation,
/// specialised to the declared learner, as its <c>Trainer</c> (both share <see cref="EpisodeLosses"/>,
/// <see cref="FastWeights"/> and <see cref="AdaptationCurve"/>).
/// </summary>
public sealed class MetaTrainer : IMetaLearnerTrainer
{
    private readonly optim.Optimizer _outer;
    private readonly Generator _random;

    private MetaTrainer(MetaLearnerSpec spec, MetaPlan plan, MetaNetwork network, Device device, int seed)
    {
        Spec = spec;
        Plan = plan;
        Network = network;
        Device = device;
        _outer = Optimizers.CreateForTrainer(spec.Outer, Network.parameters());
        _random = TrainerRandom.ForTraining(seed, device);
        TrainerRandom.Attach(Network, _random);
    }

    /// <summary>
    /// Builds θ of a valid declaration on the CPU with initial weights drawn for <paramref name="seed"/>
    /// (<see cref="TrainerRandom.Build{T}"/>, in any thread), moves it to
    /// <paramref name="device"/> (the CPU when null) and creates the outer optimiser: the same seed gives the same θ as
    /// the generated <c>Trainer.Create</c>.
    /// </summary>
    /// <exception cref="InvalidDeclarationException">The declaration is invalid.</exception>
    /// <exception cref="ArgumentException">The device cannot be used here.</exception>
    public static MetaTrainer Create(MetaLearnerSpec spec, int seed, Device? device = null)
    {
        Declarations.ThrowIfInvalid(spec);
        var resolved = TrainingDevice.Resolve(device);
        var plan = MetaPlan.For(spec);
        var network = TrainerRandom.Build(seed, () => new MetaNetwork(plan));
        network.to(resolved);
        return new MetaTrainer(spec, plan, network, resolved, seed);
    }

    /// <summary>The declaration.</summary>
    public MetaLearnerSpec Spec { get; }

    /// <summary>Its plan: layer and adapted-parameter names.</summary>
    public MetaPlan Plan { get; }

    /// <summary>θ (and Meta-SGD's rates) as a module.</summary>
    public MetaNetwork Network { get; }

    /// <inheritdoc />
    public Device Device { get; }

    /// <summary>Meta-updates taken so far.</summary>
    public long Steps { get; private set; }

    /// <inheritdoc />
    public int MetaBatch => Spec.Learner.MetaBatch;

    nn.Module ITrainer.Module => Network;

    /// <inheritdoc />
    public optim.Optimizer Optimizer => _outer;

    /// <inheritdoc />
    public Generator TrainingGenerator => _random;

    /// <inheritdoc />
    public string Declaration => Spec.ToString();

    /// <inheritdoc />
    public void ResumeAt(long steps) => Steps = steps;

    Tensor IMetaLearnerTrainer.MetaLoss(IReadOnlyList<Episode> episodes) => MetaLoss(episodes);

    AdaptationCurves IMetaLearnerTrainer.MeasureAdaptation(IReadOnlyList<Episode> episodes, int steps) => MeasureAdaptation(episodes, steps);

    /// <summary>
    /// Mean post-adaptation query loss of <paramref name="episodes"/>, differentiable with respect to θ (and
    /// Meta-SGD's rates) through <see cref="MetaLearner.InnerSteps"/> inner steps: second order unless the learner
    /// is first order. <paramref name="taskBatched"/> false runs the per-task reference loop instead;
    /// <paramref name="innerLearningRate"/> replaces the declared (or learned) inner rate, e.g. by 0 in checks.
    /// </summary>
    public Tensor MetaLoss(IReadOnlyList<Episode> episodes, bool taskBatched = true, double? innerLearningRate = null)
    {
        if (taskBatched) return QueryLosses(episodes, innerLearningRate).mean();
        var createGraph = !Spec.Learner.IsFirstOrder;
        var rates = Network.InnerRatesOf(innerLearningRate);
        var losses = episodes.Select(e => e.To(Device)).Select(e =>
        {
            var fast = InnerLoopSingle(Network.Weights, rates, e.SupportInputs, e.SupportTargets, Spec.Learner.InnerSteps, createGraph);
            return Loss(Network.ForwardWith(fast, e.QueryInputs), e.QueryTargets);
        }).ToArray();
        return stack(losses).mean();
    }

    /// <summary>
    /// Post-adaptation query loss of every episode [T], task-batched and differentiable with respect to θ (and
    /// Meta-SGD's rates); <see cref="MetaLoss"/> is its mean.
    /// </summary>
    public Tensor QueryLosses(IReadOnlyList<Episode> episodes, double? innerLearningRate = null) =>
        Spec.TasksPerPass is { } tasksPerPass
            ? TaskPasses.Losses(episodes, tasksPerPass, part => PassLosses(part, innerLearningRate))
            : PassLosses(episodes, innerLearningRate);

    /// <summary>Post-adaptation query loss [T] of the episodes of one task-batched pass.</summary>
    private Tensor PassLosses(IReadOnlyList<Episode> episodes, double? innerLearningRate = null)
    {
        var batch = EpisodeBatch.Of(episodes, Device);
        var fast = InnerLoop(Network.Weights.Broadcast(batch.Tasks), Network.InnerRatesOf(innerLearningRate), batch.SupportInputs, batch.SupportTargets,
            Spec.Learner.InnerSteps, !Spec.Learner.IsFirstOrder);
        return TaskLosses(Network.ForwardBatched(fast, batch.QueryInputs), batch.QueryTargets);
    }

    /// <summary>One meta-update on <paramref name="episodes"/> inside its own dispose scope.</summary>
    /// <exception cref="ArgumentException">
    /// The episodes do not fit the declaration (<see cref="EpisodeChecks"/>: a NaN or infinite value, a label out of
    /// range, a wrong dtype or width, an empty set, episodes of different shapes; the message names the episode, set,
    /// row and value), checked before anything changes.
    /// </exception>
    /// <exception cref="TrainingDivergedException">The meta-loss is NaN or infinite; the step is not taken.</exception>
    public StepResult Step(IReadOnlyList<Episode> episodes)
    {
        using var kernels = CpuKernels.ForTrainingStep(Spec.Backbone, Plan.DifferentiatesConvolutionBackward);
        using var scope = NewDisposeScope();
        EpisodeChecks.ThrowIfInvalid(Spec, episodes);
        Network.train();
        _outer.zero_grad();
        Tensor losses;
        Tensor metaLoss;
        if (Spec.TasksPerPass is { } tasksPerPass)
        {
            // A pass at a time: each back-propagates its share of the mean and is freed before the next.
            losses = TaskPasses.Backward(episodes, tasksPerPass, Spec.Learner is Reptile
                ? part => { var (partLosses, surrogate) = ReptilePass(part); return (partLosses, surrogate.mul(Scalars.Of(part.Count))); }
                : part => { var partLosses = PassLosses(part); return (partLosses, partLosses.sum()); });
            metaLoss = losses.mean();
            Divergence.ThrowIfNotFinite(Steps + 1, metaLoss, losses);
        }
        else if (Spec.Learner is Reptile)
        {
            (losses, var surrogate) = ReptilePass(episodes);
            metaLoss = losses.mean();
            Divergence.ThrowIfNotFinite(Steps + 1, metaLoss, losses);
            surrogate.backward();
        }
        else
        {
            losses = PassLosses(episodes);
            metaLoss = losses.mean();
            Divergence.ThrowIfNotFinite(Steps + 1, metaLoss, losses);
            metaLoss.backward();
        }
        _outer.step();
        Steps++;
        return EpisodicSteps.Read(Steps, metaLoss, losses);
    }

    /// <summary>
    /// Reptile on the episodes of one pass: adapts detached copies of θ, then gives the post-adaptation query losses [T]
    /// (without a graph) and the surrogate Σ θ·(θ − mean φ) whose gradient is Reptile's update direction (the second
    /// factor constant).
    /// </summary>
    private (Tensor Losses, Tensor Surrogate) ReptilePass(IReadOnlyList<Episode> episodes)
    {
        var batch = EpisodeBatch.Of(episodes, Device);
        var theta = Network.Weights;
        var fast = InnerLoop(Leaves(theta.Detach().Broadcast(batch.Tasks)), Network.InnerRatesOf(), batch.SupportInputs,
            batch.SupportTargets, Spec.Learner.InnerSteps, createGraph: false, detachEachStep: true);
        Tensor losses;
        using (no_grad())
            losses = TaskLosses(Network.ForwardBatched(fast, batch.QueryInputs), batch.QueryTargets);
        var surrogate = theta.Names.Select(name => FastWeights.ReptileTerm(theta[name], fast[name])).Aggregate((a, b) => a.add(b, Scalars.One));
        return (losses, surrogate);
    }

    /// <summary>
    /// Test-time adaptation of every episode (task-batched, plain gradient descent with the inner rates — learned
    /// ones for Meta-SGD — on the declared parameters): query loss (and accuracy, for classification) per episode
    /// after 0, 1, …, <paramref name="steps"/> steps. θ is not changed.
    /// </summary>
    /// <exception cref="ArgumentException">The episodes do not fit the declaration (<see cref="EpisodeChecks"/>).</exception>
    public AdaptationCurves MeasureAdaptation(IReadOnlyList<Episode> episodes, int steps, double? learningRate = null)
    {
        using var kernels = CpuKernels.ForTrainingStep(Spec.Backbone);
        using var scope = NewDisposeScope();
        EpisodeChecks.ThrowIfInvalid(Spec, episodes);
        Network.eval();
        return Spec.TasksPerPass is { } tasksPerPass
            ? TaskPasses.Curves(episodes, tasksPerPass, part => PassCurves(part, steps, learningRate))
            : PassCurves(episodes, steps, learningRate);
    }

    private AdaptationCurves PassCurves(IReadOnlyList<Episode> episodes, int steps, double? learningRate)
    {
        using var scope = NewDisposeScope();
        var batch = EpisodeBatch.Of(episodes, Device);
        var rates = Network.InnerRatesOf(learningRate).Detach();
        return AdaptationCurve.Measure(steps, Leaves(Network.Weights.Detach().Broadcast(batch.Tasks)),
            fast => Network.ForwardBatched(fast, batch.QueryInputs), batch.QueryTargets, TaskLosses,
            fast => InnerLoop(fast, rates, batch.SupportInputs, batch.SupportTargets, 1, createGraph: false, detachEachStep: true));
    }

    /// <summary>
    /// Mean query loss (after the declared inner steps of test-time adaptation), the loss after each of those steps
    /// and, for classification, query accuracy over the episodes of <paramref name="episodes"/>. θ is not changed.
    /// </summary>
    public EpisodeEvaluation Evaluate(EpisodeSource episodes) => EpisodicEvaluation.OfAdaptation(this, episodes, Spec.Learner.InnerSteps);

    /// <inheritdoc />
    public FitResult Fit(EpisodeSource train, FitOptions options, EpisodeSource? validation = null) => EpisodicLoop.Fit(this, train, options, validation);

    /// <summary>
    /// Fast weights of one task after <paramref name="steps"/> inner steps from <paramref name="weights"/>
    /// (unstacked), adapting only the parameters named in <paramref name="rates"/>.
    /// </summary>
    public ParameterSet InnerLoopSingle(ParameterSet weights, ParameterSet rates, Tensor inputs, Tensor targets, int steps, bool createGraph)
    {
        var fast = weights;
        for (var s = 0; s < steps; s++)
        {
            var loss = Loss(Network.ForwardWith(fast, inputs), targets);
            fast = GradientStep(fast, rates, loss, createGraph, detach: false);
        }
        return fast;
    }

    /// <summary>
    /// Stacked fast weights [T, …] after <paramref name="steps"/> inner steps from <paramref name="stacked"/> on
    /// support inputs [T, S, in]: one batched forward and one <c>autograd.grad</c> per step for all tasks.
    /// </summary>
    public ParameterSet InnerLoop(ParameterSet stacked, ParameterSet rates, Tensor inputs, Tensor targets, int steps, bool createGraph, bool detachEachStep = false)
    {
        var fast = stacked;
        // When only the head adapts (ANIL), the body's features do not change in the inner loop: compute them once.
        var features = rates.Names.All(name => MetaPlan.LayerOf(name) == LayerNames.SharedHead)
            ? Network.BodyBatched(fast, inputs)
            : null;
        for (var s = 0; s < steps; s++)
        {
            var predictions = features is null
                ? Network.ForwardBatched(fast, inputs)
                : Network.HeadBatched(fast, features);
            var loss = TaskLosses(predictions, targets).sum();
            fast = GradientStep(fast, rates, loss, createGraph, detachEachStep);
        }
        return fast;
    }

    private static ParameterSet GradientStep(ParameterSet fast, ParameterSet rates, Tensor loss, bool createGraph, bool detach)
    {
        var adapted = rates.Names.Select(name => fast[name]).ToArray();
        // retain_graph is needed even without create_graph: later losses still run through nodes of this graph.
        var gradients = autograd.grad(new[] { loss }, adapted, retain_graph: !detach, create_graph: createGraph);
        var byName = rates.Names.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => gradients[p.i]);
        return fast.Select((name, t) =>
        {
            if (!byName.TryGetValue(name, out var g)) return t;
            var updated = t - rates[name] * (createGraph ? g : g.detach());
            return detach ? updated.detach().requires_grad_(true) : updated;
        });
    }

    private static ParameterSet Leaves(ParameterSet set) => set.Select((_, t) => FastWeights.Leaf(t));

    /// <summary>Per-task mean loss [T] of predictions [T, B, out] against targets [T, B, out] or labels [T, B].</summary>
    public Tensor TaskLosses(Tensor predictions, Tensor targets) => EpisodeLosses.Of(Spec.Episodes, predictions, targets);

    private Tensor Loss(Tensor predictions, Tensor targets) => Spec.Episodes is FewShotClassification
        ? nn.functional.cross_entropy(predictions, targets)
        : (predictions - targets).pow(Scalars.Two).mean();

    /// <inheritdoc />
    public void Dispose()
    {
        _outer.Dispose();
        _random.Dispose();
        Network.Dispose();
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using Composable.Data.Episodes;
using Composable.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Composable.FewShot;

/// <summary>
/// Trains any <see cref="IEpisodicClassifier"/> episodically: each step averages the query loss of a meta-batch of
/// episodes and takes one step of the outer optimiser on every parameter. Every step and every evaluated episode
/// runs in its own dispose scope. The interpreter of a <see cref="FewShotLearnerSpec"/> (<see cref="Create"/>), and
/// the trainer of a hand-written classifier; for a <c>[FewShotLearner]</c> class the generator emits the same
/// computation as its <c>Trainer</c>.
/// </summary>
public sealed class EpisodicTrainer : IFewShotTrainer
{
    private readonly optim.Optimizer _optimizer;
    private readonly IDisposable? _owned;
    private readonly Generator _random;
    private readonly Backbone? _backbone;

    /// <summary>A trainer of <paramref name="model"/> (which it does not own), on the device of its parameters.</summary>
    /// <param name="model">The classifier.</param>
    /// <param name="outer">The optimiser of every parameter of <see cref="IEpisodicClassifier.Module"/>.</param>
    /// <param name="metaBatch">Episodes per optimiser step of a fit, unless its options say otherwise.</param>
    /// <param name="seed">Seeds the trainer's own generator, handed to the model's modules that draw in training (<see cref="TrainerRandom"/>).</param>
    public EpisodicTrainer(IEpisodicClassifier model, Optimizer outer, int metaBatch, int seed = 0)
        : this(model, outer, metaBatch, owned: null, $"{model.GetType().Name} trained by {outer} with {metaBatch} episodes per step", seed)
    {
    }

    private EpisodicTrainer(IEpisodicClassifier model, Optimizer outer, int metaBatch, IDisposable? owned, string declaration, int seed)
    {
        Declaration = declaration;
        if (metaBatch < 1) throw new ArgumentOutOfRangeException(nameof(metaBatch), metaBatch, "At least one episode per step.");
        Model = model;
        _backbone = (model as FewShotNetwork)?.Spec.Backbone;
        MetaBatch = metaBatch;
        _owned = owned;
        var parameters = model.Module.parameters();
        Device = parameters.Select(p => p.device).FirstOrDefault() ?? CPU;
        _optimizer = Optimizers.CreateForTrainer(outer, model.Module.parameters());
        _random = TrainerRandom.ForTraining(seed, Device);
        TrainerRandom.Attach(model.Module, _random);
    }

    /// <summary>
    /// The interpreted network of <paramref name="spec"/>, built on the CPU with initial weights drawn for
    /// <paramref name="seed"/> (<see cref="TrainerRandom.Build{T}"/>, in any thread) and moved to <paramref name="device"/> (the CPU when null),
    /// with a trainer using the declared optimiser and meta-batch; the trainer owns the network.
    /// </summary>
    /// <exception cref="ArgumentException">The device cannot be used here (e.g. CUDA in a CPU build).</exception>
    public static EpisodicTrainer Create(FewShotLearnerSpec spec, int seed, Device? device = null)
    {
        var resolved = TrainingDevice.Resolve(device);
        var network = TrainerRandom.Build(seed, () => new FewShotNetwork(spec));
        network.to(resolved);
        return new EpisodicTrainer(network, spec.Outer, spec.MetaBatch, network, spec.ToString(), seed);
    }

    /// <inheritdoc />
    public optim.Optimizer Optimizer => _optimizer;

    /// <inheritdoc />
    public Generator TrainingGenerator => _random;

    /// <summary>The declaration printed, or for a hand-written classifier its type, optimiser and meta-batch.</summary>
    public string Declaration { get; }

    /// <inheritdoc />
    public void ResumeAt(long steps) => Steps = steps;

    /// <summary>The classifier being trained.</summary>
    public IEpisodicClassifier Model { get; }

    /// <inheritdoc />
    public int MetaBatch { get; }

    /// <inheritdoc />
    public long Steps { get; private set; }

    /// <inheritdoc />
    public Device Device { get; }

    /// <inheritdoc />
    public nn.Module Module => Model.Module;

    /// <summary>One optimiser step on the mean query loss of <paramref name="episodes"/> in training mode, in its own dispose scope.</summary>
    public StepResult Step(IReadOnlyList<Episode> episodes)
    {
        using var kernels = CpuKernels.ForTrainingStep(_backbone);
        using var scope = NewDisposeScope();
        Model.Module.train();
        _optimizer.zero_grad();
        var losses = ClassifierEpisodes.QueryLosses(Model, episodes, Device);
        var loss = losses.mean();
        Divergence.ThrowIfNotFinite(Steps + 1, loss, losses);
        loss.backward();
        _optimizer.step();
        Steps++;
        return EpisodicSteps.Read(Steps, loss, losses);
    }

    /// <inheritdoc />
    public double Accuracy(Episode episode) => ClassifierEpisodes.Accuracy(Model, episode, Device);

    /// <summary>Mean query loss and query accuracy (with its 95 % interval) over the episodes of <paramref name="episodes"/>.</summary>
    public EpisodeEvaluation Evaluate(EpisodeSource episodes) => EpisodicEvaluation.OfClassifier(Model, episodes, Device);

    /// <inheritdoc />
    public FitResult Fit(EpisodeSource train, FitOptions options, EpisodeSource? validation = null) => EpisodicLoop.Fit(this, train, options, validation);

    /// <inheritdoc />
    public void Dispose()
    {
        _optimizer.Dispose();
        _random.Dispose();
        _owned?.Dispose();
    }
}

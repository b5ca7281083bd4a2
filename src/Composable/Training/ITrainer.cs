using System;
using static TorchSharp.torch;

namespace Composable.Training;

/// <summary>
/// What every trainer shares, whatever the declaration family (multi-task, meta-learner, few-shot learner;
/// generated or interpreted): the device it runs on, the steps it has taken and the module it trains. A trainer
/// owns its network and optimiser state and releases them on <see cref="IDisposable.Dispose"/>.
/// </summary>
public interface ITrainer : IDisposable
{
    /// <summary>The device of the network and of every tensor the trainer makes (inputs are moved to it).</summary>
    Device Device { get; }

    /// <summary>Optimisation steps taken so far.</summary>
    long Steps { get; }

    /// <summary>The network being trained, as a TorchSharp module (parameters, state dict, train/eval).</summary>
    nn.Module Module { get; }
}

/// <summary>
/// A trainer that takes one optimisation step on a <typeparamref name="TBatch"/>, evaluates on and fits to a
/// <typeparamref name="TData"/>, and reports a <typeparamref name="TEvaluation"/>. Every family's trainer
/// implements it, so user code can drive trainers alike.
/// </summary>
/// <typeparam name="TBatch">One step's data: a multi-task batch, or a meta-batch of episodes.</typeparam>
/// <typeparam name="TData">What a fit draws batches from and an evaluation reads: a data set, or a source of episodes.</typeparam>
/// <typeparam name="TEvaluation">The evaluation's report.</typeparam>
public interface ITrainer<in TBatch, in TData, out TEvaluation> : ITrainer
    where TEvaluation : IEvaluation
{
    /// <summary>One optimisation step on <paramref name="batch"/> inside its own dispose scope.</summary>
    StepResult Step(TBatch batch);

    /// <summary>Losses and metrics on <paramref name="data"/>, in evaluation mode; the network is not changed.</summary>
    TEvaluation Evaluate(TData data);

    /// <summary>
    /// Trains on <paramref name="train"/> within the budget of <paramref name="options"/>, evaluating on
    /// <paramref name="validation"/> (when given) at the end of every epoch and calling the options' callbacks.
    /// </summary>
    FitResult Fit(TData train, FitOptions options, TData? validation = default);
}

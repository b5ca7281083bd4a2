using System;

namespace Composable.Bench;

/// <summary>
/// One implementation of the benchmark's training step. Everything a contender needs (model, optimiser,
/// batches) is built in its constructor, outside the timed region; <see cref="Step"/> is all that is timed.
/// </summary>
internal interface IStepContender : IDisposable
{
    /// <summary>Column name in the report ("hand-written", "generated", …).</summary>
    string Name { get; }

    /// <summary>One training step on the next fixed batch: zero_grad → forward → losses → weighted sum → backward → step.</summary>
    void Step();

    /// <summary>The weighted loss averaged over all fixed batches, without training (eval mode, no grad).</summary>
    double MeasureLoss();
}

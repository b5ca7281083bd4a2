using System;
using System.Collections.Generic;
using System.Linq;
using Composable.Data;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Composable.Training;

/// <summary>
/// TorchSharp's SGD that refuses a step whose gradients hold a NaN or an infinity, as <see cref="FlatAdam"/> does: such a
/// gradient can come with a finite loss, and one update would leave NaN weights behind the trainer's check of the loss.
/// The error names the step (this optimiser's count of updates, set to the trainer's steps when a checkpoint is loaded:
/// <see cref="ResumeAt"/>) and the first parameter to blame; nothing changes. A step given a closure computes its
/// gradients in it, so it is taken unchecked.
/// </summary>
internal sealed class CheckedSgd : SGD
{
    private long _steps;

    public CheckedSgd(IEnumerable<Parameter> parameters, double lr, double momentum, double weightDecay, bool nesterov)
        : base(parameters, lr, momentum, dampening: 0, weightDecay, nesterov, maximize: false)
    {
    }

    public CheckedSgd(IEnumerable<ParamGroup> groups, double lr, double momentum, double weightDecay, bool nesterov)
        : base(groups, lr, momentum, dampening: 0, weightDecay, nesterov, maximize: false)
    {
    }

    /// <summary>Counts on from <paramref name="steps"/> updates, those of the checkpoint a trainer resumed from (TorchSharp's SGD state holds no count).</summary>
    internal void ResumeAt(long steps) => _steps = steps;

    public override Tensor step(Func<Tensor>? closure = null)
    {
        if (closure is null) ThrowIfNotFinite();
        var loss = base.step(closure);
        _steps++;
        return loss;
    }

    private void ThrowIfNotFinite()
    {
        var parameters = this.parameters().ToArray();
        var index = Array.FindIndex(parameters, p => p.grad is { } grad && !Finiteness.All(grad));
        if (index >= 0) throw Divergence.NonFiniteGradient(_steps + 1, index, parameters.Length, parameters[index].shape);
    }
}

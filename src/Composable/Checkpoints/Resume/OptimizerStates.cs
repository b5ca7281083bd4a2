using System;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Composable.Checkpoints;

/// <summary>
/// Saves and restores the state of the optimisers trainers make (<see cref="Training.Optimizers.CreateForTrainer(Optimizer, System.Collections.Generic.IEnumerable{Parameter})"/>):
/// <see cref="Training.FlatAdam"/>'s moments, step counts and group layout, SGD's momentum buffers (one per parameter, under its index,
/// absent before the first step or without momentum).
/// </summary>
public static class OptimizerStates
{
    /// <summary>The state of <paramref name="optimizer"/>.</summary>
    /// <exception cref="NotSupportedException">An optimiser no trainer makes.</exception>
    public static ResumeState Save(optim.Optimizer optimizer)
    {
        var state = new ResumeState();
        switch (optimizer)
        {
            case IResumable resumable:
                resumable.Save(state);
                break;
            case SGD sgd:
                var entries = sgd.state_dict().State;
                for (var i = 0; i < entries.Count; i++)
                    if (entries[i] is SGD.State { momentum_buffer: { } buffer })
                        state.Put($"momentum_buffer.{i}", buffer);
                break;
            default:
                throw new NotSupportedException($"Checkpoints cannot save the state of a {optimizer.GetType().Name}.");
        }
        return state;
    }

    /// <summary>Sets <paramref name="optimizer"/>'s state from <paramref name="state"/>, already checked against <see cref="Save"/>'s layout.</summary>
    public static void Restore(optim.Optimizer optimizer, ResumeState state)
    {
        switch (optimizer)
        {
            case IResumable resumable:
                resumable.Restore(state);
                break;
            case SGD sgd:
                var entries = sgd.state_dict().State;
                for (var i = 0; i < entries.Count; i++)
                {
                    if (entries[i] is not SGD.State entry) continue;
                    var saved = state.Tensors.TryGetValue($"momentum_buffer.{i}", out var value) ? value : null;
                    if (entry.momentum_buffer is { } buffer && saved is not null)
                    {
                        using (no_grad()) buffer.copy_(saved);
                    }
                    else
                    {
                        entry.momentum_buffer?.Dispose();
                        entry.momentum_buffer = saved?.clone().DetachFromDisposeScope();
                    }
                }
                break;
            default:
                throw new NotSupportedException($"Checkpoints cannot restore the state of a {optimizer.GetType().Name}.");
        }
    }
}

using System;
using System.Linq;
using Composable.Checkpoints;
using static TorchSharp.torch;

namespace Composable.Training;

// FlatAdam's resumable state: the moments, step counts and joined parameters, checked against the group layout.
public sealed partial class FlatAdam
{
    /// <summary>
    /// Both moment estimates (flat, in buffer order), each parameter's step count and whether it has joined the updates
    /// (a joined parameter is updated on every step, with a zero gradient when backward gave it none), and the group
    /// layout: each group's name and number of parameters.
    /// </summary>
    public void Save(ResumeState state)
    {
        state.Put("groups", _groups.Count);
        for (var g = 0; g < _groups.Count; g++)
        {
            state.Put($"group.{g}.name", _groups[g].Name);
            state.Put($"group.{g}.parameters", _groups[g].Count);
        }
        state.Put("exp_avg", _expAvg);
        state.Put("exp_avg_sq", _expAvgSq);
        using var steps = tensor(_steps);
        state.Put("step", steps);
        using var joined = tensor(_joined.Select(j => j ? 1L : 0L).ToArray());
        state.Put("joined", joined);
    }

    /// <summary>
    /// Sets the moments, step counts and joined parameters saved by <see cref="Save"/>; gradients are zeroed. The learning
    /// rates are left as they are (a schedule sets them from the step). A state saved before optimisers had groups counts as
    /// one group named "all".
    /// </summary>
    /// <exception cref="FormatException">
    /// The state is for another group layout or number of parameters (the message names the difference); nothing is changed.
    /// </exception>
    public void Restore(ResumeState state)
    {
        EnsureSameGroups(state);
        var steps = state.Tensor("step").data<long>().ToArray();
        var joined = state.Tensor("joined").data<long>().ToArray();
        if (steps.Length != _parameters.Length || joined.Length != _parameters.Length)
            throw new FormatException($"The checkpoint's optimiser state is for {steps.Length} parameters, not {_parameters.Length}.");
        foreach (var name in new[] { "exp_avg", "exp_avg_sq" })
            if (state.Tensor(name).numel() != _expAvg.numel())
                throw new FormatException($"The checkpoint's optimiser {name} holds {state.Tensor(name).numel()} values, not {_expAvg.numel()}.");
        using (no_grad())
        {
            _expAvg.copy_(state.Tensor("exp_avg"));
            _expAvgSq.copy_(state.Tensor("exp_avg_sq"));
            _gradients.zero_();
            for (var i = 0; i < _parameters.Length; i++)
            {
                _steps[i] = steps[i];
                _joined[i] = joined[i] != 0;
                var view = View(_gradients, _segments[i]);
                _parameters[i].grad = _joined[i] ? view : null;
                view.Dispose();
            }
        }
        _joinedCount = _joined.Count(j => j);
        _runs = Runs();
    }

    /// <summary>Throws unless <paramref name="state"/> was saved with this optimiser's group names and sizes.</summary>
    private void EnsureSameGroups(ResumeState state)
    {
        var saved = state.Values.ContainsKey("groups")
            ? Enumerable.Range(0, checked((int)state.Long("groups"))).Select(g => (Name: state.String($"group.{g}.name"), Count: state.Long($"group.{g}.parameters"))).ToArray()
            : new[] { (Name: "all", Count: (long)state.Tensor("step").numel()) };
        var current = _groups.Select(g => (g.Name, Count: (long)g.Count)).ToArray();
        if (saved.Length != current.Length)
            throw new FormatException($"The checkpoint's optimiser has {saved.Length} parameter groups ({string.Join(", ", saved.Select(g => g.Name))}), this one {current.Length} ({string.Join(", ", current.Select(g => g.Name))}).");
        for (var g = 0; g < current.Length; g++)
        {
            if (saved[g].Name != current[g].Name)
                throw new FormatException($"The checkpoint's optimiser has parameter group {g} named '{saved[g].Name}', this one '{current[g].Name}'.");
            if (saved[g].Count != current[g].Count)
                throw new FormatException($"The checkpoint's optimiser has {saved[g].Count} parameters in group '{saved[g].Name}', this one {current[g].Count}.");
        }
    }
}

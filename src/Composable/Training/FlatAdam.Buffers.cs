using System;
using System.Collections.Generic;
using System.Linq;
using Composable.Checkpoints;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Composable.Training;

// FlatAdam's flat buffers: groups appended to them, gradients joining them, and the runs the update walks.
public sealed partial class FlatAdam
{
    /// <summary>
    /// Appends <paramref name="layout"/>'s parameters to the buffers, which are reallocated: the existing parameters'
    /// values, moments and joined gradients are copied exactly and the parameters (and joined gradients) become views
    /// of the new buffers; the new parameters get zero moments, step 0 and no gradient view until they join.
    /// </summary>
    private void Append(GroupLayout layout)
    {
        var existing = _parameters.Length;
        var existingTotal = _values.numel();
        var total = existingTotal + layout.Parameters.Sum(p => p.numel());
        var values = Empty(total, _values.dtype, _values.device);
        var gradients = Empty(total, _values.dtype, _values.device);
        var expAvg = Empty(total, _values.dtype, _values.device);
        var expAvgSq = Empty(total, _values.dtype, _values.device);
        var group = _groups.Count;
        _parameters = [.. _parameters, .. layout.Parameters];
        _groupOf = [.. _groupOf, .. Enumerable.Repeat(group, layout.Parameters.Count)];
        _steps = [.. _steps, .. new long[layout.Parameters.Count]];
        _joined = [.. _joined, .. new bool[layout.Parameters.Count]];
        var segments = new Segment[_parameters.Length];
        Array.Copy(_segments, segments, existing);
        // The narrowed temporaries below view the new buffers: a scope frees them here rather than leaving them (and the
        // buffers' storage) to the finalizers when the optimiser is made outside any scope, as a trainer's constructor is.
        using (NewDisposeScope())
        using (no_grad())
        {
            values.narrow(0, 0, existingTotal).copy_(_values);
            expAvg.narrow(0, 0, existingTotal).copy_(_expAvg);
            expAvgSq.narrow(0, 0, existingTotal).copy_(_expAvgSq);
            var offset = existingTotal;
            for (var i = 0; i < _parameters.Length; i++)
            {
                var p = _parameters[i];
                if (i >= existing)
                {
                    segments[i] = new Segment(offset, p.numel(), p.shape);
                    offset += segments[i].Count;
                }
                using (var view = View(values, segments[i]))
                {
                    if (i >= existing) view.copy_(p);
                    p.set_(view);
                }
                if (!_joined[i]) continue;
                // A joined gradient may be a view of the old buffer or a replacement outside it (see Rejoin): copy either.
                var gradientView = View(gradients, segments[i]);
                using (var grad = p.grad)
                {
                    if (grad is not null) gradientView.copy_(grad);
                }
                p.grad = gradientView;
                gradientView.Dispose();
            }
        }
        _segments = segments;
        _values.Dispose();
        _gradients.Dispose();
        _expAvg.Dispose();
        _expAvgSq.Dispose();
        _values = values;
        _gradients = gradients;
        _expAvg = expAvg;
        _expAvgSq = expAvgSq;
        _groups.Add(new Group(layout.Name, layout.Parameters.Count, layout.LearningRate, new LearningRateController(layout.LearningRate)));
        _runs = Runs();
    }

    private static IReadOnlyList<GroupLayout> SingleGroup(IEnumerable<Parameter> parameters, double lr)
    {
        if (lr < 0) throw new ArgumentException($"Invalid learning rate: {lr}", nameof(lr));
        var distinct = parameters.DistinctBy(p => p.Handle).ToArray();
        if (distinct.Length == 0) throw new ArgumentException("No parameters to optimise.", nameof(parameters));
        return [new GroupLayout("all", distinct, lr)];
    }

    private static IReadOnlyList<GroupLayout> GroupLayouts(IEnumerable<ParameterGroup> groups, string paramName)
    {
        ArgumentNullException.ThrowIfNull(groups, paramName);
        var list = groups.ToArray();
        if (list.Length == 0) throw new ArgumentException("No parameter groups to optimise.", paramName);
        ParameterGroup.EnsureDisjoint(list, paramName);
        return list.Select(g => new GroupLayout(g.Name, g.Parameters.DistinctBy(p => p.Handle).ToArray(), g.LearningRate)).ToArray();
    }

    private static void EnsureOneDtypeAndDevice(IEnumerable<Parameter> parameters, ScalarType dtype, Device device, string paramName)
    {
        if (parameters.Any(p => p.dtype != dtype || p.device.type != device.type || p.device.index != device.index))
            throw new ArgumentException("All parameters must share one dtype and device.", paramName);
    }

    private static Tensor Empty(long length, ScalarType dtype, Device device) => zeros(length, dtype, device).DetachFromDisposeScope();

    /// <summary>
    /// Parameters that backward gave a gradient since the last call join the buffer: their gradient is copied
    /// into it and becomes a view of it, into which later backward passes accumulate in place.
    /// </summary>
    private void Join()
    {
        if (_joinedCount == _parameters.Length) return;
        var changed = false;
        using (no_grad())
        {
            for (var i = 0; i < _parameters.Length; i++)
            {
                if (_joined[i]) continue;
                using var grad = _parameters[i].grad;
                if (grad is null) continue;
                var view = View(_gradients, _segments[i]);
                view.copy_(grad);
                _parameters[i].grad = view;
                view.Dispose();
                _joined[i] = true;
                _joinedCount++;
                changed = true;
            }
        }
        if (changed) _runs = Runs();
    }

    /// <summary>
    /// <c>Module.zero_grad()</c> (set_to_none) or a <c>create_graph</c> backward replace the gradient views by fresh
    /// tensors outside the buffer, which the update would not see. Such a replacement hits every parameter at once,
    /// so the last joined parameter (at a non-zero offset in the buffer) is the sentinel: one native check per step.
    /// When it no longer views the buffer, every parameter's current gradient is copied back in and viewed again.
    /// When only the first parameter (offset 0) has joined, an offset cannot tell a view from a fresh tensor, so its
    /// gradient is copied back every step (one small copy).
    /// </summary>
    private void Rejoin()
    {
        var sentinel = Array.LastIndexOf(_joined, true);
        if (sentinel < 0) return;
        if (sentinel > 0)
            using (var grad = _parameters[sentinel].grad)
                if (grad is not null && grad.storage_offset() == _segments[sentinel].Offset)
                    return;
        for (var i = 0; i < _parameters.Length; i++)
        {
            if (!_joined[i]) continue;
            var view = View(_gradients, _segments[i]);
            using (var grad = _parameters[i].grad)
            {
                if (grad is null) view.zero_();
                else view.copy_(grad);
            }
            _parameters[i].grad = view;
            view.Dispose();
        }
    }

    /// <summary>Maximal runs of neighbouring joined parameters of one group; recomputed when one joins or a group is added.</summary>
    private List<(int First, int Count)> Runs()
    {
        // Parameters that join together share their step count for ever after, so runs only change on joins.
        var runs = new List<(int First, int Count)>();
        for (var i = 0; i < _parameters.Length; i++)
        {
            if (!_joined[i]) continue;
            var previous = runs.Count > 0 ? runs[^1].First : -1;
            if (previous >= 0 && runs[^1].First + runs[^1].Count == i && _steps[previous] == _steps[i] && _groupOf[previous] == _groupOf[i])
                runs[^1] = (runs[^1].First, runs[^1].Count + 1);
            else
                runs.Add((i, 1));
        }
        return runs;
    }

    private static Tensor View(Tensor buffer, Segment segment) =>
        buffer.narrow(0, segment.Offset, segment.Count).view(segment.Shape).DetachFromDisposeScope();
}

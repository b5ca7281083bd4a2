using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace Composable.Meta;

/// <summary>
/// Named tensors in a fixed order, with PyTorch state-dict names (<c>layer_0.weight</c>, …, <c>head.bias</c>): θ,
/// or fast weights φ = θ − α∇L that never touch a module's state. A <em>stacked</em> set holds one slice per task
/// along a leading dimension ([T, out, in], [T, out]). The set does not own its tensors: dispose scopes do.
/// </summary>
public sealed class ParameterSet : IReadOnlyList<KeyValuePair<string, Tensor>>
{
    private readonly string[] _names;
    private readonly Tensor[] _tensors;

    /// <summary>A set of <paramref name="names"/> and <paramref name="tensors"/>, pairwise.</summary>
    public ParameterSet(IReadOnlyList<string> names, IReadOnlyList<Tensor> tensors)
    {
        if (names.Count != tensors.Count)
            throw new ArgumentException($"{names.Count} names but {tensors.Count} tensors.", nameof(tensors));
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Count)
            throw new ArgumentException("Parameter names must be unique.", nameof(names));
        _names = names.ToArray();
        _tensors = tensors.ToArray();
    }

    /// <summary>The parameters of <paramref name="module"/> under their state-dict names, in registration order.</summary>
    public static ParameterSet Of(nn.Module module)
    {
        var named = module.named_parameters().ToArray();
        return new ParameterSet(named.Select(p => p.name).ToArray(), named.Select(p => (Tensor)p.parameter).ToArray());
    }

    /// <summary>Parameter names in order.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>Tensors in order.</summary>
    public IReadOnlyList<Tensor> Tensors => _tensors;

    /// <inheritdoc />
    public int Count => _names.Length;

    /// <inheritdoc />
    public KeyValuePair<string, Tensor> this[int index] => new(_names[index], _tensors[index]);

    /// <summary>The tensor called <paramref name="name"/>.</summary>
    public Tensor this[string name]
    {
        get
        {
            var i = Array.IndexOf(_names, name);
            if (i < 0) throw new KeyNotFoundException($"No parameter '{name}'; the set has {string.Join(", ", _names)}.");
            return _tensors[i];
        }
    }

    /// <summary>Whether the set has a parameter called <paramref name="name"/>.</summary>
    public bool Contains(string name) => Array.IndexOf(_names, name) >= 0;

    /// <summary>A set of the same names with <paramref name="map"/> applied to each (name, tensor).</summary>
    public ParameterSet Select(Func<string, Tensor, Tensor> map) =>
        new(_names, _names.Select((name, i) => map(name, _tensors[i])).ToArray());

    /// <summary>Every tensor detached from the graph (same storage).</summary>
    public ParameterSet Detach() => Select((_, t) => t.detach());

    /// <summary>Each tensor repeated along a new leading task dimension of size <paramref name="tasks"/> (a view: gradients sum back).</summary>
    public ParameterSet Broadcast(int tasks) =>
        Select((_, t) => FastWeights.Broadcast(t, tasks));

    /// <summary>Stacks per-task sets (same names) along a new leading task dimension.</summary>
    public static ParameterSet Stack(IReadOnlyList<ParameterSet> sets)
    {
        var first = sets[0];
        return new ParameterSet(first._names,
            first._names.Select((name, i) => stack(sets.Select(s => s[name]).ToArray(), 0)).ToArray());
    }

    /// <summary>Slice <paramref name="task"/> of a stacked set.</summary>
    public ParameterSet Task(int task) => Select((_, t) => t[task]);

    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, Tensor>> GetEnumerator() =>
        _names.Select((name, i) => new KeyValuePair<string, Tensor>(name, _tensors[i])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary><c>layer_0.weight [40, 1], …</c>.</summary>
    public override string ToString() =>
        string.Join(", ", _names.Select((name, i) => $"{name} [{string.Join(", ", _tensors[i].shape)}]"));
}

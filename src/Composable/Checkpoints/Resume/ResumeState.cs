using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using static TorchSharp.torch;

namespace Composable.Checkpoints;

/// <summary>
/// The state of a trainer's part (optimiser, objective, fit position) as named tensors and named strings, the two
/// halves of a checkpoint file. Names are relative to the part; <see cref="TrainerCheckpoint"/> prefixes them. Numbers
/// are written with the invariant culture, doubles in round-trip form, so a restore gives back the very same bits.
/// </summary>
public sealed class ResumeState
{
    private readonly Dictionary<string, Tensor> _tensors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private string _prefix = "";

    /// <summary>The tensors by name (CPU copies when written by <see cref="Put(string, Tensor)"/>).</summary>
    public IReadOnlyDictionary<string, Tensor> Tensors => _tensors;

    /// <summary>The strings by name.</summary>
    public IReadOnlyDictionary<string, string> Values => _values;

    /// <summary>Adds a detached CPU copy of <paramref name="value"/> under <paramref name="name"/>.</summary>
    public void Put(string name, Tensor value) => _tensors[name] = value.detach().cpu().clone().DetachFromDisposeScope();

    /// <summary>Adds <paramref name="value"/> under <paramref name="name"/>.</summary>
    public void Put(string name, string value) => _values[name] = value;

    /// <summary>Adds <paramref name="value"/> (invariant culture) under <paramref name="name"/>.</summary>
    public void Put(string name, long value) => _values[name] = value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Adds <paramref name="values"/> in round-trip form, comma-separated, under <paramref name="name"/>.</summary>
    public void PutDoubles(string name, IEnumerable<double> values) =>
        _values[name] = string.Join(",", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));

    /// <summary>The tensor <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No tensor of that name (the message names it).</exception>
    public Tensor Tensor(string name) =>
        _tensors.TryGetValue(name, out var value) ? value : throw new KeyNotFoundException($"The checkpoint has no tensor '{_prefix}{name}'.");

    /// <summary>The string <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No value of that name (the message names it).</exception>
    public string String(string name) =>
        _values.TryGetValue(name, out var value) ? value : throw new KeyNotFoundException($"The checkpoint has no value '{_prefix}{name}'.");

    /// <summary>The integer <paramref name="name"/>.</summary>
    /// <exception cref="FormatException">The value is not an integer (the message names it).</exception>
    public long Long(string name) =>
        long.TryParse(String(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"The checkpoint's value '{_prefix}{name}' is '{String(name)}', not an integer.");

    /// <summary>The doubles <paramref name="name"/> written by <see cref="PutDoubles"/>.</summary>
    /// <exception cref="FormatException">A value is not a number (the message names it).</exception>
    public double[] Doubles(string name)
    {
        var text = String(name);
        if (text.Length == 0) return Array.Empty<double>();
        return text.Split(',').Select(part => double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"The checkpoint's value '{_prefix}{name}' holds '{part}', not a number.")).ToArray();
    }

    /// <summary>Adds every entry of <paramref name="part"/> under <paramref name="prefix"/> and a dot.</summary>
    public void Include(string prefix, ResumeState part)
    {
        foreach (var (name, value) in part._tensors) _tensors[$"{prefix}.{name}"] = value;
        foreach (var (name, value) in part._values) _values[$"{prefix}.{name}"] = value;
    }

    /// <summary>The entries under <paramref name="prefix"/> and a dot, with the prefix removed (tensors are shared, not copied).</summary>
    public ResumeState Part(string prefix)
    {
        var start = prefix + ".";
        var part = new ResumeState { _prefix = _prefix + start };
        foreach (var (name, value) in _tensors.Where(e => e.Key.StartsWith(start, StringComparison.Ordinal)))
            part._tensors[name[start.Length..]] = value;
        foreach (var (name, value) in _values.Where(e => e.Key.StartsWith(start, StringComparison.Ordinal)))
            part._values[name[start.Length..]] = value;
        return part;
    }

    /// <summary>A state over the given entries (tensors are kept, not copied).</summary>
    public static ResumeState From(IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string> values)
    {
        var state = new ResumeState();
        foreach (var (name, value) in tensors) state._tensors[name] = value;
        foreach (var (name, value) in values) state._values[name] = value;
        return state;
    }

    /// <summary>Disposes the tensors.</summary>
    public void DisposeTensors()
    {
        foreach (var tensor in _tensors.Values) tensor.Dispose();
        _tensors.Clear();
    }
}

/// <summary>
/// A part of a trainer whose state a checkpoint saves and restores: an optimiser's moments, an adaptive objective's
/// learned weights, history and random generator. <see cref="Restore"/> receives a state whose names, dtypes and shapes
/// were already checked against <see cref="Save"/>'s, so it only copies.
/// </summary>
public interface IResumable
{
    /// <summary>Writes the part's state into <paramref name="state"/>.</summary>
    void Save(ResumeState state);

    /// <summary>Sets the part's state from <paramref name="state"/>, written by <see cref="Save"/> of an equal part.</summary>
    void Restore(ResumeState state);

    /// <summary>
    /// Called with the saved state before anything is compared or loaded, for a part whose saved state decides the
    /// shape of the rest (a fine-tuning trainer thaws the blocks that were training, so that its optimiser has their
    /// groups). It changes no parameter value. Nothing by default.
    /// </summary>
    /// <exception cref="FormatException">The saved state cannot be prepared for; the load fails naming it.</exception>
    void Prepare(ResumeState state)
    {
    }
}

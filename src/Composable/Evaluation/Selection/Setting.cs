using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Composable.Evaluation.Selection;

/// <summary>One axis's value in a <see cref="Setting"/>.</summary>
/// <param name="Name">The axis's name, e.g. <c>LearningRate</c>.</param>
/// <param name="Value">Its value in this setting.</param>
public sealed record SettingValue(string Name, object Value)
{
    /// <summary><c>Name=Value</c>, numbers in the invariant culture: <c>LearningRate=0.001</c>.</summary>
    public override string ToString() => $"{Name}={Convert.ToString(Value, CultureInfo.InvariantCulture)}";
}

/// <summary>
/// One point of a <see cref="Grid"/>: a value per named axis, in the grid's axis order. Compares by value; reads as
/// <c>LearningRate=0.001, FrozenBlocks=2</c>.
/// </summary>
/// <param name="Values">The axes' values, in the grid's axis order.</param>
public sealed record Setting(ValueList<SettingValue> Values)
{
    /// <summary>The value of the axis <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No axis has that name (the message lists the axes).</exception>
    public object this[string name] =>
        Values.FirstOrDefault(v => string.Equals(v.Name, name, StringComparison.Ordinal))?.Value
        ?? throw new KeyNotFoundException(
            $"No axis '{name}' in the setting; its axes are {string.Join(", ", Values.Select(v => $"'{v.Name}'"))}.");

    /// <summary>The value of the axis <paramref name="name"/> as a <typeparamref name="T"/>.</summary>
    /// <exception cref="KeyNotFoundException">No axis has that name.</exception>
    /// <exception cref="InvalidCastException">The axis holds another type (the message names both).</exception>
    public T Get<T>(string name) =>
        this[name] is T value
            ? value
            : throw new InvalidCastException($"Axis '{name}' holds a {this[name].GetType().Name}, not a {typeof(T).Name}.");

    /// <summary>The values as <c>Name=Value</c>, comma-separated: <c>LearningRate=0.001, FrozenBlocks=2</c>.</summary>
    public override string ToString() => string.Join(", ", Values);
}

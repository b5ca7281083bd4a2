using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace Composable.Evaluation.Selection;

/// <summary>
/// The Cartesian product of named axes of values: the settings a grid search tries. For settings of your own record
/// type, any list of them will do instead (a LINQ query with one <c>from</c> per axis makes the same product).
/// </summary>
public static class Grid
{
    /// <summary>
    /// Every combination of one value per axis, in nested-loop order: the first axis varies slowest, the last fastest.
    /// <c>Grid.Of(("LearningRate", new[] { 1e-3, 1e-4 }), ("FrozenBlocks", new[] { 0, 2 }))</c> gives
    /// <c>LearningRate=0.001, FrozenBlocks=0</c>, <c>LearningRate=0.001, FrozenBlocks=2</c>,
    /// <c>LearningRate=0.0001, FrozenBlocks=0</c>, <c>LearningRate=0.0001, FrozenBlocks=2</c>.
    /// </summary>
    /// <param name="axes">Each axis's name (unique, not blank) and its values (at least one; a string is one value, so
    /// give a list of strings).</param>
    /// <exception cref="ArgumentException">Lists every problem with the axes, one per line.</exception>
    public static IReadOnlyList<Setting> Of(params (string Name, IEnumerable Values)[] axes)
    {
        var named = axes.Select(a => (a.Name, Values: a.Values is string ? null : a.Values?.Cast<object>().ToArray())).ToArray();
        Requirement.ThrowIfFailed(
            (Requirement.That(named.Length > 0, "A grid needs at least one axis."),
             Requirement.None(toSeq(named.Select((axis, i) => Problem(axis.Name, axis.Values, i, named))).Somes()))
            .Apply((_, _) => unit),
            "The grid's axes are invalid:", nameof(axes));

        IEnumerable<IEnumerable<SettingValue>> product = [[]];
        foreach (var (name, values) in named)
            product = product.SelectMany(prefix => values!.Select(value => prefix.Append(new SettingValue(name, value))));
        return product.Select(values => new Setting(ValueList.From(values))).ToArray();
    }

    private static Option<Error> Problem(string name, object[]? values, int index, (string Name, object[]? Values)[] axes) =>
        string.IsNullOrWhiteSpace(name) ? Some(Error.New($"Axis {index} has no name."))
        : axes.Take(index).Any(a => a.Name == name) ? Some(Error.New($"Axis '{name}' is named twice."))
        : values is null ? Some(Error.New($"Axis '{name}' has no list of values (a string is one value: give new[] {{ \"...\" }})."))
        : values.Length == 0 ? Some(Error.New($"Axis '{name}' has no values."))
        : None;
}

using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp.Modules;

namespace Composable.Training;

/// <summary>
/// A named set of parameters with its own base learning rate, as PyTorch's parameter groups: per-layer rates for
/// fine-tuning (a pretrained body slower than a fresh head), or a block unfrozen later and added to a live optimiser.
/// A schedule multiplies every group's base rate by the same factor, so the groups keep their ratios.
/// </summary>
/// <param name="Name">The group's name; not empty, unique within an optimiser; checkpoints record it.</param>
/// <param name="Parameters">The group's parameters; at least one.</param>
/// <param name="LearningRate">The group's base learning rate; finite and positive.</param>
public sealed record ParameterGroup(string Name, IReadOnlyList<Parameter> Parameters, double LearningRate)
{
    /// <summary>The group's name.</summary>
    public string Name { get; } = string.IsNullOrWhiteSpace(Name)
        ? throw new ArgumentException("A parameter group's name must not be empty.", nameof(Name))
        : Name;

    /// <summary>The group's parameters.</summary>
    public IReadOnlyList<Parameter> Parameters { get; } = Parameters is null || Parameters.Count == 0
        ? throw new ArgumentException($"The parameter group '{Name}' has no parameters.", nameof(Parameters))
        : Parameters.Any(p => p is null)
            ? throw new ArgumentException($"The parameter group '{Name}' holds a null parameter.", nameof(Parameters))
            : Parameters;

    /// <summary>The group's base learning rate.</summary>
    public double LearningRate { get; } = double.IsFinite(LearningRate) && LearningRate > 0
        ? LearningRate
        : throw new ArgumentException($"The parameter group '{Name}' has learning rate {LearningRate}; it must be finite and positive.", nameof(LearningRate));

    /// <summary>Throws when a parameter belongs to two of <paramref name="groups"/> or two groups share a name.</summary>
    /// <exception cref="ArgumentException">The message names both groups.</exception>
    internal static void EnsureDisjoint(IEnumerable<ParameterGroup> groups, string paramName)
    {
        var owners = new Dictionary<IntPtr, string>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var group in groups)
        {
            ArgumentNullException.ThrowIfNull(group, paramName);
            if (!names.Add(group.Name))
                throw new ArgumentException($"Two parameter groups are named '{group.Name}'.", paramName);
            foreach (var parameter in group.Parameters)
            {
                if (owners.TryGetValue(parameter.Handle, out var owner) && owner != group.Name)
                    throw new ArgumentException($"A parameter is in both group '{owner}' and group '{group.Name}'.", paramName);
                owners[parameter.Handle] = group.Name;
            }
        }
    }
}

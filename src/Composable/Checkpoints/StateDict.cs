using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using static TorchSharp.torch;

namespace Composable.Checkpoints;

/// <summary>
/// A module's state dict (its parameters and persistent buffers under PyTorch-style dotted names), compared with
/// and loaded from named tensors. A load checks every name, dtype and shape first and changes nothing unless all
/// of them agree.
/// </summary>
public static class StateDict
{
    /// <summary>
    /// The parameters and persistent buffers of <paramref name="module"/> by state-dict name, as PyTorch's
    /// <c>state_dict()</c> lists them. The tensors are the module's own: do not dispose them, and keep the module
    /// referenced while you use them (TorchSharp's own normalisation layers dispose their tensors when they are collected;
    /// the ones Composable makes do not, see <see cref="Modules.NormLayers"/>).
    /// </summary>
    public static IReadOnlyDictionary<string, Tensor> Of(nn.Module module)
    {
        var entries = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, parameter) in module.named_parameters()) entries.TryAdd(name, parameter);
        foreach (var (name, buffer) in module.named_buffers(include_nonpersistent: false)) entries.TryAdd(name, buffer);
        return entries;
    }

    /// <summary>A name mapping from file names to module names; names the dictionary lacks stay as they are.</summary>
    public static Func<string, string> Renaming(IReadOnlyDictionary<string, string> fileToModule) =>
        name => fileToModule.TryGetValue(name, out var renamed) ? renamed : name;

    /// <summary>
    /// Every disagreement between the layouts a module expects and those a file holds (empty when they fit).
    /// </summary>
    /// <param name="expected">The module's layouts by name.</param>
    /// <param name="found">The file's layouts by the file's names.</param>
    /// <param name="rename">Maps a file name to the module's name for it; identity when null.</param>
    public static IReadOnlyList<StateDictProblem> Compare(
        IReadOnlyDictionary<string, TensorLayout> expected, IReadOnlyDictionary<string, TensorLayout> found, Func<string, string>? rename = null)
    {
        var map = rename ?? Identity;
        var mapped = found.Select(f => (FileName: f.Key, Name: map(f.Key), Layout: f.Value)).ToArray();
        var byName = mapped.GroupBy(m => m.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var missing = expected.Keys.Where(name => !byName.ContainsKey(name)).Order(StringComparer.Ordinal)
            .Select(name => new StateDictProblem(StateDictProblemKind.Missing, name, null, expected[name], null));
        var unexpected = byName.Values.Where(m => !expected.ContainsKey(m.Name)).OrderBy(m => m.Name, StringComparer.Ordinal)
            .Select(m => new StateDictProblem(StateDictProblemKind.Unexpected, m.Name, FileNameIfRenamed(m.FileName, m.Name), null, m.Layout));
        var mismatched = byName.Values.Where(m => expected.TryGetValue(m.Name, out var layout) && !layout.Equals(m.Layout))
            .OrderBy(m => m.Name, StringComparer.Ordinal)
            .Select(m => new StateDictProblem(StateDictProblemKind.Mismatched, m.Name, FileNameIfRenamed(m.FileName, m.Name), expected[m.Name], m.Layout));
        var duplicates = mapped.GroupBy(m => m.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).OrderBy(g => g.Key, StringComparer.Ordinal)
            .SelectMany(g => g.Skip(1).Select(m => new StateDictProblem(
                StateDictProblemKind.Duplicate, m.Name, m.FileName, expected.GetValueOrDefault(m.Name), m.Layout)));
        return missing.Concat(unexpected).Concat(mismatched).Concat(duplicates).ToArray();
    }

    /// <summary>
    /// Copies <paramref name="tensors"/> into <paramref name="module"/>'s parameters and buffers after checking that
    /// every name, dtype and shape agrees; when any does not, throws listing them all and changes nothing.
    /// </summary>
    /// <param name="module">The module to fill, on any device.</param>
    /// <param name="tensors">The tensors by the file's names.</param>
    /// <param name="rename">Maps a file name to the module's name for it; identity when null.</param>
    /// <param name="source">Names where the tensors come from, for the error message.</param>
    /// <exception cref="StateDictMismatchException">Some entry is missing, unexpected, mismatched or duplicated.</exception>
    public static void Load(nn.Module module, IReadOnlyDictionary<string, Tensor> tensors, Func<string, string>? rename = null, string source = "the tensors")
    {
        var targets = Of(module);
        var problems = Compare(
            targets.ToDictionary(t => t.Key, t => TensorLayout.Of(t.Value)),
            tensors.ToDictionary(t => t.Key, t => TensorLayout.Of(t.Value)),
            rename);
        if (problems.Count > 0) throw new StateDictMismatchException(source, module.GetType().Name, problems);
        using var noGrad = no_grad();
        var map = rename ?? Identity;
        foreach (var (fileName, tensor) in tensors) targets[map(fileName)].copy_(tensor);
    }

    private static string Identity(string name) => name;

    private static string? FileNameIfRenamed(string fileName, string name) => fileName == name ? null : fileName;
}

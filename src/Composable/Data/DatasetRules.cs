using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;
using static TorchSharp.torch;
using TorchSharp;
using Composable.Training;

namespace Composable.Data;

/// <summary>
/// The checks a <see cref="MultiTaskDataset"/> runs on its tensors, as applicative validations: each fails with every
/// problem it finds, and <see cref="Task"/> combines them so that a dataset reports all of its problems at once.
/// Messages name the task, what was expected and what was found.
/// </summary>
internal static class DatasetRules
{
    /// <summary>Inputs, targets and their row counts of one task, every problem of the three.</summary>
    /// <param name="task">The declared task.</param>
    /// <param name="inputs">Its inputs (a task's own or the shared ones).</param>
    /// <param name="inputsName">How errors name the inputs: <c>inputs</c> or <c>the shared inputs</c>.</param>
    /// <param name="targets">Its targets.</param>
    /// <param name="width">The declaration's input width; null when the inputs are shared and checked once.</param>
    /// <param name="readInputValues">Whether to read the inputs' values too (false for a tensor whose values were checked
    /// already, where it was made or for another task of the same batch: dtype and shape only).</param>
    /// <param name="readTargetValues">Whether to read the targets' values too (false for a tensor whose values were checked where it was made).</param>
    public static Validation<Error, Unit> Task(
        TaskSpec task, Tensor? inputs, string inputsName, Tensor? targets, int? width, bool readInputValues = true, bool readTargetValues = true) =>
        (width is { } w ? Inputs($"Task '{task.Name}': inputs", inputs, w, readInputValues) : Success<Error, Unit>(unit),
         Targets($"Task '{task.Name}'", task.Target, targets, readTargetValues),
         Rows($"Task '{task.Name}'", inputs, inputsName, targets))
        .Apply((_, _, _) => unit);

    /// <summary>Data for unknown tasks, tasks with data twice, and declared tasks without data.</summary>
    public static Validation<Error, Unit> Names(MultiTaskSpec spec, IEnumerable<string> given)
    {
        var declared = spec.Tasks.Select(t => t.Name).ToList();
        var declaredSet = new System.Collections.Generic.HashSet<string>(declared, System.StringComparer.Ordinal);
        var seen = new System.Collections.Generic.HashSet<string>(System.StringComparer.Ordinal);
        var errors = new List<Error>();
        foreach (var name in given)
        {
            if (!declaredSet.Contains(name))
                errors.Add(Error.New($"Data for unknown task '{name}'; the declared tasks are {Quoted(declared)}."));
            else if (!seen.Add(name))
                errors.Add(Error.New($"Task '{name}' has data twice; give each task one TaskData."));
        }
        foreach (var name in declared.Where(n => !seen.Contains(n)))
            errors.Add(Error.New($"Task '{name}' has no data; every declared task needs inputs and targets."));
        return Requirement.None(toSeq(errors));
    }

    /// <summary>Inputs must be float32 [N, width], N positive, every value finite.</summary>
    /// <param name="subject">How errors name the tensor: <c>Task 'Income': inputs</c> or <c>Shared inputs</c>.</param>
    /// <param name="inputs">The tensor to check.</param>
    /// <param name="width">The declaration's input width; any width when null (a backbone that reads flattened images).</param>
    /// <param name="readValues">Whether to check the values too, or only dtype and shape.</param>
    public static Validation<Error, Unit> Inputs(string subject, Tensor? inputs, int? width, bool readValues = true)
    {
        if (inputs is null) return Requirement.That(false, $"{subject} are missing (null).");
        var errors = new List<Error>();
        var dtypeOk = inputs.dtype == ScalarType.Float32;
        if (!dtypeOk)
            errors.Add(Error.New($"{subject} have dtype {TargetLayout.Format(inputs.dtype)}, expected float32."));
        var shape = inputs.shape;
        var shapeOk = shape.Length == 2 && (width is null || shape[1] == width);
        if (!shapeOk)
        {
            var rows = shape.Length >= 1 ? shape[0].ToString(CultureInfo.InvariantCulture) : "N";
            errors.Add(Error.New(width is { } w
                ? $"{subject} have shape {TargetLayout.Format(shape)}, expected [{rows}, {w}] (float32, the declared input width {w})."
                : $"{subject} have shape {TargetLayout.Format(shape)}, expected [{rows}, features] (float32, one row per example)."));
        }
        else if (shape[0] == 0)
        {
            errors.Add(Error.New($"{subject} have no rows; every task needs at least one example."));
        }
        if (dtypeOk && shapeOk && readValues)
            errors.AddRange(NonFinite(subject, inputs));
        return Requirement.None(toSeq(errors));
    }

    /// <summary>Targets must have the target's layout, and values its kind allows.</summary>
    /// <param name="owner">Whose targets, for messages: <c>Task 'Income'</c>, <c>Episode 2 of the meta-batch, query set</c>.</param>
    /// <param name="target">What the targets are.</param>
    /// <param name="targets">The tensor to check.</param>
    /// <param name="readValues">Whether to check the values too, or only dtype and shape.</param>
    public static Validation<Error, Unit> Targets(string owner, Target target, Tensor? targets, bool readValues = true)
    {
        var subject = $"{owner}: targets";
        if (targets is null) return Requirement.That(false, $"{subject} are missing (null).");
        var errors = new List<Error>();
        var expectedDType = TargetLayout.DType(target);
        var dtypeOk = targets.dtype == expectedDType;
        if (!dtypeOk)
            errors.Add(Error.New(
                $"{subject} have dtype {TargetLayout.Format(targets.dtype)}, expected {TargetLayout.Format(expectedDType)} ({TargetLayout.Describe(target)})."));
        var shape = targets.shape;
        var shapeOk = shape.Length >= 1 && shape.SequenceEqual(TargetLayout.Shape(target, shape[0]));
        if (!shapeOk)
        {
            var rows = shape.Length >= 1 ? shape[0].ToString(CultureInfo.InvariantCulture) : "N";
            errors.Add(Error.New(
                $"{subject} have shape {TargetLayout.Format(shape)}, expected {TargetLayout.FormatShape(target, rows)} ({TargetLayout.Describe(target)})."));
        }
        if (dtypeOk && shapeOk && readValues)
            errors.AddRange(Values(owner, target, targets));
        return Requirement.None(toSeq(errors));
    }

    /// <summary>Inputs and targets must have the same number of rows.</summary>
    public static Validation<Error, Unit> Rows(string subject, Tensor? inputs, string inputsName, Tensor? targets)
    {
        if (inputs is null || targets is null || inputs.dim() == 0 || targets.dim() == 0) return Success<Error, Unit>(unit);
        var (n, m) = (inputs.shape[0], targets.shape[0]);
        return Requirement.That(n == m, $"{subject}: {inputsName} have {Rows(n)} but targets have {Rows(m)}; they must match row for row.");
    }

    private static IEnumerable<Error> Values(string owner, Target target, Tensor targets)
    {
        using var scope = NewDisposeScope();
        switch (target)
        {
            case Regression:
                return NonFinite($"{owner}: targets", targets);
            case MultiClass c:
            {
                if (targets.numel() == 0) return [];
                if (targets.min().item<long>() >= 0 && targets.max().item<long>() < c.Classes) return [];
                using var classes = c.Classes.ToScalar();
                var bad = targets.lt(Scalars.Zero).logical_or(targets.ge(classes)).nonzero();
                if (bad.shape[0] == 0) return [];
                var row = bad[0, 0].item<long>();
                var label = targets[row].item<long>();
                return [Error.New(
                    $"{owner}: label {label} at row {row} is outside [0, {c.Classes}){More(bad.shape[0], "label")}.")];
            }
            default:
            {
                var outside = targets.ne(Scalars.Zero).logical_and(targets.ne(Scalars.One));
                if (!outside.any().item<bool>()) return [];
                var bad = outside.nonzero();
                if (bad.shape[0] == 0) return [];
                var (row, column) = (bad[0, 0].item<long>(), bad[0, 1].item<long>());
                var value = targets[row, column].item<float>().ToString(CultureInfo.InvariantCulture);
                var where = target is MultiLabel ? $"row {row}, label {column}" : $"row {row}";
                return [Error.New(
                    $"{owner}: target {value} at {where} is not 0 or 1{More(bad.shape[0], "value")}.")];
            }
        }
    }

    /// <summary>One reduction over the whole tensor (<see cref="Finiteness"/>); the first bad row is located only when it fails.</summary>
    private static IEnumerable<Error> NonFinite(string subject, Tensor values)
    {
        if (Finiteness.FirstBadRow(values) is not { } bad) return [];
        var more = bad.Count > 1 ? $" ({bad.Count} rows with NaN or infinity in all)" : "";
        return [Error.New($"{subject} contain {bad.What} at row {bad.Row}{more}.")];
    }

    private static string More(long count, string what) =>
        count > 1 ? $" ({count} such {what}s in all)" : "";

    private static string Rows(long n) => n == 1 ? "1 row" : $"{n} rows";

    private static string Quoted(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"'{n}'"));
}

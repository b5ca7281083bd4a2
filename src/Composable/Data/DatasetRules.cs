using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;
using static TorchSharp.torch;

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
    public static Validation<Error, Unit> Task(TaskSpec task, Tensor? inputs, string inputsName, Tensor? targets, int? width) =>
        (width is { } w ? Inputs($"Task '{task.Name}': inputs", inputs, w) : Success<Error, Unit>(unit),
         Targets(task, targets),
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
    /// <param name="width">The declaration's input width.</param>
    public static Validation<Error, Unit> Inputs(string subject, Tensor? inputs, int width)
    {
        if (inputs is null) return Requirement.That(false, $"{subject} are missing (null).");
        var errors = new List<Error>();
        var dtypeOk = inputs.dtype == ScalarType.Float32;
        if (!dtypeOk)
            errors.Add(Error.New($"{subject} have dtype {TargetLayout.Format(inputs.dtype)}, expected float32."));
        var shape = inputs.shape;
        var shapeOk = shape.Length == 2 && shape[1] == width;
        if (!shapeOk)
        {
            var rows = shape.Length >= 1 ? shape[0].ToString(CultureInfo.InvariantCulture) : "N";
            errors.Add(Error.New(
                $"{subject} have shape {TargetLayout.Format(shape)}, expected [{rows}, {width}] (float32, the declared input width {width})."));
        }
        else if (shape[0] == 0)
        {
            errors.Add(Error.New($"{subject} have no rows; every task needs at least one example."));
        }
        if (dtypeOk && shapeOk)
            errors.AddRange(NonFinite(subject, inputs));
        return Requirement.None(toSeq(errors));
    }

    /// <summary>Targets must have the task's target layout, and values its kind allows.</summary>
    private static Validation<Error, Unit> Targets(TaskSpec task, Tensor? targets)
    {
        var subject = $"Task '{task.Name}': targets";
        if (targets is null) return Requirement.That(false, $"{subject} are missing (null).");
        var errors = new List<Error>();
        var expectedDType = TargetLayout.DType(task.Target);
        var dtypeOk = targets.dtype == expectedDType;
        if (!dtypeOk)
            errors.Add(Error.New(
                $"{subject} have dtype {TargetLayout.Format(targets.dtype)}, expected {TargetLayout.Format(expectedDType)} ({TargetLayout.Describe(task.Target)})."));
        var shape = targets.shape;
        var shapeOk = shape.Length >= 1 && shape.SequenceEqual(TargetLayout.Shape(task.Target, shape[0]));
        if (!shapeOk)
        {
            var rows = shape.Length >= 1 ? shape[0].ToString(CultureInfo.InvariantCulture) : "N";
            errors.Add(Error.New(
                $"{subject} have shape {TargetLayout.Format(shape)}, expected {TargetLayout.FormatShape(task.Target, rows)} ({TargetLayout.Describe(task.Target)})."));
        }
        if (dtypeOk && shapeOk)
            errors.AddRange(Values(task, targets));
        return Requirement.None(toSeq(errors));
    }

    /// <summary>Inputs and targets must have the same number of rows.</summary>
    private static Validation<Error, Unit> Rows(string subject, Tensor? inputs, string inputsName, Tensor? targets)
    {
        if (inputs is null || targets is null || inputs.dim() == 0 || targets.dim() == 0) return Success<Error, Unit>(unit);
        var (n, m) = (inputs.shape[0], targets.shape[0]);
        return Requirement.That(n == m, $"{subject}: {inputsName} have {Rows(n)} but targets have {Rows(m)}; they must match row for row.");
    }

    private static IEnumerable<Error> Values(TaskSpec task, Tensor targets)
    {
        using var scope = NewDisposeScope();
        switch (task.Target)
        {
            case Regression:
                return NonFinite($"Task '{task.Name}': targets", targets);
            case MultiClass c:
            {
                var bad = targets.lt(0).logical_or(targets.ge(c.Classes)).nonzero();
                if (bad.shape[0] == 0) return [];
                var row = bad[0, 0].item<long>();
                var label = targets[row].item<long>();
                return [Error.New(
                    $"Task '{task.Name}': label {label} at row {row} is outside [0, {c.Classes}){More(bad.shape[0], "label")}.")];
            }
            default:
            {
                var bad = targets.ne(0).logical_and(targets.ne(1)).nonzero();
                if (bad.shape[0] == 0) return [];
                var (row, column) = (bad[0, 0].item<long>(), bad[0, 1].item<long>());
                var value = targets[row, column].item<float>().ToString(CultureInfo.InvariantCulture);
                var where = task.Target is MultiLabel ? $"row {row}, label {column}" : $"row {row}";
                return [Error.New(
                    $"Task '{task.Name}': target {value} at {where} is not 0 or 1{More(bad.shape[0], "value")}.")];
            }
        }
    }

    private static IEnumerable<Error> NonFinite(string subject, Tensor values)
    {
        using var scope = NewDisposeScope();
        var badRows = values.isfinite().all(1).logical_not().nonzero();
        if (badRows.shape[0] == 0) return [];
        var row = badRows[0, 0].item<long>();
        var what = values[row].isnan().any().item<bool>() ? "NaN" : "infinity";
        var more = badRows.shape[0] > 1 ? $" ({badRows.shape[0]} rows with NaN or infinity in all)" : "";
        return [Error.New($"{subject} contain {what} at row {row}{more}.")];
    }

    private static string More(long count, string what) =>
        count > 1 ? $" ({count} such {what}s in all)" : "";

    private static string Rows(long n) => n == 1 ? "1 row" : $"{n} rows";

    private static string Quoted(IEnumerable<string> names) => string.Join(", ", names.Select(n => $"'{n}'"));
}

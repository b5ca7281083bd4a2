using System;
using System.Linq;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace Composable.Data;

/// <summary>
/// Checks a hand-made batch against the declaration before a step uses it, with the rules a data set is built under
/// (<see cref="MultiTaskDataset.Create"/>): every problem named by task, row and value — a NaN target, a class label
/// outside a re-initialised head's classes, inputs of the wrong dtype or width, a task the objective needs but the
/// batch lacks — instead of an error from inside libtorch, or a NaN loss, after the forward. Every trainer of a
/// multi-task declaration (generated or interpreted, fine-tuning included) runs it first in its step, so a refused
/// batch leaves the network and its optimiser as they were.
/// </summary>
/// <remarks>
/// Cheap on a healthy batch: metadata, then one reduction per tensor (a sum for finiteness, <see cref="Finiteness"/>;
/// a label range), inputs shared by several tasks read once; the first bad row is located only when a reduction fails.
/// Rows a fit draws from a <see cref="MultiTaskDataset"/> were checked when the data set was made: only their dtypes and
/// shapes are checked again (<see cref="CheckedData"/>).
/// </remarks>
public static class BatchChecks
{
    /// <summary>Returns when every task batch in <paramref name="batch"/> fits <paramref name="spec"/>.</summary>
    /// <exception cref="ArgumentException">Lists every problem, each naming its task, and its row and value when one is to blame.</exception>
    public static void ThrowIfInvalid(MultiTaskSpec spec, MultiTaskBatch batch)
    {
        var checks = spec.Tasks.Select((task, t) => t < batch.Tasks.Count && batch[t] is { } b
                ? DatasetRules.Task(task, b.Inputs, "inputs", b.Targets, spec.Input.Size,
                    readInputValues: !CheckedData.Has(b.Inputs) && !InputsOfAnEarlierTask(batch, t),
                    readTargetValues: !CheckedData.Has(b.Targets))
                : Success<Error, Unit>(unit))
            .ToSeq();
        var result = (Tasks(spec, batch), checks.Traverse(c => c)).Apply((_, _) => unit);
        Requirement.ThrowIfFailed(result, "The batch does not fit the declaration:", nameof(batch));
    }

    /// <summary>
    /// Whether task <paramref name="t"/> reads the same inputs tensor as a task before it, whose check read its values
    /// already (tasks that share their inputs: the trunk runs once, and the values are read once).
    /// </summary>
    private static bool InputsOfAnEarlierTask(MultiTaskBatch batch, int t) =>
        Enumerable.Range(0, t).Any(e => batch[e] is { } earlier && ReferenceEquals(earlier.Inputs, batch[t]!.Inputs));

    /// <summary>One entry per declared task, at least one task present, and every task present when the objective weighs or combines them all.</summary>
    private static Validation<Error, Unit> Tasks(MultiTaskSpec spec, MultiTaskBatch batch)
    {
        if (batch.Tasks.Count != spec.Tasks.Count)
            return Requirement.That(false,
                $"The batch holds {batch.Tasks.Count} task batches but the declaration has {spec.Tasks.Count} tasks ({string.Join(", ", spec.Tasks.Select(t => $"'{t.Name}'"))}), in that order.");
        if (batch.Tasks.All(b => b is null))
            return Requirement.That(false, "The batch holds no task; a step needs at least one.");
        if (spec.Objective is WeightedSum) return Success<Error, Unit>(unit);
        return Requirement.None(toSeq(spec.Tasks.Where((_, t) => batch[t] is null).Select(task => Error.New(
            $"Objective {spec.Objective.ShortName} needs every task in every batch, and task '{task.Name}' is missing from this one."))));
    }
}

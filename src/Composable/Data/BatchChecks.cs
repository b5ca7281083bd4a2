using System;
using System.Linq;
using LanguageExt;
using LanguageExt.Common;

namespace Composable.Data;

/// <summary>
/// Checks a hand-made batch against the declaration before a step uses it, with the rules a data set is built under
/// (<see cref="MultiTaskDataset.Create"/>): every problem named by task, row and value — a class label outside a
/// re-initialised head's classes, for instance — instead of an error from inside libtorch after the forward.
/// </summary>
public static class BatchChecks
{
    /// <summary>Returns when every task batch in <paramref name="batch"/> fits <paramref name="spec"/>.</summary>
    /// <exception cref="ArgumentException">Lists every problem, each naming its task.</exception>
    public static void ThrowIfInvalid(MultiTaskSpec spec, MultiTaskBatch batch)
    {
        var checks = spec.Tasks.Select((task, t) => t < batch.Tasks.Count && batch[t] is { } b
                ? DatasetRules.Task(task, b.Inputs, "inputs", b.Targets, spec.Input.Width)
                : Requirement.That(true, ""))
            .ToSeq();
        var result = checks.Traverse(c => c).Map(_ => Prelude.unit);
        Requirement.ThrowIfFailed(result, "The batch does not fit the declaration:", nameof(batch));
    }
}

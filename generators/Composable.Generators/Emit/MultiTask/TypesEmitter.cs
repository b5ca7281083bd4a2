using System.Linq;
using Composable.Generators.Emit.Shared;
using static Composable.Generators.Emit.Shared.Expressions;

namespace Composable.Generators.Emit.MultiTask;

/// <summary>The <c>Batch</c>, <c>Outputs</c> and <c>Losses</c> records of a [MultiTaskModel] declaration.</summary>
internal static class TypesEmitter
{
    public static void Emit(EmitContext c, SourceWriter w)
    {
        var tasks = c.Tasks;
        w.Line($"/// <summary>A training step's data for <see cref=\"{c.Field}\"/>: one <see cref=\"TaskBatch\"/> per task, <c>null</c> for a task not sampled this step.</summary>");
        foreach (var t in tasks)
            w.Line($"/// <param name=\"{t.Name}\">{t.Name}, {t.Kind}; inputs float32 [B, {c.Spec.Input.Size}], targets {t.TargetLayout}.</param>");
        w.Open($"public sealed record Batch({string.Join(", ", tasks.Select(t => $"TaskBatch? {t.Name}"))})");
        w.Line("/// <summary>The typed view of an untyped batch whose tasks are in declaration order.</summary>");
        w.Open("public static Batch From(MultiTaskBatch batch)");
        w.Line($"if (batch.Tasks.Count != {tasks.Count})");
        w.Line($"    throw new ArgumentException($\"{c.TypeName} declares {tasks.Count} tasks ({string.Join(", ", tasks.Select(t => t.Name))}) but the batch holds {{batch.Tasks.Count}}.\", nameof(batch));");
        w.Line($"return new Batch({string.Join(", ", tasks.Select(t => $"batch[{t.Index}]"))});");
        w.Close();
        w.Line();
        w.Line("/// <summary>The untyped batch, tasks in declaration order.</summary>");
        w.Line($"public MultiTaskBatch ToUntyped() => new(new[] {{ {string.Join(", ", tasks.Select(t => t.Name))} }});");
        w.Line();
        w.Line("/// <summary>The inputs all tasks share when every task is present with the same inputs tensor; otherwise null.</summary>");
        var first = tasks[0].Name;
        var condition = string.Join(" && ", tasks.Select(t => $"{t.Name} is not null")
            .Concat(tasks.Skip(1).Select(t => $"ReferenceEquals({first}!.Inputs, {t.Name}!.Inputs)")));
        w.Line($"public Tensor? SharedInputs => {condition} ? {first}!.Inputs : null;");
        w.Close();
        w.Line();

        w.Line("/// <summary>The head outputs of every task (logits for classification targets, values for regression).</summary>");
        foreach (var t in tasks)
            w.Line($"/// <param name=\"{t.Name}\">{t.Name}, {t.Kind}; {t.OutputMeaning} [B, {t.OutputWidth}].</param>");
        w.Line($"public sealed record Outputs({string.Join(", ", tasks.Select(t => $"Tensor {t.Name}"))});");
        w.Line();

        w.Line($"/// <summary>The losses of a step and the objective {Escape(c.ObjectiveText)} over the tasks present{(c.Spec.Sharing is SoftSharing ? ", plus the soft-sharing penalty" : "")}.</summary>");
        foreach (var t in tasks)
            w.Line($"/// <param name=\"{t.Name}\">{t.Name}: {t.Loss} loss, or null when the task was not in the batch.</param>");
        if (c.Spec.Sharing is SoftSharing soft)
        {
            w.Line($"/// <param name=\"Penalty\">The soft-sharing penalty {Number(soft.Strength)}·Ω ({soft.Penalty}), part of <paramref name=\"Total\"/>.</param>");
            w.Line("/// <param name=\"Total\">The weighted sum plus the penalty: what is minimised.</param>");
            w.Line($"public sealed record Losses({string.Join(", ", tasks.Select(t => $"Tensor? {t.Name}"))}, Tensor Penalty, Tensor Total);");
            return;
        }
        w.Line("/// <param name=\"Total\">The weighted sum that is minimised.</param>");
        w.Line($"public sealed record Losses({string.Join(", ", tasks.Select(t => $"Tensor? {t.Name}"))}, Tensor Total);");
    }
}

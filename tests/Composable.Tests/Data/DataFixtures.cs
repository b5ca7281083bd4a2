using System.Collections.Generic;
using System.Linq;
using static TorchSharp.torch;

namespace Composable.Tests.Data;

/// <summary>Small declarations and tensors whose row i is recognisable: inputs[i, 0] == i.</summary>
internal static class DataFixtures
{
    public const int Width = 4;

    public static MultiTaskSpec Spec(params TaskSpec[] tasks) =>
        new(new Features(Width), ValueList.From(tasks), new HardSharing(Trunk: [8]));

    /// <summary>Age (regression, 1), Income (binary), Kind (5 classes), Tags (3 labels).</summary>
    public static MultiTaskSpec MixedSpec() => Spec(
        new TaskSpec("Age", new Regression(1)),
        new TaskSpec("Income", new Binary()),
        new TaskSpec("Kind", new MultiClass(5)),
        new TaskSpec("Tags", new MultiLabel(3)));

    /// <summary>float32 [rows, Width]; column 0 holds the row number plus <paramref name="offset"/>.</summary>
    public static Tensor Inputs(int rows, float offset = 0)
    {
        var data = new float[rows * Width];
        for (var i = 0; i < rows; i++)
            for (var j = 0; j < Width; j++)
                data[i * Width + j] = j == 0 ? i + offset : 0.5f * j;
        return tensor(data, [rows, Width]);
    }

    /// <summary>Valid targets for <paramref name="target"/>, derived from the row number.</summary>
    public static Tensor Targets(Target target, int rows) => target switch
    {
        Regression r => tensor(Enumerable.Range(0, rows * r.Outputs).Select(i => (float)i).ToArray(), [rows, r.Outputs]),
        Binary => tensor(Enumerable.Range(0, rows).Select(i => (float)(i % 2)).ToArray(), [rows, 1]),
        MultiClass c => tensor(Enumerable.Range(0, rows).Select(i => (long)(i % c.Classes)).ToArray(), [rows]),
        MultiLabel l => tensor(Enumerable.Range(0, rows * l.Labels).Select(i => (float)(i % 3 == 0 ? 1 : 0)).ToArray(), [rows, l.Labels]),
        _ => throw new System.ArgumentException(target.ToString()),
    };

    public static Dictionary<string, Tensor> TargetsFor(MultiTaskSpec spec, int rows) =>
        spec.Tasks.ToDictionary(t => t.Name, t => Targets(t.Target, rows));

    /// <summary>Each task its own inputs; task t has <c>rows[t]</c> rows and inputs offset by 1000·t.</summary>
    public static IEnumerable<Composable.Data.TaskData> OwnData(MultiTaskSpec spec, params int[] rows) =>
        spec.Tasks.Select((t, i) => new Composable.Data.TaskData(t.Name, Inputs(rows[i], 1000 * i), Targets(t.Target, rows[i])));

    /// <summary>Column 0 of inputs: the row numbers (plus offset) a batch holds.</summary>
    public static long[] RowIds(Tensor inputs) =>
        inputs.select(1, 0).contiguous().data<float>().ToArray().Select(v => (long)v).ToArray();
}

using System.Linq;
using Composable.Generators.Emit.Shared;

namespace Composable.Generators.Emit.MultiTask;

/// <summary>Hard sharing: one trunk for all tasks, then each task's tower and head; the trunk also heads a composition.</summary>
internal static class HardSharingEmitter
{
    public static void Emit(EmitContext c, SourceWriter w, HardSharing hard)
    {
        ModelEmitter.EmitEntryPointsOver(c, w, "The outputs of every task; the shared trunk runs once.", "shared", "Trunk(input)", () =>
        {
            if (c.Spec.Objective is not Mgda { UpperBound: true }) return;
            w.Line();
            w.Line("/// <summary>The trunk's output, the one representation every task reads (MGDA-UB's Z), and the outputs computed from it.</summary>");
            w.Open("public (Tensor Representation, Outputs Outputs) ForwardFromRepresentation(Tensor input)");
            w.Line("var shared = Trunk(input);");
            w.Line($"return (shared, new Outputs({string.Join(", ", c.Tasks.Select(t => $"{t.Name}From(shared)"))}));");
            w.Close();
        });
        w.Line();
        EmitTrunk(w, hard.Trunk, c.SharedBackbone);
        foreach (var t in c.Tasks)
        {
            w.Line();
            TowersEmitter.EmitTowerAndHead(c, w, $"private Tensor {t.Name}From(Tensor shared)", "shared", t);
        }
    }

    /// <summary>The shared trunk, reading the backbone's embedding first when <paramref name="backbone"/>.</summary>
    internal static void EmitTrunk(SourceWriter w, ValueList<int> trunk, bool backbone)
    {
        w.Open("private Tensor Trunk(Tensor input)");
        if (backbone) w.Line($"var x = {LayerNames.Backbone}.call(input);");
        for (var i = 0; i < trunk.Count; i++)
            w.Line($"{(i == 0 && !backbone ? "var x" : "x")} = Hidden({LayerNames.Trunk(i)}.call({(i == 0 && !backbone ? "input" : "x")}));");
        w.Line("return x;");
        w.Close();
    }
}

using System.Linq;
using Composable.Generators.Emit.Shared;
using static Composable.Generators.Emit.Shared.Expressions;

namespace Composable.Generators.Emit.MultiTask;

/// <summary>Independent towers (and soft sharing's penalty over them): each task runs its own tower, then its head.</summary>
internal static class TowersEmitter
{
    public static void EmitIndependent(EmitContext c, SourceWriter w)
    {
        if (c.SharedBackbone)
        {
            EmitTowersOverSharedBackbone(c, w);
            return;
        }
        w.Line("/// <summary>The outputs of every task; each task runs its own tower.</summary>");
        w.Line($"public override Outputs forward(Tensor input) => new Outputs({string.Join(", ", c.Tasks.Select(t => $"Forward{t.Name}(input)"))});");
        foreach (var t in c.Tasks)
        {
            w.Line();
            ModelEmitter.ForwardDoc(w, t);
            EmitTowerAndHead(c, w, $"public Tensor Forward{t.Name}(Tensor input)", c.Plan.BackbonePerTask ? $"{LayerNames.TaskBackbone(t.Name)}.call(input)" : "input", t);
        }
    }

    /// <summary>Towers of their own (soft sharing) over one backbone: the backbone runs once, then every task's tower reads its embedding.</summary>
    private static void EmitTowersOverSharedBackbone(EmitContext c, SourceWriter w)
    {
        ModelEmitter.EmitEntryPointsOver(c, w, "The outputs of every task; the backbone runs once, then each task runs its own tower.", "embedded", $"{LayerNames.Backbone}.call(input)");
        foreach (var t in c.Tasks)
        {
            w.Line();
            EmitTowerAndHead(c, w, $"private Tensor {t.Name}From(Tensor embedded)", "embedded", t);
        }
    }

    public static void EmitSharingPenalty(EmitContext c, SourceWriter w, SoftSharing soft)
    {
        w.Line();
        w.Line($"/// <summary>Ω = {soft.Penalty} over the tasks' tower layers {soft.At} (weights, then biases, layer by layer); the trainer adds {Number(soft.Strength)}·Ω to the objective.</summary>");
        w.Line("public Tensor SharingPenalty() => SoftSharingPenalty.Of(");
        w.Indent();
        w.Line($"global::Composable.SharingPenalty.{soft.Penalty},");
        for (var i = 0; i < soft.At.Count; i++)
        {
            var index = soft.At[i];
            var last = i == soft.At.Count - 1;
            w.Line($"new Tensor[] {{ {string.Join(", ", c.Tasks.Select(t => $"{LayerNames.Tower(t.Name, index)}.weight!"))} }},");
            w.Line($"new Tensor[] {{ {string.Join(", ", c.Tasks.Select(t => $"{LayerNames.Tower(t.Name, index)}.bias!"))} }}{(last ? ");" : ",")}");
        }
        w.Unindent();
    }

    internal static void EmitTowerAndHead(EmitContext c, SourceWriter w, string signature, string input, TaskInfo t)
    {
        var depth = c.Plan.TowerDepth;
        if (depth == 0)
        {
            w.Line($"{signature} => {LayerNames.Head(t.Name)}.call({input});");
            return;
        }
        w.Open(signature);
        for (var i = 0; i < depth; i++)
            w.Line($"{(i == 0 ? "var x" : "x")} = Hidden({LayerNames.Tower(t.Name, i)}.call({(i == 0 ? input : "x")}));");
        w.Line($"return {LayerNames.Head(t.Name)}.call(x);");
        w.Close();
    }
}

using System.Globalization;
using System.Linq;
using Composable.Generators.Emit.Shared;

namespace Composable.Generators.Emit.MultiTask;

/// <summary>Cross-stitch and sluice: task columns side by side, mixed between layers.</summary>
internal static class ColumnsEmitter
{
    /// <summary><c>forward</c> and one <c>Forward{Task}</c> per task over a private <c>Columns(input)</c> of per-task outputs.</summary>
    private static void EmitColumnEntryPoints(EmitContext c, SourceWriter w, string how)
    {
        w.Line($"/// <summary>The outputs of every task; {how}.</summary>");
        w.Open("public override Outputs forward(Tensor input)");
        w.Line("var outputs = Columns(input);");
        w.Line($"return new Outputs({string.Join(", ", c.Tasks.Select(t => $"outputs[{t.Index}]"))});");
        w.Close();
        foreach (var t in c.Tasks)
        {
            w.Line();
            ModelEmitter.ForwardDoc(w, t);
            w.Line($"public Tensor Forward{t.Name}(Tensor input) => Columns(input)[{t.Index}];");
        }
        w.Line();
    }

    /// <summary>What the columns' first layers read (the trunk's output, the backbone's embedding or the input), declared first if needed.</summary>
    private static string ColumnsSource(EmitContext c, SourceWriter w, bool trunk)
    {
        if (trunk)
        {
            w.Line("var shared = Trunk(input);");
            return "shared";
        }
        if (!c.SharedBackbone) return "input";
        w.Line($"var embedded = {LayerNames.Backbone}.call(input);");
        return "embedded";
    }

    public static void EmitCrossStitch(EmitContext c, SourceWriter w, CrossStitch stitch, bool trunk)
    {
        var tasks = c.Tasks;
        EmitColumnEntryPoints(c, w, "the columns run side by side, mixed by the cross-stitch units");
        var convColumns = c.Plan.BackbonePerTask;
        var blocks = c.Plan.StitchedBlocks;
        w.Line(convColumns
            ? $"/// <summary>Every column's head output: each task's own conv backbone, block by block, a cross-stitch unit mixing the feature maps after blocks {blocks}, then its layers, mixed after layers {stitch.At}.</summary>"
            : $"/// <summary>Every column's head output; after layers {stitch.At} a cross-stitch unit mixes the columns' activations.</summary>");
        w.Open("private Tensor[] Columns(Tensor input)");
        string SourceOf(TaskInfo t) => t.Camel + "Features";
        var source = convColumns ? null : ColumnsSource(c, w, trunk);
        if (convColumns)
        {
            foreach (var t in tasks)
                w.Line($"var {t.Camel}Maps = {LayerNames.TaskBackbone(t.Name)}.Images(input);");
            for (var block = 0; block < ConvPlan.BlockCount(c.Plan.Backbone!); block++)
            {
                foreach (var t in tasks)
                    w.Line($"{t.Camel}Maps = {LayerNames.TaskBackbone(t.Name)}.Block({block}, {t.Camel}Maps);");
                if (!blocks.Contains(block)) continue;
                w.Line($"var stitchedBlock{block} = {LayerNames.BlockCrossStitch(block)}.Mix(new[] {{ {string.Join(", ", tasks.Select(t => t.Camel + "Maps"))} }});");
                foreach (var t in tasks)
                    w.Line($"{t.Camel}Maps = stitchedBlock{block}[{t.Index}];");
            }
            foreach (var t in tasks)
                w.Line($"var {SourceOf(t)} = {LayerNames.TaskBackbone(t.Name)}.Readout({t.Camel}Maps);");
        }
        for (var i = 0; i < stitch.Layers.Count; i++)
        {
            foreach (var t in tasks)
                w.Line($"{(i == 0 ? "var " : "")}{t.Camel}Column = Hidden({LayerNames.Tower(t.Name, i)}.call({(i == 0 ? source ?? SourceOf(t) : t.Camel + "Column")}));");
            if (stitch.At.Contains(i))
            {
                w.Line($"var stitched{i} = {LayerNames.CrossStitch(i)}.Mix(new[] {{ {string.Join(", ", tasks.Select(t => t.Camel + "Column"))} }});");
                foreach (var t in tasks)
                    w.Line($"{t.Camel}Column = stitched{i}[{t.Index}];");
            }
        }
        w.Line($"return new[] {{ {string.Join(", ", tasks.Select(t => $"{LayerNames.Head(t.Name)}.call({t.Camel}Column)"))} }};");
        w.Close();
    }

    public static void EmitSluice(EmitContext c, SourceWriter w, Sluice sluice, bool trunk)
    {
        var tasks = c.Tasks;
        EmitColumnEntryPoints(c, w, "the columns run side by side, their subspaces mixed after every layer");
        w.Line($"/// <summary>Every column's head output: after each layer an α unit mixes the {sluice.Subspaces} subspaces of every column; each head reads its column's layers weighted by β.</summary>");
        w.Open("private Tensor[] Columns(Tensor input)");
        var source = ColumnsSource(c, w, trunk);
        for (var i = 0; i < sluice.Layers.Count; i++)
        {
            foreach (var t in tasks)
                w.Line($"var {t.Camel}Column{i} = Hidden({LayerNames.Tower(t.Name, i)}.call({(i == 0 ? source : $"layer{i - 1}[{t.Index}]")}));");
            w.Line($"var layer{i} = {LayerNames.Sluice(i)}.MixSubspaces(new[] {{ {string.Join(", ", tasks.Select(t => $"{t.Camel}Column{i}"))} }}, {sluice.Subspaces});");
        }
        var layerList = string.Join(", ", Enumerable.Range(0, sluice.Layers.Count).Select(i => $"layer{i}[{{0}}]"));
        w.Line($"return new[] {{ {string.Join(", ", tasks.Select(t => $"{LayerNames.Head(t.Name)}.call({LayerNames.LayerSelection}.Select({t.Index}, new[] {{ {string.Format(CultureInfo.InvariantCulture, layerList, t.Index)} }}))"))} }};");
        w.Close();
    }
}

using System.Collections.Generic;
using System.Linq;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Composable.Reporting;

/// <summary>
/// Renders a <em>built</em> module in the generated <c>Graph</c> text format, from its actual parameters, so that
/// tests can check that what the generator describes is what the module holds.
/// </summary>
public static class ModuleGraph
{
    /// <summary>The graph text of <paramref name="module"/> (a network built for <paramref name="spec"/>).</summary>
    public static string Render(string title, MultiTaskSpec spec, nn.Module module)
    {
        var embeddings = module.named_modules().Where(m => m.module is Embedding).Select(m => m.name).ToHashSet();
        var stitches = module.named_modules().Where(m => m.module is Modules.CrossStitchUnit).Select(m => m.name).ToHashSet();
        var selections = module.named_modules().Where(m => m.module is Modules.LayerSelectionWeights).Select(m => m.name).ToHashSet();
        var norms = module.named_modules().Where(m => m.module is BatchNorm2d).Select(m => m.name).ToHashSet();
        var groupNorms = module.named_modules().Where(m => m.module is GroupNorm).Select(m => m.name).ToHashSet();
        var conv = spec.Backbone as ConvBackbone;
        var layers = new List<LayerPlan>();
        foreach (var group in module.named_parameters().GroupBy(p => p.name[..p.name.LastIndexOf('.')]))
        {
            var parameters = group.ToDictionary(p => p.name[(p.name.LastIndexOf('.') + 1)..], p => p.parameter.shape);
            var weight = parameters["weight"];
            layers.Add(embeddings.Contains(group.Key)
                ? new LayerPlan(group.Key, LayerKind.Embedding, (int)weight[0], (int)weight[1])
                : selections.Contains(group.Key)
                ? new LayerPlan(group.Key, LayerKind.LayerSelection, (int)weight[1], (int)weight[0], Bias: false)
                : stitches.Contains(group.Key)
                ? new LayerPlan(group.Key, LayerKind.CrossStitch, (int)weight[0], (int)weight[1], Bias: false)
                : norms.Contains(group.Key)
                ? new LayerPlan(group.Key, LayerKind.BatchNorm, (int)weight[0], (int)weight[0])
                : groupNorms.Contains(group.Key)
                ? new LayerPlan(group.Key, LayerKind.GroupNorm, (int)weight[0], (int)weight[0], Groups: conv is null ? 1 : ConvPlan.NormGroupsOf(conv))
                : weight.Length == 4
                ? new LayerPlan(group.Key, LayerKind.Conv2d, (int)weight[1], (int)weight[0], Kernel: (int)weight[3], Padding: conv is null ? 1 : group.Key.EndsWith(".shortcut", System.StringComparison.Ordinal) ? 0 : ConvPlan.PaddingOf(conv))
                : weight.Length == 3
                    ? new LayerPlan(group.Key, LayerKind.StackedLinear, (int)weight[2], (int)weight[1], Stack: (int)weight[0])
                    : new LayerPlan(group.Key, LayerKind.Linear, (int)weight[1], (int)weight[0], parameters.ContainsKey("bias")));
        }
        return GraphText.Render(title, new ModelPlan(spec, ValueList.From(layers)));
    }
}

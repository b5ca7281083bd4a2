using System.Collections.Generic;
using System.Linq;
using Composable.Generators.Emit.Shared;

namespace Composable.Generators.Emit.Meta;

/// <summary>Meta-SGD's learned inner rates: the typed <c>InnerRates</c> record and the module that holds them.</summary>
internal static class InnerRatesEmitter
{
    /// <summary>
    /// Meta-SGD's learned rates: the typed <c>InnerRates</c> record and the module registered as <c>inner_lr</c>,
    /// shaped like the run time's (<c>inner_lr.layer_0.weight</c> per parameter, <c>inner_lr.layer_0</c> per layer).
    /// </summary>
    public static void Emit(MetaPlan plan, MetaSgd metaSgd, SourceWriter w)
    {
        var rates = plan.Rates;
        var alpha = Expressions.Number(plan.InnerLearningRate);
        var perLayer = metaSgd.Rate == LearnedRate.PerLayer;
        var residual = plan.Conv is { Residual: true };
        w.Line();
        w.Line("/// <summary>");
        w.Line(perLayer
            ? "/// Meta-SGD's learned inner step sizes, one scalar per adapted layer (shared by its adapted weight and bias); the"
            : "/// Meta-SGD's learned inner step sizes, one tensor shaped like each adapted parameter; the");
        w.Line($"/// inner loop steps φ = φ − rate ⊙ ∇L. <see cref=\"Network.LearnedRates\"/> holds them, initialised to {alpha}.");
        w.Line("/// </summary>");
        foreach (var rate in rates)
            w.Line($"/// <param name=\"{MetaNames.Property(rate.Name)}\"><c>{NetworkEmitter.InnerRatesField}.{rate.Name}</c> {(rate.Shape.Count == 0 ? "(a scalar)" : $"[{string.Join(", ", rate.Shape)}]")}.</param>");
        w.Open($"public sealed record InnerRates({string.Join(", ", rates.Select(r => $"Tensor {MetaNames.Property(r.Name)}"))})");
        w.Line("/// <summary>State-dict names, in order.</summary>");
        w.Line($"public static IReadOnlyList<string> Names {{ get; }} = new[] {{ {string.Join(", ", rates.Select(r => MetaNames.Quote(NetworkEmitter.InnerRatesField + "." + r.Name)))} }};");
        w.Line();
        w.Line("/// <summary>The rates detached from the graph, for adaptation that does not train them.</summary>");
        w.Line($"public InnerRates Detach() => new({string.Join(", ", rates.Select(r => MetaNames.Property(r.Name) + ".detach()"))});");
        w.Close();
        w.Line();
        w.Line($"/// <summary>Meta-SGD's learned rates as the module <c>{NetworkEmitter.InnerRatesField}</c> of <see cref=\"Network\"/>.</summary>");
        w.Open($"public sealed class {NetworkEmitter.InnerRateModule} : nn.Module");
        foreach (var owner in rates.Select(r => Owner(r.Name)).Distinct())
            w.Line($"private readonly {(IsBlock(owner) ? ConvBlockRates : perLayer ? "Parameter" : "global::Composable.Meta.LayerRates")} {owner};");
        w.Line();
        w.Line($"/// <summary>Creates every rate at the declared initial inner learning rate {alpha}.</summary>");
        w.Open($"public {NetworkEmitter.InnerRateModule}() : base(\"InnerRates\")");
        foreach (var block in rates.Select(r => Owner(r.Name)).Distinct().Where(IsBlock))
        {
            string ShapeOf(string name) => plan.Parameters.FirstOrDefault(p => p.Name == block + "." + name && plan.Adapted.Contains(p.Name)) is { } p
                ? $"new long[] {{ {string.Join(", ", p.Shape)} }}"
                : "null";
            if (!residual)
            {
                w.Line($"{block} = new {ConvBlockRates}({alpha}, perLayer: {(perLayer ? "true" : "false")},");
                w.Line($"    convWeight: {ShapeOf("conv.weight")}, convBias: {ShapeOf("conv.bias")}, normWeight: {ShapeOf("norm.weight")}, normBias: {ShapeOf("norm.bias")});");
                continue;
            }
            // A residual block's adapted parts, in plan order (of conv1 … conv3, norm1 … norm3, shortcut, shortcut_norm).
            var parts = plan.Parameters.Where(p => p.Name.StartsWith(block + ".", System.StringComparison.Ordinal) && plan.Adapted.Contains(p.Name))
                .Select(p => MetaPlan.LayerOf(p.Name).Substring(block.Length + 1)).Distinct()
                .Select(part => $"(\"{part}\", {ShapeOf(part + ".weight")}, {ShapeOf(part + ".bias")})");
            w.Line($"{block} = new {ConvBlockRates}({alpha}, perLayer: {(perLayer ? "true" : "false")}, new (string, long[]?, long[]?)[]");
            w.Line("{");
            foreach (var part in parts) w.Line($"    {part},");
            w.Line("});");
        }
        foreach (var layer in plan.Layers.Where(l => !IsBlock(Owner(l.Name))))
        {
            var adapted = plan.AdaptedOf(layer);
            if (adapted.Count == 0) continue;
            string ShapeOf(string name) => adapted.FirstOrDefault(p => p.Name == layer.Name + "." + name) is { } p
                ? $"new long[] {{ {string.Join(", ", p.Shape)} }}"
                : "null";
            w.Line(perLayer
                ? $"{layer.Name} = global::Composable.Meta.LayerRates.Scalar({alpha});"
                : $"{layer.Name} = new global::Composable.Meta.LayerRates({alpha}, weight: {ShapeOf("weight")}, bias: {ShapeOf("bias")});");
        }
        w.Line("RegisterComponents();");
        w.Close();
        w.Line();
        w.Line("/// <summary>The rates as a typed set.</summary>");
        w.Line($"public InnerRates Rates => new({string.Join(", ", rates.Select(r => Read(r.Name, perLayer, residual)))});");
        w.Close();
    }

    private const string ConvBlockRates = "global::Composable.Meta.ConvBlockRates";

    /// <summary>The field holding a rate: its layer, or for a convolutional block's part (<c>block_0.conv</c>) the block.</summary>
    private static string Owner(string rate)
    {
        var dot = rate.IndexOf('.');
        return dot < 0 ? rate : rate.Substring(0, dot);
    }

    private static bool IsBlock(string owner) => owner.StartsWith("block_", System.StringComparison.Ordinal);

    /// <summary>
    /// The expression reading a rate from the fields: <c>layer_0</c> or <c>layer_0.Weight!</c>; a block's
    /// <c>block_0.ConvRate!</c> (per layer) or <c>block_0.Conv!.Weight!</c> (per parameter); a residual block's
    /// <c>block_0.RateOf("conv1")!</c> or <c>block_0.RatesOf("conv1")!.Weight!</c>.
    /// </summary>
    private static string Read(string rate, bool perLayer, bool residual)
    {
        var parts = rate.Split('.');
        if (!IsBlock(parts[0]))
            return perLayer ? rate : $"{parts[0]}.{Capitalised(parts[1])}!";
        if (residual)
            return perLayer ? $"{parts[0]}.RateOf(\"{parts[1]}\")!" : $"{parts[0]}.RatesOf(\"{parts[1]}\")!.{Capitalised(parts[2])}!";
        return perLayer ? $"{parts[0]}.{Capitalised(parts[1])}Rate!" : $"{parts[0]}.{Capitalised(parts[1])}!.{Capitalised(parts[2])}!";
    }

    private static string Capitalised(string name) => char.ToUpperInvariant(name[0]) + name.Substring(1);
}

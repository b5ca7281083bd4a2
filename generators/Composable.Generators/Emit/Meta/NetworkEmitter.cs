using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Composable.Generators.Emit.Shared;
using Composable.Generators.Model;

namespace Composable.Generators.Emit.Meta;

/// <summary>
/// The <c>Network</c> module of a [MetaLearner] declaration: θ as named layers (and Meta-SGD's learned rates), forward
/// through <c>Functional.Forward</c>. An MLP holds a <c>Linear</c> per layer; a convolutional declaration a
/// <c>ConvBlock</c> per block (<c>block_0.conv.weight</c>, …, <c>block_0.norm.bias</c>) and the <c>head</c>. Both are
/// constructed in the order the run time's <c>MetaNetwork</c> constructs them, so one seed draws the same θ.
/// </summary>
internal static class NetworkEmitter
{
    public static void Emit(DeclarationModel<MetaLearnerSpec> model, MetaPlan plan, SourceWriter w)
    {
        var body = plan.Conv is { } conv ? ConvBody(model, plan, conv) : MlpBody(model, plan);
        var metaSgd = model.Spec.Learner as MetaSgd;
        w.Line($"/// <summary>The network θ declared by <see cref=\"{model.FieldName}\"/>: {body.Summary}; {plan.ParameterCount.ToString("N0", CultureInfo.InvariantCulture)} parameters, forward through <see cref=\"Functional.Forward\"/>.</summary>");
        w.Open("public sealed class Network : nn.Module<Tensor, Tensor>");
        foreach (var (type, name, _) in body.Fields)
            w.Line($"private readonly {type} {name};");
        if (metaSgd is not null) w.Line($"private readonly {InnerRateModule} {InnerRatesField};");
        w.Line();
        w.Line($"/// <summary>Creates the {body.Parts} in declaration order from torch's generator (seed it first for reproducible weights).</summary>");
        w.Open($"public Network() : base(\"{model.TypeName}\")");
        foreach (var (_, name, creation) in body.Fields)
            w.Line($"{name} = {creation};");
        if (metaSgd is not null) w.Line($"{InnerRatesField} = new {InnerRateModule}();");
        w.Line("RegisterComponents();");
        w.Close();
        w.Line();
        w.Line("/// <summary>The declaration this network was generated from.</summary>");
        w.Line($"public MetaLearnerSpec Spec => {model.QualifiedName}.{model.FieldName};");
        w.Line();
        w.Line("/// <summary>θ as a typed parameter set (the module's own tensors, not copies).</summary>");
        foreach (var line in body.Weights) w.Line(line);
        w.Line();
        if (metaSgd is not null)
        {
            w.Line("/// <summary>Meta-SGD's learned inner rates as a typed set (the module's own tensors, not copies).</summary>");
            w.Line($"public InnerRates LearnedRates => {InnerRatesField}.Rates;");
            w.Line();
        }
        w.Line("/// <summary>The network under θ.</summary>");
        w.Line("public override Tensor forward(Tensor input) => Functional.Forward(Weights, input);");
        NetworkDisposal.Emit(w);
        w.Close();
        if (metaSgd is not null) InnerRatesEmitter.Emit(plan, metaSgd, w);
    }

    /// <summary>What differs between an MLP's network and a convolutional one.</summary>
    /// <param name="Summary">The network in the class summary.</param>
    /// <param name="Parts">What the constructor creates, in its summary.</param>
    /// <param name="Fields">Type, name and creation of each field, in registration order.</param>
    /// <param name="Weights">The lines of the <c>Weights</c> property.</param>
    private sealed record Body(string Summary, string Parts, IReadOnlyList<(string Type, string Name, string Creation)> Fields, IReadOnlyList<string> Weights);

    private static Body MlpBody(DeclarationModel<MetaLearnerSpec> model, MetaPlan plan) => new(
        $"layers {model.Spec.Input.Size} → {model.Spec.Layers} → {model.Spec.Outputs}, {plan.Activation.ToString().ToLowerInvariant()}",
        "layers",
        plan.Layers.Select(l => ("Linear", l.Name, Expressions.Linear(l))).ToArray(),
        new[] { $"public Parameters Weights => new({string.Join(", ", plan.Layers.SelectMany(l => new[] { $"{l.Name}.weight!", $"{l.Name}.bias!" }))});" });

    private static Body ConvBody(DeclarationModel<MetaLearnerSpec> model, MetaPlan plan, ConvBackbone conv)
    {
        var head = plan.Layers[plan.Layers.Count - 1];
        var widths = ConvPlan.WidthsOf(conv);
        var blocks = Enumerable.Range(0, widths.Count).Select(MetaPlan.Block).ToArray();
        var fields = blocks.Select((block, i) => ("ConvBlock", block, $"new ConvBlock({(i == 0 ? conv.Input.Channels : widths[i - 1])}, {widths[i]}, Functional.Stack.Backbone)"))
            .Append(("Linear", head.Name, Expressions.Linear(head))).ToArray();
        // A plain block's parameters by name; a residual block's (conv1, norm1, …, shortcut_norm) by position in Weights.
        var perBlock = ConvPlan.LayersOf(null, conv).Count(l => l.Name.StartsWith(blocks[0] + ".", System.StringComparison.Ordinal)) * 2;
        var weights = blocks.Select(block => conv.Residual
                ? "    " + string.Join(" ", Enumerable.Range(0, perBlock).Select(k => $"{block}.Weights[{k}],"))
                : conv.Norm == BlockNorm.None
                ? $"    {block}.ConvWeight, {block}.ConvBias,"
                : $"    {block}.ConvWeight, {block}.ConvBias, {block}.NormWeight, {block}.NormBias,")
            .Prepend("public Parameters Weights => new(").Append($"    {head.Name}.weight!, {head.Name}.bias!);").ToArray();
        return new Body(
            $"{Expressions.Escape(FewShotGraphText.Describe(conv))}, then a linear head {plan.HeadInput} → {model.Spec.Outputs}",
            "blocks and the head", fields, weights);
    }

    /// <summary>The field (and state-dict prefix) of Meta-SGD's rates, as the run time's <c>MetaNetwork</c> names it.</summary>
    internal const string InnerRatesField = "inner_lr";

    internal const string InnerRateModule = "InnerRateModule";
}

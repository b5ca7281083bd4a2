using System.Globalization;
using System.Linq;
using Composable.Generators.Emit.Shared;
using Composable.Generators.Model;

namespace Composable.Generators.Emit.Meta;

/// <summary>The <c>Network</c> module of a [MetaLearner] declaration: θ as named layers (and Meta-SGD's learned rates), forward through <c>Functional.Forward</c>.</summary>
internal static class NetworkEmitter
{
    public static void Emit(DeclarationModel<MetaLearnerSpec> model, MetaPlan plan, SourceWriter w)
    {
        w.Line($"/// <summary>The network θ declared by <see cref=\"{model.FieldName}\"/>: layers {model.Spec.Input.Width} → {model.Spec.Layers} → {model.Spec.Outputs}, {plan.Activation.ToString().ToLowerInvariant()}; {plan.ParameterCount.ToString("N0", CultureInfo.InvariantCulture)} parameters, forward through <see cref=\"Functional.Forward\"/>.</summary>");
        w.Open("public sealed class Network : nn.Module<Tensor, Tensor>");
        foreach (var layer in plan.Layers)
            w.Line($"private readonly Linear {layer.Name};");
        var metaSgd = model.Spec.Learner as MetaSgd;
        if (metaSgd is not null) w.Line($"private readonly {InnerRateModule} {InnerRatesField};");
        w.Line();
        w.Line("/// <summary>Creates the layers in declaration order from torch's generator (seed it first for reproducible weights).</summary>");
        w.Open($"public Network() : base(\"{model.TypeName}\")");
        foreach (var layer in plan.Layers)
            w.Line($"{layer.Name} = {Expressions.Linear(layer)};");
        if (metaSgd is not null) w.Line($"{InnerRatesField} = new {InnerRateModule}();");
        w.Line("RegisterComponents();");
        w.Close();
        w.Line();
        w.Line("/// <summary>The declaration this network was generated from.</summary>");
        w.Line($"public MetaLearnerSpec Spec => {model.QualifiedName}.{model.FieldName};");
        w.Line();
        w.Line("/// <summary>θ as a typed parameter set (the module's own tensors, not copies).</summary>");
        w.Line($"public Parameters Weights => new({string.Join(", ", plan.Layers.SelectMany(l => new[] { $"{l.Name}.weight!", $"{l.Name}.bias!" }))});");
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

    /// <summary>The field (and state-dict prefix) of Meta-SGD's rates, as the run time's <c>MetaNetwork</c> names it.</summary>
    internal const string InnerRatesField = "inner_lr";

    internal const string InnerRateModule = "InnerRateModule";
}

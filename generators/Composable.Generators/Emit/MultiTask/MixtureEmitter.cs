using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Composable.Generators.Emit.Shared;

namespace Composable.Generators.Emit.MultiTask;

/// <summary>Mixtures of experts (one gate, a gate per task, customised gate control, progressive layered extraction), each task's tower and head after its mixture.</summary>
internal static class MixtureEmitter
{
    public static void Emit(EmitContext c, SourceWriter w, MixtureOfExperts mixture, bool trunk)
    {
        var source = trunk ? "shared" : c.SharedBackbone ? "embedded" : "input";
        var tasks = c.Tasks;
        w.Line("/// <summary>The outputs of every task; the experts run once.</summary>");
        w.Open("public override Outputs forward(Tensor input)");
        w.Line("var mixtures = Mixtures(input).Mixtures;");
        w.Line($"return new Outputs({string.Join(", ", tasks.Select(t => $"{t.Name}From(mixtures[{t.Index}])"))});");
        w.Close();
        foreach (var t in tasks)
        {
            w.Line();
            ModelEmitter.ForwardDoc(w, t);
            w.Line($"public Tensor Forward{t.Name}(Tensor input) => {t.Name}From(Mixtures(input).Mixtures[{t.Index}]);");
        }
        w.Line();
        w.Line("/// <inheritdoc />");
        w.Open("public IReadOnlyList<Tensor> MeanGateWeights(Tensor input)");
        w.Line("var gates = Mixtures(input).Gates;");
        w.Line($"return new[] {{ {string.Join(", ", tasks.Select(t => $"gates[{t.Index}].mean(new long[] {{ 0 }})"))} }};");
        w.Close();
        w.Line();

        var experts = mixture.ExpertsPerLevel(tasks.Count);
        var multiLevel = mixture.Levels > 1;
        w.Line($"/// <summary>Each task's mixture of the {(multiLevel ? "last level's " : "")}experts and its gate weights; experts are laid out [experts, B, width].</summary>");
        w.Open("private (Tensor[] Mixtures, Tensor[] Gates) Mixtures(Tensor input)");
        if (trunk) w.Line("var shared = Trunk(input);");
        else if (c.SharedBackbone) w.Line($"var embedded = {LayerNames.Backbone}.call(input);");
        string Suffix(int level) => multiLevel ? level.ToString(CultureInfo.InvariantCulture) : "";
        for (var level = 0; level < mixture.Levels; level++)
        {
            var sfx = Suffix(level);
            var below = level == 0 ? "" : Suffix(level - 1);
            if (multiLevel) w.Line($"// level {level}");
            var h = $"experts{sfx}";
            var first = LayerNames.Experts(mixture, level, 0);
            w.Line(level == 0
                ? $"var {h} = Hidden(ExpertMixing.Split({first}.call({source}), {experts}));"
                : $"var {h} = Hidden({first}.call(ExpertMixing.Inputs(mixtureOfShared{below}, {mixture.Experts}, {mixture.TaskExperts}, new[] {{ {string.Join(", ", tasks.Select(t => $"{t.Camel}Mixture{below}"))} }})));");
            for (var i = 1; i < mixture.ExpertLayers.Count; i++)
                w.Line($"{h} = Hidden({LayerNames.Experts(mixture, level, i)}.call({h}));");
            if (mixture.Gating == Gating.Single)
            {
                w.Line($"var weights = ExpertMixing.Weights({LayerNames.Gate(mixture, level)}.call({source}));");
                w.Line($"var mixture = ExpertMixing.Mix(weights, {h});");
                w.Line($"return (new[] {{ {string.Join(", ", tasks.Select(_ => "mixture"))} }}, new[] {{ {string.Join(", ", tasks.Select(_ => "weights"))} }});");
                break;
            }
            if (ModelPlan.FusesGates(mixture))
            {
                w.Line($"var weights = ExpertMixing.TaskWeights({LayerNames.TaskGates}.call({source}), {tasks.Count});");
                w.Line($"return (ExpertMixing.MixAll(weights, {h}).unbind(1), weights.unbind(1));");
                break;
            }
            foreach (var t in tasks)
            {
                var gateInput = level == 0 ? source : $"{t.Camel}Mixture{below}";
                var chosen = mixture.TaskExperts > 0 ? $"ExpertMixing.Select({h}, {mixture.Experts}, {mixture.TaskExperts}, {t.Index})" : h;
                w.Line($"var {t.Camel}Gate{sfx} = ExpertMixing.Weights({LayerNames.Gate(mixture, level, t.Name)}.call({gateInput}));");
                w.Line($"var {t.Camel}Mixture{sfx} = ExpertMixing.Mix({t.Camel}Gate{sfx}, {chosen});");
            }
            if (level < mixture.Levels - 1)
            {
                var sharedInput = level == 0 ? source : $"mixtureOfShared{below}";
                w.Line($"var mixtureOfShared{sfx} = ExpertMixing.Mix(ExpertMixing.Weights({LayerNames.SharedGate(mixture, level)}.call({sharedInput})), {h});");
            }
            else
            {
                w.Line($"return (new[] {{ {string.Join(", ", tasks.Select(t => $"{t.Camel}Mixture{sfx}"))} }}, new[] {{ {string.Join(", ", tasks.Select(t => $"{t.Camel}Gate{sfx}"))} }});");
            }
        }
        w.Close();
        foreach (var t in tasks)
        {
            w.Line();
            TowersEmitter.EmitTowerAndHead(c, w, $"private Tensor {t.Name}From(Tensor mixture)", "mixture", t);
        }
    }
}

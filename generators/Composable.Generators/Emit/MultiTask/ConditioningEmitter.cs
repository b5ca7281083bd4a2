using System.Linq;
using Composable.Generators.Emit.Shared;

namespace Composable.Generators.Emit.MultiTask;

/// <summary>Task conditioning: one network run per task, its descriptor joined at the declared layers.</summary>
internal static class ConditioningEmitter
{
    public static void Emit(EmitContext c, SourceWriter w, TaskConditioned conditioned)
    {
        string Head(TaskInfo t) => conditioned.Output == TaskOutput.SharedHead ? LayerNames.SharedHead : LayerNames.Head(t.Name);
        if (c.SharedBackbone)
        {
            w.Line("/// <summary>The outputs of every task; the backbone runs once, then the network once per task, conditioned on its descriptor.</summary>");
            w.Open("public override Outputs forward(Tensor input)");
            w.Line($"var embedded = {LayerNames.Backbone}.call(input);");
            w.Line($"return new Outputs({string.Join(", ", c.Tasks.Select(t => $"{Head(t)}.call(Body({t.Index}, embedded))"))});");
            w.Close();
        }
        else
        {
            w.Line("/// <summary>The outputs of every task; the network runs once per task, conditioned on its descriptor.</summary>");
            w.Line($"public override Outputs forward(Tensor input) => new Outputs({string.Join(", ", c.Tasks.Select(t => $"Forward{t.Name}(input)"))});");
        }
        foreach (var t in c.Tasks)
        {
            w.Line();
            ModelEmitter.ForwardDoc(w, t);
            w.Line($"public Tensor Forward{t.Name}(Tensor input) => {Head(t)}.call(Body({t.Index}, {(c.SharedBackbone ? $"{LayerNames.Backbone}.call(input)" : "input")}));");
        }
        w.Line();
        w.Line($"/// <summary>The hidden layers for task <paramref name=\"task\"/>, its descriptor z joined by {conditioned.Conditioning} at layers {conditioned.At}.</summary>");
        w.Open("private Tensor Body(int task, Tensor input)");
        w.Line(conditioned.Descriptor is LearnedEmbedding
            ? $"var z = TaskDescriptors.Embedded({LayerNames.TaskEmbedding}, task, input);"
            : $"var z = TaskDescriptors.OneHot(task, {c.Tasks.Count}, input);");
        w.Line("var x = input;");
        for (var i = 0; i < conditioned.Layers.Count; i++)
        {
            var layer = LayerNames.Hidden(i);
            var condition = LayerNames.Conditioner(i);
            if (!conditioned.At.Contains(i))
            {
                w.Line($"x = Hidden({layer}.call(x));");
                continue;
            }
            switch (conditioned.Conditioning)
            {
                case Conditioning.Concatenation:
                    w.Line($"x = Hidden({layer}.call(cat(new[] {{ x, z }}, 1)));");
                    break;
                case Conditioning.Additive:
                    w.Line($"x = Hidden({layer}.call(x).add({condition}.call(z), {Expressions.One}));");
                    break;
                case Conditioning.Multiplicative:
                    w.Line($"var a{i} = {layer}.call(x);");
                    w.Line($"var film{i} = {condition}.call(z).chunk(2, 1);");
                    w.Line($"x = Hidden(a{i}.mul(film{i}[0].add({Expressions.One}, {Expressions.One})).add(film{i}[1], {Expressions.One}));");
                    break;
            }
        }
        w.Line("return x;");
        w.Close();
    }
}

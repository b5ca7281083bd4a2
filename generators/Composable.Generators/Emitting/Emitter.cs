using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Composable.Generators.Model;

namespace Composable.Generators.Emitting;

/// <summary>
/// Emit stage: a valid declaration → the typed source files (Types, Model, Trainer, Graph). The model's layers
/// come from <see cref="ModelPlan"/>, the same plan the run-time interpreter builds from, and the forward code
/// performs the interpreter's operations in the same order, so both compute identical numbers.
/// </summary>
internal static class Emitter
{
    public static EquatableArray<GeneratedFile> Emit(DeclarationModel<MultiTaskSpec> model)
    {
        var context = new EmitContext(model);
        return new EquatableArray<GeneratedFile>(new[]
        {
            File(context, "Types", EmitTypes),
            File(context, "Model", EmitModel),
            File(context, "Trainer", EmitTrainer),
            File(context, "Graph", EmitGraph),
        });
    }

    private static readonly string[] Usings =
    {
        "System", "System.Collections.Generic", "Composable.Data", "Composable.Evaluation", "Composable.Modules",
        "Composable.Training", "TorchSharp", "TorchSharp.Modules",
    };

    private static GeneratedFile File(EmitContext context, string part, Action<EmitContext, SourceWriter> body) =>
        DeclarationFile.Write(context.Model, part, "[MultiTaskModel]", Usings, writer => body(context, writer));

    // ---------------------------------------------------------------- Batch, Outputs, Losses

    private static void EmitTypes(EmitContext c, SourceWriter w)
    {
        var tasks = c.Tasks;
        w.Line($"/// <summary>A training step's data for <see cref=\"{c.Field}\"/>: one <see cref=\"TaskBatch\"/> per task, <c>null</c> for a task not sampled this step.</summary>");
        foreach (var t in tasks)
            w.Line($"/// <param name=\"{t.Name}\">{t.Name}, {t.Kind}; inputs float32 [B, {c.Spec.Input.Width}], targets {t.TargetLayout}.</param>");
        w.Open($"public sealed record Batch({string.Join(", ", tasks.Select(t => $"TaskBatch? {t.Name}"))})");
        w.Line("/// <summary>The typed view of an untyped batch whose tasks are in declaration order.</summary>");
        w.Open("public static Batch From(MultiTaskBatch batch)");
        w.Line($"if (batch.Tasks.Count != {tasks.Count})");
        w.Line($"    throw new ArgumentException($\"{c.TypeName} declares {tasks.Count} tasks ({string.Join(", ", tasks.Select(t => t.Name))}) but the batch holds {{batch.Tasks.Count}}.\", nameof(batch));");
        w.Line($"return new Batch({string.Join(", ", tasks.Select(t => $"batch[{t.Index}]"))});");
        w.Close();
        w.Line();
        w.Line("/// <summary>The untyped batch, tasks in declaration order.</summary>");
        w.Line($"public MultiTaskBatch ToUntyped() => new(new[] {{ {string.Join(", ", tasks.Select(t => t.Name))} }});");
        w.Line();
        w.Line("/// <summary>The inputs all tasks share when every task is present with the same inputs tensor; otherwise null.</summary>");
        var first = tasks[0].Name;
        var condition = string.Join(" && ", tasks.Select(t => $"{t.Name} is not null")
            .Concat(tasks.Skip(1).Select(t => $"ReferenceEquals({first}!.Inputs, {t.Name}!.Inputs)")));
        w.Line($"public Tensor? SharedInputs => {condition} ? {first}!.Inputs : null;");
        w.Close();
        w.Line();

        w.Line("/// <summary>The head outputs of every task (logits for classification targets, values for regression).</summary>");
        foreach (var t in tasks)
            w.Line($"/// <param name=\"{t.Name}\">{t.Name}, {t.Kind}; {t.OutputMeaning} [B, {t.OutputWidth}].</param>");
        w.Line($"public sealed record Outputs({string.Join(", ", tasks.Select(t => $"Tensor {t.Name}"))});");
        w.Line();

        w.Line($"/// <summary>The losses of a step and the objective {Escape(c.ObjectiveText)} over the tasks present{(c.Spec.Sharing is SoftSharing ? ", plus the soft-sharing penalty" : "")}.</summary>");
        foreach (var t in tasks)
            w.Line($"/// <param name=\"{t.Name}\">{t.Name}: {t.Loss} loss, or null when the task was not in the batch.</param>");
        if (c.Spec.Sharing is SoftSharing soft)
        {
            w.Line($"/// <param name=\"Penalty\">The soft-sharing penalty {Number(soft.Strength)}·Ω ({soft.Penalty}), part of <paramref name=\"Total\"/>.</param>");
            w.Line("/// <param name=\"Total\">The weighted sum plus the penalty: what is minimised.</param>");
            w.Line($"public sealed record Losses({string.Join(", ", tasks.Select(t => $"Tensor? {t.Name}"))}, Tensor Penalty, Tensor Total);");
            return;
        }
        w.Line("/// <param name=\"Total\">The weighted sum that is minimised.</param>");
        w.Line($"public sealed record Losses({string.Join(", ", tasks.Select(t => $"Tensor? {t.Name}"))}, Tensor Total);");
    }

    // ---------------------------------------------------------------- Model

    private static void EmitModel(EmitContext c, SourceWriter w)
    {
        var plan = c.Plan;
        w.Line($"/// <summary>The network declared by <see cref=\"{c.Field}\"/>: {Escape(c.TopologyText)}; {plan.ParameterCount.ToString("N0", CultureInfo.InvariantCulture)} parameters.</summary>");
        w.Open($"public sealed class Model : nn.Module<Tensor, Outputs>, {(Composition.Top(c.Spec.Sharing) is MixtureOfExperts ? "IGatedModule" : "IMultiTaskModule")}");
        foreach (var layer in plan.Layers)
            w.Line($"private readonly {LayerType(layer.Kind)} {layer.Name};");
        w.Line();
        w.Line("/// <summary>Creates the layers in declaration order, drawing initial weights from torch's generator (seed it first: <see cref=\"Trainer.Create\"/> does).</summary>");
        w.Open($"public Model() : base(\"{c.TypeName}\")");
        foreach (var layer in plan.Layers)
            w.Line(layer.Kind switch
            {
                LayerKind.Embedding => $"{layer.Name} = nn.Embedding({layer.In}, {layer.Out});",
                LayerKind.StackedLinear => $"{layer.Name} = new StackedLinear({layer.Stack}, {layer.In}, {layer.Out});",
                LayerKind.CrossStitch => Composition.Top(c.Spec.Sharing) is Sluice sluice
                    ? $"{layer.Name} = new CrossStitchUnit({layer.In}, {Number(sluice.Self)}, {Number(sluice.OthersFor(c.Tasks.Count))});"
                    : $"{layer.Name} = new CrossStitchUnit({layer.In}, {Number(((CrossStitch)Composition.Top(c.Spec.Sharing)).Self)}, {Number(((CrossStitch)Composition.Top(c.Spec.Sharing)).Others)});",
                LayerKind.LayerSelection => $"{layer.Name} = new LayerSelectionWeights({layer.Out}, {layer.In});",
                _ => $"{layer.Name} = nn.Linear({layer.In}, {layer.Out}, hasBias: {(layer.Bias ? "true" : "false")});",
            });
        w.Line("RegisterComponents();");
        w.Close();
        w.Line();
        w.Line("/// <summary>The declaration this network was generated from.</summary>");
        w.Line($"public global::Composable.MultiTaskSpec Spec => {c.TypeName}.{c.Field};");
        w.Line();
        w.Line("nn.Module IMultiTaskModule.Module => this;");
        w.Line();

        switch (c.Spec.Sharing)
        {
            case Independent independent:
                EmitIndependent(c, w, independent.Layers);
                break;
            case SoftSharing soft:
                EmitIndependent(c, w, soft.Layers);
                EmitSharingPenalty(c, w, soft);
                break;
            case CrossStitch stitch:
                EmitCrossStitch(c, w, stitch, trunk: false);
                break;
            case Sluice sluice:
                EmitSluice(c, w, sluice, trunk: false);
                break;
            case HardSharing hard:
                EmitHardSharing(c, w, hard);
                break;
            case TaskConditioned conditioned:
                EmitConditioned(c, w, conditioned);
                break;
            case MixtureOfExperts mixture:
                EmitMixture(c, w, mixture, trunk: false);
                break;
            case Composition composition:
                switch (composition.Then)
                {
                    case MixtureOfExperts mixture:
                        EmitMixture(c, w, mixture, trunk: true);
                        break;
                    case CrossStitch stitch:
                        EmitCrossStitch(c, w, stitch, trunk: true);
                        break;
                    case Sluice sluice:
                        EmitSluice(c, w, sluice, trunk: true);
                        break;
                }
                w.Line();
                EmitTrunk(w, composition.Trunk);
                break;
        }

        w.Line();
        w.Line("/// <inheritdoc />");
        w.Open("public Tensor ForwardTask(int task, Tensor input) => task switch");
        foreach (var t in c.Tasks) w.Line($"{t.Index} => Forward{t.Name}(input),");
        w.Line($"_ => throw new ArgumentOutOfRangeException(nameof(task), task, \"{c.TypeName} has {c.Tasks.Count} tasks.\"),");
        w.Close(";");
        w.Line();
        w.Line("/// <inheritdoc />");
        w.Open("public IReadOnlyList<Tensor> ForwardAll(Tensor input)");
        w.Line("var outputs = forward(input);");
        w.Line($"return new[] {{ {string.Join(", ", c.Tasks.Select(t => "outputs." + t.Name))} }};");
        w.Close();
        w.Line();
        w.Line($"private Tensor Hidden(Tensor preActivation) => {HiddenExpression(c.Spec, "preActivation")};");
        w.Close();
    }

    private static void EmitIndependent(EmitContext c, SourceWriter w, ValueList<int> layers)
    {
        w.Line("/// <summary>The outputs of every task; each task runs its own tower.</summary>");
        w.Line($"public override Outputs forward(Tensor input) => new Outputs({string.Join(", ", c.Tasks.Select(t => $"Forward{t.Name}(input)"))});");
        foreach (var t in c.Tasks)
        {
            w.Line();
            ForwardDoc(w, t);
            EmitTowerAndHead(w, $"public Tensor Forward{t.Name}(Tensor input)", "input", t, layers.Count);
        }
    }

    private static void EmitSharingPenalty(EmitContext c, SourceWriter w, SoftSharing soft)
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
            ForwardDoc(w, t);
            w.Line($"public Tensor Forward{t.Name}(Tensor input) => Columns(input)[{t.Index}];");
        }
        w.Line();
    }

    private static void EmitCrossStitch(EmitContext c, SourceWriter w, CrossStitch stitch, bool trunk)
    {
        var tasks = c.Tasks;
        EmitColumnEntryPoints(c, w, "the columns run side by side, mixed by the cross-stitch units");
        w.Line($"/// <summary>Every column's head output; after layers {stitch.At} a cross-stitch unit mixes the columns' activations.</summary>");
        w.Open("private Tensor[] Columns(Tensor input)");
        if (trunk) w.Line("var shared = Trunk(input);");
        for (var i = 0; i < stitch.Layers.Count; i++)
        {
            foreach (var t in tasks)
                w.Line($"{(i == 0 ? "var " : "")}{t.Camel}Column = Hidden({LayerNames.Tower(t.Name, i)}.call({(i == 0 ? (trunk ? "shared" : "input") : t.Camel + "Column")}));");
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

    private static void EmitSluice(EmitContext c, SourceWriter w, Sluice sluice, bool trunk)
    {
        var tasks = c.Tasks;
        EmitColumnEntryPoints(c, w, "the columns run side by side, their subspaces mixed after every layer");
        w.Line($"/// <summary>Every column's head output: after each layer an α unit mixes the {sluice.Subspaces} subspaces of every column; each head reads its column's layers weighted by β.</summary>");
        w.Open("private Tensor[] Columns(Tensor input)");
        if (trunk) w.Line("var shared = Trunk(input);");
        for (var i = 0; i < sluice.Layers.Count; i++)
        {
            foreach (var t in tasks)
                w.Line($"var {t.Camel}Column{i} = Hidden({LayerNames.Tower(t.Name, i)}.call({(i == 0 ? (trunk ? "shared" : "input") : $"layer{i - 1}[{t.Index}]")}));");
            w.Line($"var layer{i} = {LayerNames.Sluice(i)}.MixSubspaces(new[] {{ {string.Join(", ", tasks.Select(t => $"{t.Camel}Column{i}"))} }}, {sluice.Subspaces});");
        }
        var layerList = string.Join(", ", Enumerable.Range(0, sluice.Layers.Count).Select(i => $"layer{i}[{{0}}]"));
        w.Line($"return new[] {{ {string.Join(", ", tasks.Select(t => $"{LayerNames.Head(t.Name)}.call({LayerNames.LayerSelection}.Select({t.Index}, new[] {{ {string.Format(CultureInfo.InvariantCulture, layerList, t.Index)} }}))"))} }};");
        w.Close();
    }

    private static void EmitHardSharing(EmitContext c, SourceWriter w, HardSharing hard)
    {
        w.Line("/// <summary>The outputs of every task; the shared trunk runs once.</summary>");
        w.Open("public override Outputs forward(Tensor input)");
        w.Line("var shared = Trunk(input);");
        w.Line($"return new Outputs({string.Join(", ", c.Tasks.Select(t => $"{t.Name}From(shared)"))});");
        w.Close();
        foreach (var t in c.Tasks)
        {
            w.Line();
            ForwardDoc(w, t);
            w.Line($"public Tensor Forward{t.Name}(Tensor input) => {t.Name}From(Trunk(input));");
        }
        w.Line();
        EmitTrunk(w, hard.Trunk);
        foreach (var t in c.Tasks)
        {
            w.Line();
            EmitTowerAndHead(w, $"private Tensor {t.Name}From(Tensor shared)", "shared", t, hard.Towers.Count);
        }
    }

    private static void EmitTrunk(SourceWriter w, ValueList<int> trunk)
    {
        w.Open("private Tensor Trunk(Tensor input)");
        for (var i = 0; i < trunk.Count; i++)
            w.Line($"{(i == 0 ? "var x" : "x")} = Hidden({LayerNames.Trunk(i)}.call({(i == 0 ? "input" : "x")}));");
        w.Line("return x;");
        w.Close();
    }

    private static void EmitTowerAndHead(SourceWriter w, string signature, string input, TaskInfo t, int depth)
    {
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

    private static void EmitConditioned(EmitContext c, SourceWriter w, TaskConditioned conditioned)
    {
        w.Line("/// <summary>The outputs of every task; the network runs once per task, conditioned on its descriptor.</summary>");
        w.Line($"public override Outputs forward(Tensor input) => new Outputs({string.Join(", ", c.Tasks.Select(t => $"Forward{t.Name}(input)"))});");
        foreach (var t in c.Tasks)
        {
            w.Line();
            ForwardDoc(w, t);
            var head = conditioned.Output == TaskOutput.SharedHead ? LayerNames.SharedHead : LayerNames.Head(t.Name);
            w.Line($"public Tensor Forward{t.Name}(Tensor input) => {head}.call(Body({t.Index}, input));");
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
                    w.Line($"x = Hidden({layer}.call(x) + {condition}.call(z));");
                    break;
                case Conditioning.Multiplicative:
                    w.Line($"var a{i} = {layer}.call(x);");
                    w.Line($"var film{i} = {condition}.call(z).chunk(2, 1);");
                    w.Line($"x = Hidden(a{i} * (film{i}[0] + 1) + film{i}[1]);");
                    break;
            }
        }
        w.Line("return x;");
        w.Close();
    }

    private static string LayerType(LayerKind kind) => kind switch
    {
        LayerKind.Embedding => "Embedding",
        LayerKind.StackedLinear => "StackedLinear",
        LayerKind.CrossStitch => "CrossStitchUnit",
        LayerKind.LayerSelection => "LayerSelectionWeights",
        _ => "Linear",
    };

    private static void EmitMixture(EmitContext c, SourceWriter w, MixtureOfExperts mixture, bool trunk)
    {
        var source = trunk ? "shared" : "input";
        var tasks = c.Tasks;
        w.Line("/// <summary>The outputs of every task; the experts run once.</summary>");
        w.Open("public override Outputs forward(Tensor input)");
        w.Line("var mixtures = Mixtures(input).Mixtures;");
        w.Line($"return new Outputs({string.Join(", ", tasks.Select(t => $"{t.Name}From(mixtures[{t.Index}])"))});");
        w.Close();
        foreach (var t in tasks)
        {
            w.Line();
            ForwardDoc(w, t);
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
            EmitTowerAndHead(w, $"private Tensor {t.Name}From(Tensor mixture)", "mixture", t, mixture.TowerLayers.Count);
        }
    }

    private static void ForwardDoc(SourceWriter w, TaskInfo t) =>
        w.Line($"/// <summary>{t.Name}, {t.Kind}; {t.OutputMeaning} [B, {t.OutputWidth}] for inputs [B, F].</summary>");

    private static string HiddenExpression(MultiTaskSpec spec, string x)
    {
        var activated = Expressions.Activation(spec.Activation, x);
        return spec.Dropout > 0 ? $"nn.functional.dropout({activated}, {Number(spec.Dropout)}, training)" : activated;
    }

    // ---------------------------------------------------------------- Trainer

    private static void EmitTrainer(EmitContext c, SourceWriter w)
    {
        var tasks = c.Tasks;
        w.Line($"/// <summary>Trains <see cref=\"Model\"/> for exactly the declared objective, {Escape(c.ObjectiveText)}, with {Escape(Expressions.OptimizerText(c.Spec.Optimizer))}.</summary>");
        w.Open("public sealed class Trainer : IMultiTaskTrainer, IDisposable");
        w.Line("private readonly torch.optim.Optimizer _optimizer;");
        w.Line("private long _steps;");
        w.Line();
        w.Line("/// <summary>A trainer for <paramref name=\"model\"/> with the declared optimiser.</summary>");
        w.Open("public Trainer(Model model)");
        w.Line("Model = model;");
        w.Line($"_optimizer = {OptimizerExpression(c.Spec.Optimizer, "model.parameters()")};");
        w.Close();
        w.Line();
        w.Line("/// <summary>Seeds torch's generator with <paramref name=\"seed\"/>, then builds the model: the same seed gives the same initial weights.</summary>");
        w.Open("public static Trainer Create(int seed)");
        w.Line("torch.manual_seed(seed);");
        w.Line("return new Trainer(new Model());");
        w.Close();
        w.Line();
        w.Line("/// <summary>The network being trained.</summary>");
        w.Line("public Model Model { get; }");
        w.Line();
        w.Line("/// <summary>Number of optimisation steps taken.</summary>");
        w.Line("public long Steps => _steps;");
        w.Line();
        w.Line("IMultiTaskModule IMultiTaskTrainer.Network => Model;");
        w.Line();
        w.Line("/// <summary>One optimisation step inside its own dispose scope: zero_grad, forward, losses, backward, step.</summary>");
        w.Open("public StepResult Step(Batch batch)");
        w.Line("using var scope = torch.NewDisposeScope();");
        w.Line("if (!Model.training) Model.train();");
        w.Line("_optimizer.zero_grad();");
        w.Line("var losses = ComputeLosses(batch);");
        w.Line("losses.Total.backward();");
        w.Line("_optimizer.step();");
        w.Line($"return StepResults.Read(++_steps, losses.Total, {string.Join(", ", tasks.Select(t => "losses." + t.Name))});");
        w.Close();
        w.Line();
        w.Line("/// <summary>One optimisation step on an untyped batch (tasks in declaration order).</summary>");
        w.Line("public StepResult Step(MultiTaskBatch batch) => Step(Batch.From(batch));");
        w.Line();
        w.Line($"/// <summary>The task losses and the objective on <paramref name=\"batch\"/>; shared layers run once when all tasks share the inputs.</summary>");
        w.Open("public Losses ComputeLosses(Batch batch)");
        foreach (var t in tasks) w.Line($"Tensor? {t.Local} = null;");
        w.Open("if (batch.SharedInputs is { } inputs)");
        w.Line("var outputs = Model.forward(inputs);");
        foreach (var t in tasks) w.Line($"{t.Local} = {LossExpression(t.Spec, $"outputs.{t.Name}", $"batch.{t.Name}!.Targets")};");
        w.Close();
        w.Open("else");
        foreach (var t in tasks)
        {
            w.Line($"if (batch.{t.Name} is {{ }} {t.BatchLocal})");
            w.Line($"    {t.Local} = {LossExpression(t.Spec, $"Model.Forward{t.Name}({t.BatchLocal}.Inputs)", $"{t.BatchLocal}.Targets")};");
        }
        w.Close();
        w.Line("Tensor? total = null;");
        foreach (var t in tasks)
        {
            var weighted = t.Spec.Weight == 1.0 ? t.Local : $"{t.Local} * {Number(t.Spec.Weight)}";
            w.Line($"if ({t.Local} is not null) total = total is null ? {weighted} : total + {weighted};");
        }
        if (c.Spec.Sharing is SoftSharing soft)
        {
            w.Line($"if (total is null) throw new ArgumentException(\"The batch holds no task of {c.TypeName}.\", nameof(batch));");
            w.Line($"var penalty = Model.SharingPenalty() * {Number(soft.Strength)};");
            w.Line($"return new Losses({string.Join(", ", tasks.Select(t => t.Local))}, penalty, total + penalty);");
        }
        else
        {
            w.Line($"return new Losses({string.Join(", ", tasks.Select(t => t.Local))}, total ?? throw new ArgumentException(\"The batch holds no task of {c.TypeName}.\", nameof(batch)));");
        }
        w.Close();
        w.Line();
        w.Line("/// <summary>Metrics and losses of every task on <paramref name=\"data\"/>, in eval mode without gradients.</summary>");
        w.Line("public EvaluationReport Evaluate(MultiTaskDataset data, int batchSize = 1024) => Evaluator.Evaluate(Model, data, batchSize);");
        w.Line();
        w.Line("/// <summary>Trains on <paramref name=\"train\"/> for the budget in <paramref name=\"options\"/>, sampling tasks as declared.</summary>");
        w.Line("public FitResult Fit(MultiTaskDataset train, FitOptions options, MultiTaskDataset? validation = null) => TrainingLoop.Fit(this, train, options, validation);");
        w.Line();
        w.Line("/// <summary>Releases the optimiser state.</summary>");
        w.Line("public void Dispose() => _optimizer.Dispose();");
        w.Close();
    }

    private static string LossExpression(TaskSpec task, string outputs, string targets) => task.EffectiveLoss switch
    {
        Loss.MeanAbsoluteError => $"nn.functional.l1_loss({outputs}, {targets})",
        Loss.Huber => $"nn.functional.huber_loss({outputs}, {targets}, 1.0)",
        Loss.BinaryCrossEntropy => $"nn.functional.binary_cross_entropy_with_logits({outputs}, {targets})",
        Loss.CrossEntropy => $"nn.functional.cross_entropy({outputs}, {targets})",
        _ => $"nn.functional.mse_loss({outputs}, {targets})",
    };

    private static string OptimizerExpression(Optimizer optimizer, string parameters) => optimizer switch
    {
        Sgd sgd => $"torch.optim.SGD({parameters}, {Number(sgd.LearningRate)}, momentum: {Number(sgd.Momentum)}, weight_decay: {Number(sgd.WeightDecay)}, nesterov: {(sgd.Nesterov ? "true" : "false")})",
        // FlatAdam, not torch.optim.Adam: the same updates over one buffer of all parameters, a few native calls
        // per step instead of a few per parameter tensor (Optimizers.CreateForTrainer gives the interpreter the same).
        AdamW adamW => $"new FlatAdam({parameters}, lr: {Number(adamW.LearningRate)}, beta1: {Number(adamW.Beta1)}, beta2: {Number(adamW.Beta2)}, weight_decay: {Number(adamW.WeightDecay)}, decoupled: true)",
        Adam adam => $"new FlatAdam({parameters}, lr: {Number(adam.LearningRate)}, beta1: {Number(adam.Beta1)}, beta2: {Number(adam.Beta2)}, weight_decay: {Number(adam.WeightDecay)})",
        _ => throw new ArgumentOutOfRangeException(nameof(optimizer)),
    };


    // ---------------------------------------------------------------- Graph

    private static void EmitGraph(EmitContext c, SourceWriter w)
    {
        var text = GraphText.Render($"{c.TypeName}.Model", c.Plan);
        w.Line("/// <summary>");
        w.Line("/// The compiled network as text: module tree, parameter names, shapes and counts.");
        w.Line("/// <c>Composable.Reporting.ModuleGraph.Render</c> renders the same text from a built module.");
        w.Line("/// </summary>");
        w.Line("public const string Graph =");
        w.Line("    @\"" + text.Replace("\"", "\"\"") + "\";");
    }

    // ---------------------------------------------------------------- helpers

    internal static string Number(double value) => Expressions.Number(value);

    private static string Escape(string text) => Expressions.Escape(text);

    private sealed class EmitContext
    {
        public EmitContext(DeclarationModel<MultiTaskSpec> model)
        {
            Model = model;
            Spec = model.Spec;
            Plan = ModelPlan.For(model.Spec);
            Tasks = model.Spec.Tasks.Select((t, i) => new TaskInfo(t, i)).ToArray();
        }

        public DeclarationModel<MultiTaskSpec> Model { get; }

        public MultiTaskSpec Spec { get; }

        public ModelPlan Plan { get; }

        public IReadOnlyList<TaskInfo> Tasks { get; }

        public string TypeName => Model.TypeName;

        public string Field => Model.FieldName;

        public string TopologyText => TopologyOf(Spec.Sharing);

        private static string TopologyOf(Sharing sharing) => sharing switch
        {
            Independent i => $"independent towers {i.Layers}",
            HardSharing h => $"hard sharing, trunk {h.Trunk}, towers {h.Towers}",
            TaskConditioned t => $"task-conditioned {t.Layers}, {t.Conditioning} at {t.At}",
            MixtureOfExperts m => GraphText.Describe(m),
            SoftSharing soft => $"soft sharing, towers {soft.Layers}, {soft.Penalty} x {Number(soft.Strength)} at {soft.At}",
            CrossStitch stitch => $"cross-stitch, columns {stitch.Layers}, units at {stitch.At}",
            Sluice sluice => $"sluice, columns {sluice.Layers}, {sluice.Subspaces} subspaces per layer",
            Composition composition => $"shared trunk {composition.Trunk}, then {TopologyOf(composition.Then)}",
            _ => sharing.GetType().Name,
        };

        public string ObjectiveText =>
            string.Join(" + ", Tasks.Select(t => t.Spec.Weight == 1.0 ? t.Name : $"{Number(t.Spec.Weight)}·{t.Name}")) +
            (Spec.Objective is WeightedSum { Sampling: var sampling } && sampling != TaskSampling.AllTasks ? $" (one task per step, {sampling})" : "");
    }

    private sealed class TaskInfo
    {
        public TaskInfo(TaskSpec spec, int index)
        {
            Spec = spec;
            Index = index;
        }

        public TaskSpec Spec { get; }

        public int Index { get; }

        public string Name => Spec.Name;

        public string Local => Camel + "Loss";

        public string Camel => Naming.ToCamelCase(Spec.Name).TrimStart('@');

        public string BatchLocal => Naming.ToCamelCase(Spec.Name).TrimStart('@') + "Batch";

        public string Kind => MultiTaskRules.Describe(Spec.Target);

        public Loss Loss => Spec.EffectiveLoss;

        public int OutputWidth => Spec.Target.OutputWidth;

        public string OutputMeaning => Spec.Target is Regression ? "values" : "logits";

        public string TargetLayout => Spec.Target switch
        {
            Regression r => $"float32 [B, {r.Outputs}]",
            Binary => "float32 [B, 1] of 0/1",
            MultiClass m => $"int64 [B] in [0, {m.Classes})",
            MultiLabel l => $"float32 [B, {l.Labels}] of 0/1",
            _ => "?",
        };
    }
}

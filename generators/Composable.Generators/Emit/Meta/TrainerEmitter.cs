using System.Collections.Generic;
using System.Linq;
using Composable.Generators.Emit.Shared;
using Composable.Generators.Model;

namespace Composable.Generators.Emit.Meta;

/// <summary>
/// Emit stage of a [MetaLearner] declaration's episodic <c>Trainer</c>: only the declared learner's code path (MAML
/// second or first order, Reptile, Meta-SGD, ANIL), over the typed <c>Parameters</c> and the generated
/// <c>Functional.ForwardBatched</c>, updating only the declared adapted parameters. Each operation is the one the run
/// time's <c>MetaTrainer</c> performs, in the same order (<c>retain_graph</c>/<c>create_graph</c> included), so both
/// compute the same meta-losses and updates; declaration-independent pieces (episode stacking, per-task losses,
/// optimiser, adaptation curves) are calls into the run-time library.
/// </summary>
internal static class TrainerEmitter
{
    public static readonly string[] Usings =
    {
        "System", "System.Collections.Generic", "Composable.Meta", "Composable.Data.Episodes", "Composable.Training", "TorchSharp",
    };

    /// <summary>Names the generated Trainer (or its file) binds itself: a declaring class so named needs <c>global::</c>.</summary>
    private static readonly string[] BoundNames =
    {
        "Trainer", "Network", "Parameters", "Functional", "InnerRates", "InnerRateModule", "Graph", "Device", "Steps", "MetaBatch", "Module",
        "Composable", "System", "TorchSharp",
    };

    public static void Emit(DeclarationModel<MetaLearnerSpec> model, MetaPlan plan, SourceWriter w)
    {
        var spec = model.Spec;
        var learner = spec.Learner;
        var metaSgd = learner as MetaSgd;
        var steps = learner.InnerSteps;
        // As MetaTrainer: when only the head adapts, the body's features do not change in the inner loop.
        var headOnly = plan.Adapted.All(name => MetaPlan.LayerOf(name) == LayerNames.SharedHead);
        var supportInputs = headOnly ? "features" : "batch.SupportInputs";
        var rateArgument = metaSgd is null ? "" : ", rates";
        var declaration = $"{DeclaringClass.NameFrom(model, BoundNames)}.{model.FieldName}";
        var passes = spec.TasksPerPass;

        w.Line("/// <summary>");
        w.Line($"/// The episodic trainer of <see cref=\"{model.FieldName}\"/>: {Expressions.Escape(Describe(learner))}, adapting {string.Join(", ", plan.Adapted)};");
        w.Line($"/// {learner.MetaBatch} task{(learner.MetaBatch == 1 ? "" : "s")} per meta-update; outer optimiser {Expressions.Escape(Expressions.OptimizerText(spec.Outer))}. A meta-batch runs task-batched: θ is broadcast");
        w.Line("/// to [T, …], each inner step is one <see cref=\"Functional.ForwardBatched\"/> and one <c>autograd.grad</c> for all tasks.");
        if (passes is { } perPass)
            w.Line($"/// It runs in passes of at most {Count(perPass, "task")} (<see cref=\"TaskPasses\"/>), each back-propagated and freed before the next.");
        w.Line("/// Computes what <c>Composable.Meta.MetaTrainer</c> computes for the same declaration and seed.");
        w.Line("/// </summary>");
        w.Open("public sealed class Trainer : IMetaLearnerTrainer");
        w.Line("private readonly torch.optim.Optimizer _outer;");
        w.Line("private readonly torch.Generator _random;");
        w.Line();
        w.Open("private Trainer(Network network, Device device, int seed)");
        w.Line("Network = network;");
        w.Line("Device = device;");
        w.Line($"_outer = Optimizers.CreateForTrainer({declaration}.Outer, network.parameters());");
        w.Line("_random = TrainerRandom.ForTraining(seed, device);");
        w.Line("TrainerRandom.Attach(network, _random);");
        w.Close();
        w.Line();
        w.Line("/// <summary>");
        w.Line("/// Builds the network on the CPU with initial weights drawn for <paramref name=\"seed\"/> (<see cref=\"TrainerRandom.Build{T}\"/>, in any thread)");
        w.Line("/// and moves it to <paramref name=\"device\"/> (the CPU when null): the same seed gives the same θ as <c>MetaTrainer.Create</c>.");
        w.Line("/// </summary>");
        w.Line("/// <exception cref=\"ArgumentException\">The device cannot be used here (e.g. CUDA in a CPU build).</exception>");
        w.Open("public static Trainer Create(int seed, Device? device = null)");
        w.Line("var resolved = TrainingDevice.Resolve(device);");
        w.Line("var network = TrainerRandom.Build(seed, () => new Network());");
        w.Line("network.to(resolved);");
        w.Line("return new Trainer(network, resolved, seed);");
        w.Close();
        w.Line();
        w.Line($"/// <summary>θ being meta-trained{(metaSgd is null ? "" : ", with its learned inner rates")}.</summary>");
        w.Line("public Network Network { get; }");
        w.Line();
        w.Line("/// <inheritdoc />");
        w.Line("public Device Device { get; }");
        w.Line();
        w.Line("/// <summary>Meta-updates taken so far.</summary>");
        w.Line("public long Steps { get; private set; }");
        w.Line();
        w.Line("/// <summary>Tasks per meta-update, as declared: a fit's episodes per step unless its options say otherwise.</summary>");
        w.Line($"public int MetaBatch => {learner.MetaBatch};");
        w.Line();
        w.Line("nn.Module ITrainer.Module => Network;");
        w.Line();
        w.Line("torch.optim.Optimizer IResumableTrainer.Optimizer => _outer;");
        w.Line();
        w.Line("torch.Generator IResumableTrainer.TrainingGenerator => _random;");
        w.Line();
        w.Line($"string IResumableTrainer.Declaration => {declaration}.ToString();");
        w.Line();
        w.Line("void IResumableTrainer.ResumeAt(long steps) => Steps = steps;");
        w.Line();

        w.Line("/// <summary>");
        w.Line($"/// Query loss [T] of every episode after {Count(steps, "inner step")}, differentiable with respect to θ{(metaSgd is null ? "" : " and the learned rates")}");
        w.Line($"/// ({(learner.IsFirstOrder ? "first order: inner gradients are constants" : "second order: through the inner gradients")}).");
        w.Line("/// </summary>");
        if (passes is { } lossPasses)
        {
            w.Line($"public Tensor QueryLosses(IReadOnlyList<Episode> episodes) => TaskPasses.Losses(episodes, {lossPasses}, PassLosses);");
            w.Line();
            w.Line("/// <summary>Query loss [T] of the episodes of one task-batched pass.</summary>");
            w.Open("private Tensor PassLosses(IReadOnlyList<Episode> episodes)");
        }
        else
        {
            w.Open("public Tensor QueryLosses(IReadOnlyList<Episode> episodes)");
        }
        w.Line("var batch = EpisodeBatch.Of(episodes, Device);");
        if (metaSgd is not null) w.Line("var rates = Network.LearnedRates;");
        w.Line("var fast = Network.Weights.Select((_, t) => FastWeights.Broadcast(t, batch.Tasks));");
        if (headOnly) w.Line("var features = Functional.BodyBatched(fast, batch.SupportInputs);");
        EmitInnerLoop(w, steps, $"fast = InnerStep(fast, {supportInputs}, batch.SupportTargets{rateArgument});");
        w.Line("return TaskLosses(Functional.ForwardBatched(fast, batch.QueryInputs), batch.QueryTargets);");
        w.Close();
        w.Line();
        w.Line("/// <summary>Mean post-adaptation query loss of <paramref name=\"episodes\"/>: the mean of <see cref=\"QueryLosses\"/>.</summary>");
        w.Line("public Tensor MetaLoss(IReadOnlyList<Episode> episodes) => QueryLosses(episodes).mean();");
        w.Line();

        if (learner is Reptile)
            EmitReptileStep(plan, w, steps, headOnly, supportInputs, declaration, passes, spec.Backbone);
        else
            EmitGradientStep(w, declaration, passes, spec.Backbone, plan.DifferentiatesConvolutionBackward);
        w.Line();

        w.Line("/// <summary>");
        w.Line("/// Test-time adaptation of every episode (task-batched plain gradient descent on the adapted parameters with the");
        w.Line($"/// {(metaSgd is null ? "declared inner rate" : "learned rates")}): query loss (and accuracy, for classification) per episode after 0, 1, …,");
        w.Line("/// <paramref name=\"steps\"/> steps. θ is not changed.");
        w.Line("/// </summary>");
        w.Line("/// <exception cref=\"ArgumentException\">The episodes do not fit the declaration (a NaN, a label out of range, a wrong dtype or width, an empty set: the message names episode, set, row and value).</exception>");
        w.Open("public AdaptationCurves MeasureAdaptation(IReadOnlyList<Episode> episodes, int steps)");
        StepKernels.Emit(w, spec.Backbone, $"{declaration}.Backbone");
        w.Line("using var scope = torch.NewDisposeScope();");
        w.Line($"EpisodeChecks.ThrowIfInvalid({declaration}, episodes);");
        w.Line("Network.eval();");
        if (passes is { } curvePasses)
        {
            w.Line($"return TaskPasses.Curves(episodes, {curvePasses}, part => PassCurves(part, steps));");
            w.Close();
            w.Line();
            w.Line("/// <summary>The adaptation curves of the episodes of one task-batched pass.</summary>");
            w.Open("private AdaptationCurves PassCurves(IReadOnlyList<Episode> episodes, int steps)");
            w.Line("using var scope = torch.NewDisposeScope();");
        }
        w.Line("var batch = EpisodeBatch.Of(episodes, Device);");
        if (metaSgd is not null) w.Line("var rates = Network.LearnedRates.Detach();");
        w.Line("var start = Network.Weights.Select((_, t) => FastWeights.Leaf(FastWeights.Broadcast(t.detach(), batch.Tasks)));");
        if (headOnly) w.Line("var features = Functional.BodyBatched(start, batch.SupportInputs);");
        w.Line("return AdaptationCurve.Measure(steps, start,");
        w.Line("    fast => Functional.ForwardBatched(fast, batch.QueryInputs), batch.QueryTargets, TaskLosses,");
        w.Line($"    fast => DetachedStep(fast, {supportInputs}, batch.SupportTargets{rateArgument}));");
        w.Close();
        w.Line();
        w.Line("/// <summary>");
        w.Line($"/// Mean query loss after {Count(steps, "test-time step")} (as declared), the loss after each step{(spec.Episodes is FewShotClassification ? " and query accuracy" : "")}, over the");
        w.Line("/// episodes of <paramref name=\"episodes\"/>, a meta-batch at a time. θ is not changed.");
        w.Line("/// </summary>");
        w.Line($"public EpisodeEvaluation Evaluate(EpisodeSource episodes) => EpisodicEvaluation.OfAdaptation(this, episodes, {steps});");
        w.Line();
        w.Line("/// <inheritdoc />");
        w.Line("public FitResult Fit(EpisodeSource train, FitOptions options, EpisodeSource? validation = null) => EpisodicLoop.Fit(this, train, options, validation);");
        w.Line();

        EmitInnerStep(plan, metaSgd, w, headOnly, detached: false, firstOrder: learner.IsFirstOrder);
        w.Line();
        EmitInnerStep(plan, metaSgd, w, headOnly, detached: true, firstOrder: true);
        w.Line();
        var classification = spec.Episodes is FewShotClassification;
        w.Line($"/// <summary>Per-task mean {(classification ? "cross-entropy" : "squared error")} [T] of predictions [T, B, {spec.Outputs}].</summary>");
        w.Line($"private static Tensor TaskLosses(Tensor predictions, Tensor targets) => EpisodeLosses.{(classification ? "Classification" : "Regression")}(predictions, targets);");
        w.Line();
        w.Line("/// <summary>Releases the outer optimiser's state and the network.</summary>");
        w.Open("public void Dispose()");
        w.Line("_outer.Dispose();");
        w.Line("_random.Dispose();");
        w.Line("Network.Dispose();");
        w.Close();
        w.Close();
    }

    /// <summary><paramref name="statement"/> once, or in a loop when the learner takes several inner steps.</summary>
    private static void EmitInnerLoop(SourceWriter w, int steps, string statement)
    {
        if (steps == 1)
        {
            w.Line(statement);
            return;
        }
        w.Line($"for (var step = 0; step < {steps}; step++)");
        w.Line("    " + statement);
    }

    private static string Count(int count, string noun) => $"{count} {noun}{(count == 1 ? "" : "s")}";

    private static void EmitGradientStep(SourceWriter w, string declaration, int? passes, Backbone? backbone, bool differentiatesConvolutionBackward)
    {
        w.Line("/// <summary>One meta-update on the mean post-adaptation query loss of <paramref name=\"episodes\"/>, inside its own dispose scope.</summary>");
        w.Line(StepException);
        w.Open("public StepResult Step(IReadOnlyList<Episode> episodes)");
        StepKernels.Emit(w, backbone, $"{declaration}.Backbone", differentiatesConvolutionBackward);
        w.Line("using var scope = torch.NewDisposeScope();");
        w.Line($"EpisodeChecks.ThrowIfInvalid({declaration}, episodes);");
        w.Line("Network.train();");
        w.Line("_outer.zero_grad();");
        if (passes is { } perPass)
        {
            w.Line("// A pass at a time: each back-propagates its share of the mean and is freed before the next.");
            w.Line($"var losses = TaskPasses.Backward(episodes, {perPass}, part => {{ var partLosses = PassLosses(part); return (partLosses, partLosses.sum()); }});");
            w.Line("var metaLoss = losses.mean();");
            w.Line("Divergence.ThrowIfNotFinite(Steps + 1, metaLoss, losses);");
        }
        else
        {
            w.Line("var losses = QueryLosses(episodes);");
            w.Line("var metaLoss = losses.mean();");
            w.Line("Divergence.ThrowIfNotFinite(Steps + 1, metaLoss, losses);");
            w.Line("metaLoss.backward();");
        }
        EmitStepEnd(w, "metaLoss");
        w.Close();
    }

    /// <summary>The exception a step throws before anything changes when its episodes do not fit the declaration.</summary>
    private const string StepException =
        "/// <exception cref=\"ArgumentException\">The episodes do not fit the declaration (a NaN, a label out of range, a wrong dtype or width, an empty set, episodes of different shapes: the message names episode, set, row and value); nothing changes.</exception>";

    private static void EmitReptileStep(MetaPlan plan, SourceWriter w, int steps, bool headOnly, string supportInputs, string declaration, int? passes, Backbone? backbone)
    {
        w.Line("/// <summary>");
        w.Line("/// One Reptile meta-update on <paramref name=\"episodes\"/> inside its own dispose scope: adapt detached copies of θ,");
        w.Line("/// then step θ along θ − mean φ (the gradient of Σ θ·(θ − mean φ) with the second factor constant). Reports the");
        w.Line("/// post-adaptation query losses.");
        w.Line("/// </summary>");
        w.Line(StepException);
        w.Open("public StepResult Step(IReadOnlyList<Episode> episodes)");
        StepKernels.Emit(w, backbone, $"{declaration}.Backbone");
        w.Line("using var scope = torch.NewDisposeScope();");
        w.Line($"EpisodeChecks.ThrowIfInvalid({declaration}, episodes);");
        w.Line("Network.train();");
        w.Line("_outer.zero_grad();");
        if (passes is { } perPass)
        {
            // A pass's surrogate takes the mean φ of its c tasks: c times it, over T, sums to the whole meta-batch's.
            w.Line("// A pass at a time: c × a pass's surrogate (its mean φ over c tasks), over T, sums to the meta-batch's.");
            w.Line($"var losses = TaskPasses.Backward(episodes, {perPass}, part => {{ var (partLosses, surrogate) = ReptilePass(part); return (partLosses, surrogate.mul(global::Composable.Training.Scalars.Of(part.Count))); }});");
            w.Line("Divergence.ThrowIfNotFinite(Steps + 1, losses.mean(), losses);");
            EmitStepEnd(w, "losses.mean()");
            w.Close();
            w.Line();
            w.Line("/// <summary>Reptile on the episodes of one pass: the post-adaptation query losses [T] (no graph) and the surrogate Σ θ·(θ − mean φ).</summary>");
            w.Open("private (Tensor Losses, Tensor Surrogate) ReptilePass(IReadOnlyList<Episode> episodes)");
        }
        w.Line("var batch = EpisodeBatch.Of(episodes, Device);");
        w.Line("var theta = Network.Weights;");
        w.Line("var fast = theta.Select((_, t) => FastWeights.Leaf(FastWeights.Broadcast(t.detach(), batch.Tasks)));");
        if (headOnly) w.Line("var features = Functional.BodyBatched(fast, batch.SupportInputs);");
        EmitInnerLoop(w, steps, $"fast = DetachedStep(fast, {supportInputs}, batch.SupportTargets);");
        w.Line("Tensor losses;");
        w.Line("using (torch.no_grad())");
        w.Line("    losses = TaskLosses(Functional.ForwardBatched(fast, batch.QueryInputs), batch.QueryTargets);");
        var terms = plan.Parameters.Select(p => MetaNames.Property(p.Name)).Select(n => $"FastWeights.ReptileTerm(theta.{n}, fast.{n})").ToArray();
        for (var i = 0; i < terms.Length; i++)
            w.Line((i == 0 ? "var surrogate = " : $"    .add(") + terms[i] + (i == 0 ? "" : $", {Expressions.One})") + (i == terms.Length - 1 ? ";" : ""));
        if (passes is not null)
        {
            w.Line("return (losses, surrogate);");
            w.Close();
            return;
        }
        w.Line("Divergence.ThrowIfNotFinite(Steps + 1, losses.mean(), losses);");
        w.Line("surrogate.backward();");
        EmitStepEnd(w, "losses.mean()");
        w.Close();
    }

    /// <summary>The end of every step: the outer update, the count, and the step's figures read with <paramref name="metaLoss"/>.</summary>
    private static void EmitStepEnd(SourceWriter w, string metaLoss)
    {
        w.Line("_outer.step();");
        w.Line("Steps++;");
        w.Line($"return EpisodicSteps.Read(Steps, {metaLoss}, losses);");
    }

    /// <summary>
    /// One inner step of every task: the training step (graph kept for the outer update; second order builds the
    /// gradients' graph) or the detached step of Reptile and test-time adaptation (each result a fresh leaf).
    /// </summary>
    private static void EmitInnerStep(MetaPlan plan, MetaSgd? metaSgd, SourceWriter w, bool headOnly, bool detached, bool firstOrder)
    {
        var adapted = plan.Adapted.ToArray();
        var name = detached ? "DetachedStep" : "InnerStep";
        var inputs = headOnly ? "features" : "inputs";
        var predictions = headOnly ? "Functional.HeadBatched(fast, features)" : "Functional.ForwardBatched(fast, inputs)";
        w.Line(detached
            ? $"/// <summary>One inner step of every task whose result is a fresh leaf, without a graph to θ{(metaSgd is null ? "" : " or the rates")} (Reptile's inner loop and test-time adaptation).</summary>"
            : $"/// <summary>One inner step of every task, kept in the graph for the outer update{(firstOrder ? " (first order: the gradients are constants)" : " (second order: through the gradients)")}.</summary>");
        w.Open($"private static Parameters {name}(Parameters fast, Tensor {inputs}, Tensor targets{(metaSgd is null ? "" : ", InnerRates rates")})");
        w.Line($"var loss = TaskLosses({predictions}, targets).sum();");
        var tensors = string.Join(", ", adapted.Select(a => "fast." + MetaNames.Property(a)));
        if (detached)
        {
            w.Line($"var gradients = torch.autograd.grad(new[] {{ loss }}, new[] {{ {tensors} }});");
        }
        else
        {
            w.Line("// retain_graph even without create_graph: the query loss still runs through this graph.");
            w.Line($"var gradients = torch.autograd.grad(new[] {{ loss }}, new[] {{ {tensors} }}, retain_graph: true, create_graph: {(firstOrder ? "false" : "true")});");
        }
        var updates = adapted.Select((a, i) =>
        {
            var property = MetaNames.Property(a);
            var rate = metaSgd is null
                ? Expressions.HeldScalar(plan.Spec.Learner.InnerLearningRate)
                : "rates." + MetaNames.Property(metaSgd.Rate == LearnedRate.PerLayer ? MetaPlan.LayerOf(a) : a);
            var gradient = !detached && firstOrder ? $"gradients[{i}].detach()" : $"gradients[{i}]";
            var update = $"fast.{property} - {rate} * {gradient}";
            return $"{property} = {(detached ? $"({update}).detach().requires_grad_(true)" : update)}";
        });
        w.Line("return fast with");
        w.Line("{");
        foreach (var update in updates) w.Line($"    {update},");
        w.Line("};");
        w.Close();
    }

    private static string Describe(MetaLearner learner) => learner switch
    {
        Maml m => $"{(m.FirstOrder ? "first-order MAML" : "MAML (second order)")}, {Count(m.InnerSteps, "inner step")} with α = {Expressions.Number(m.InnerLearningRate)}",
        Reptile r => $"Reptile, {Count(r.InnerSteps, "inner step")} with α = {Expressions.Number(r.InnerLearningRate)}",
        MetaSgd s => $"Meta-SGD ({(s.Rate == LearnedRate.PerLayer ? "a learned rate per layer" : "a learned rate per parameter")}{(s.FirstOrder ? ", first order" : "")}), {Count(s.InnerSteps, "inner step")}, rates starting at {Expressions.Number(s.InnerLearningRate)}",
        Anil a => $"ANIL{(a.FirstOrder ? " (first order)" : "")}, {Count(a.InnerSteps, "inner step")} with α = {Expressions.Number(a.InnerLearningRate)}",
        _ => learner.GetType().Name,
    };
}

using Composable.Generators.Emit.Shared;
using Composable.Generators.Model;

namespace Composable.Generators.Emit.FewShot;

/// <summary>
/// The <c>Trainer</c> of a [FewShotLearner] declaration: the declared outer optimiser over the generated
/// <c>Network</c>, each step the mean query loss of a meta-batch of the declared size, evaluation and fit through
/// the run time's episodic code. Each operation is the one the run time's <c>EpisodicTrainer</c> performs, so both
/// train alike.
/// </summary>
internal static class TrainerEmitter
{
    public static readonly string[] Usings =
    {
        "System", "System.Collections.Generic", "Composable.Data.Episodes", "Composable.FewShot", "Composable.Training", "TorchSharp",
    };

    /// <summary>Names the generated Trainer (or its file) binds itself: a declaring class so named needs <c>global::</c>.</summary>
    private static readonly string[] BoundNames =
    {
        "Trainer", "Network", "Graph", "Device", "Steps", "MetaBatch", "Module", "Composable", "System", "TorchSharp",
    };

    public static void Emit(DeclarationModel<FewShotLearnerSpec> model, SourceWriter w)
    {
        var spec = model.Spec;
        var declaration = $"{DeclaringClass.NameFrom(model, BoundNames)}.{model.FieldName}";
        w.Line("/// <summary>");
        w.Line($"/// Trains <see cref=\"Network\"/> on episodes with {Expressions.Escape(Expressions.OptimizerText(spec.Outer))}, {spec.MetaBatch} episode{(spec.MetaBatch == 1 ? "" : "s")} per step");
        w.Line("/// (their query losses averaged), and measures query accuracy. Computes what");
        w.Line("/// <c>Composable.FewShot.EpisodicTrainer</c> computes for the same declaration and seed.");
        w.Line("/// </summary>");
        w.Open("public sealed class Trainer : IFewShotTrainer");
        w.Line("private readonly torch.optim.Optimizer _optimizer;");
        w.Line("private readonly torch.Generator _random;");
        w.Line();
        w.Open("private Trainer(Network network, Device device, int seed)");
        w.Line("Network = network;");
        w.Line("Device = device;");
        w.Line($"_optimizer = Optimizers.CreateForTrainer({declaration}.Outer, network.parameters());");
        w.Line("_random = TrainerRandom.ForTraining(seed, device);");
        w.Line("TrainerRandom.Attach(network, _random);");
        w.Close();
        w.Line();
        w.Line("/// <summary>");
        w.Line("/// Builds the network on the CPU with initial weights drawn for <paramref name=\"seed\"/> (<see cref=\"TrainerRandom.Build{T}\"/>, in any thread)");
        w.Line("/// and moves it to <paramref name=\"device\"/> (the CPU when null): the same seed gives the same initial weights as <c>EpisodicTrainer.Create</c>.");
        w.Line("/// </summary>");
        w.Line("/// <exception cref=\"ArgumentException\">The device cannot be used here (e.g. CUDA in a CPU build).</exception>");
        w.Open("public static Trainer Create(int seed, Device? device = null)");
        w.Line("var resolved = TrainingDevice.Resolve(device);");
        w.Line("var network = TrainerRandom.Build(seed, () => new Network());");
        w.Line("network.to(resolved);");
        w.Line("return new Trainer(network, resolved, seed);");
        w.Close();
        w.Line();
        w.Line("/// <summary>The network being trained.</summary>");
        w.Line("public Network Network { get; }");
        w.Line();
        w.Line("/// <inheritdoc />");
        w.Line("public Device Device { get; }");
        w.Line();
        w.Line("/// <summary>Optimiser steps taken so far.</summary>");
        w.Line("public long Steps { get; private set; }");
        w.Line();
        w.Line("/// <summary>Episodes per step, as declared: a fit's episodes per step unless its options say otherwise.</summary>");
        w.Line($"public int MetaBatch => {spec.MetaBatch};");
        w.Line();
        w.Line("nn.Module ITrainer.Module => Network;");
        w.Line();
        w.Line("torch.optim.Optimizer IResumableTrainer.Optimizer => _optimizer;");
        w.Line();
        w.Line("torch.Generator IResumableTrainer.TrainingGenerator => _random;");
        w.Line();
        w.Line($"string IResumableTrainer.Declaration => {declaration}.ToString();");
        w.Line();
        w.Line("void IResumableTrainer.ResumeAt(long steps) => Steps = steps;");
        w.Line();
        w.Line("/// <summary>One optimiser step on the mean query loss of <paramref name=\"episodes\"/> in training mode, inside its own dispose scope.</summary>");
        w.Open("public StepResult Step(IReadOnlyList<Episode> episodes)");
        StepKernels.Emit(w, spec.Backbone, $"{declaration}.Backbone");
        w.Line("using var scope = torch.NewDisposeScope();");
        w.Line("Network.train();");
        w.Line("_optimizer.zero_grad();");
        w.Line("var losses = ClassifierEpisodes.QueryLosses(Network, episodes, Device);");
        w.Line("var loss = losses.mean();");
        w.Line("Divergence.ThrowIfNotFinite(Steps + 1, loss, losses);");
        w.Line("loss.backward();");
        w.Line("_optimizer.step();");
        w.Line("Steps++;");
        w.Line("return EpisodicSteps.Read(Steps, loss, losses);");
        w.Close();
        w.Line();
        w.Line("/// <summary>Query accuracy of <paramref name=\"episode\"/> (evaluation mode, no gradients).</summary>");
        w.Line("public double Accuracy(Episode episode) => ClassifierEpisodes.Accuracy(Network, episode, Device);");
        w.Line();
        w.Line("/// <summary>Mean query loss and query accuracy (with its 95 % interval) over the episodes of <paramref name=\"episodes\"/>.</summary>");
        w.Line("public EpisodeEvaluation Evaluate(EpisodeSource episodes) => EpisodicEvaluation.OfClassifier(Network, episodes, Device);");
        w.Line();
        w.Line("/// <inheritdoc />");
        w.Line("public FitResult Fit(EpisodeSource train, FitOptions options, EpisodeSource? validation = null) => EpisodicLoop.Fit(this, train, options, validation);");
        w.Line();
        w.Line("/// <summary>Releases the optimiser's state and the network.</summary>");
        w.Open("public void Dispose()");
        w.Line("_optimizer.Dispose();");
        w.Line("_random.Dispose();");
        w.Line("Network.Dispose();");
        w.Close();
        w.Close();
    }
}

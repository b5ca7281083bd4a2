using System;
using Composable.Generators.Emit.Shared;
using Composable.Generators.Model;

namespace Composable.Generators.Emit.FewShot;

/// <summary>The <c>Trainer</c> of a [FewShotLearner] declaration: the run time's episodic trainer with the declared outer optimiser and meta-batch.</summary>
internal static class TrainerEmitter
{
    public static void Emit(DeclarationModel<FewShotLearnerSpec> model, SourceWriter w)
    {
        var spec = model.Spec;
        w.Line("/// <summary>");
        w.Line($"/// Trains <see cref=\"Network\"/> on episodes with {Expressions.Escape(Expressions.OptimizerText(spec.Outer))}, {spec.MetaBatch} episode{(spec.MetaBatch == 1 ? "" : "s")} per step");
        w.Line("/// (their losses averaged), and measures query accuracy.");
        w.Line("/// </summary>");
        w.Open("public sealed class Trainer : IDisposable");
        w.Line($"private readonly {RunTime.FewShot}EpisodicTrainer _trainer;");
        w.Line();
        w.Line("/// <summary>Seeds torch's generator with <paramref name=\"seed\"/>, then builds the network: the same seed gives the same initial weights.</summary>");
        w.Open("public Trainer(int seed = 0)");
        w.Line("torch.manual_seed(seed);");
        w.Line("Network = new Network();");
        w.Line($"_trainer = new {RunTime.FewShot}EpisodicTrainer(Network, {Expressions.OptimizerRecord(spec.Outer)}, metaBatch: {spec.MetaBatch});");
        w.Close();
        w.Line();
        w.Line("/// <summary>The network being trained.</summary>");
        w.Line("public Network Network { get; }");
        w.Line();
        w.Line("/// <summary>Optimiser steps taken so far.</summary>");
        w.Line("public long Steps => _trainer.Steps;");
        w.Line();
        w.Line("/// <summary>One optimiser step on the mean query loss of <paramref name=\"episodes\"/>; returns that loss.</summary>");
        w.Line($"public double Step(IReadOnlyList<{RunTime.Episodes}Episode> episodes) => _trainer.Step(episodes);");
        w.Line();
        w.Line("/// <summary>Query accuracy on <paramref name=\"episode\"/> (evaluation mode, no gradients).</summary>");
        w.Line($"public double Accuracy({RunTime.Episodes}Episode episode) => _trainer.Accuracy(episode);");
        w.Line();
        w.Line("/// <summary>Trains for <paramref name=\"steps\"/> steps on training episodes of <paramref name=\"family\"/>, reporting (step, loss) to <paramref name=\"progress\"/>.</summary>");
        w.Line($"public void Train({RunTime.Episodes}ITaskFamily family, int steps, int seed = 0, Action<long, double>? progress = null) => _trainer.Train(family, steps, seed, progress);");
        w.Line();
        w.Line("/// <summary>Mean query accuracy with a 95% interval over <paramref name=\"episodes\"/> episodes of <paramref name=\"split\"/>.</summary>");
        w.Line($"public {RunTime.Metric}AccuracyEstimate Evaluate({RunTime.Episodes}ITaskFamily family, {RunTime.Episodes}MetaSplit split, int episodes, int seed = 0) => _trainer.Evaluate(family, split, episodes, seed);");
        w.Line();
        w.Line("/// <summary>Releases the optimiser and the network's tensors.</summary>");
        w.Open("public void Dispose()");
        w.Line("_trainer.Dispose();");
        w.Line("Network.Dispose();");
        w.Close();
        w.Close();
    }
}

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using Composable;
using Composable.Data.Episodes;
using Composable.Meta;
using Composable.Meta.Baselines;
using static TorchSharp.torch;

namespace MetaSinusoid;

/// <summary>Mean query MSE with its 95% confidence half-width after each number of test-time steps.</summary>
/// <param name="Method">Method name.</param>
/// <param name="Shots">K.</param>
/// <param name="Mean">Mean over held-out tasks, per step count 0…S.</param>
/// <param name="Ci95">1.96 · standard error, per step count.</param>
/// <param name="TrainSeconds">Wall time of (meta-)training.</param>
/// <param name="MetaIterations">(Meta-)training iterations.</param>
public sealed record MethodResult(string Method, int Shots, double[] Mean, double[] Ci95, double TrainSeconds, int MetaIterations);

/// <summary>Runs MAML, FOMAML, Reptile, Meta-SGD, ANIL (their generated Trainers), pretrained and oracle on sinusoid regression.</summary>
public static class SinusoidReproduction
{
    /// <summary>Every method, in report order.</summary>
    public static readonly string[] AllMethods = { "MAML", "FOMAML", "Reptile", "Meta-SGD", "ANIL", "pretrained", "oracle" };

    /// <summary>The declaration of <paramref name="method"/> at K = <paramref name="shots"/>: the <c>[MetaLearner]</c>
    /// declaration in <c>Learners.cs</c> (1-40-40-1 ReLU, meta-batch 25, inner lr 0.01, one inner step, Reptile: 5,
    /// Adam 1e-3) with K support and K query points; the baselines take MAML's.</summary>
    public static MetaLearnerSpec Declaration(string method, int shots)
    {
        var declared = method switch
        {
            "MAML" or "pretrained" or "oracle" => MamlSinusoid.Spec,
            "FOMAML" => FomamlSinusoid.Spec,
            "Reptile" => ReptileSinusoid.Spec,
            "Meta-SGD" => MetaSgdSinusoid.Spec,
            "ANIL" => AnilSinusoid.Spec,
            _ => throw new ArgumentException($"Unknown method '{method}'; known: {string.Join(", ", AllMethods)}."),
        };
        return declared with { Episodes = new FewShotRegression(shots, shots) };
    }

    /// <summary>
    /// The generated episodic Trainer of <paramref name="method"/>'s declaration. Its code does not depend on K (episodes
    /// are stacked as they come), so the trainer declared at K = 10 also trains the K = 5 and K = 20 runs.
    /// </summary>
    public static IMetaLearnerTrainer GeneratedTrainer(string method, int seed) => method switch
    {
        "MAML" => MamlSinusoid.Trainer.Create(seed),
        "FOMAML" => FomamlSinusoid.Trainer.Create(seed),
        "Reptile" => ReptileSinusoid.Trainer.Create(seed),
        "Meta-SGD" => MetaSgdSinusoid.Trainer.Create(seed),
        "ANIL" => AnilSinusoid.Trainer.Create(seed),
        _ => throw new ArgumentException($"'{method}' is not a meta-learner; meta-learners: MAML, FOMAML, Reptile, Meta-SGD, ANIL."),
    };

    /// <summary>Trains and evaluates every requested method for every K; <paramref name="progress"/> gets one line at a time.</summary>
    public static IReadOnlyList<MethodResult> Run(ReproductionOptions options, Action<string> progress)
    {
        var results = new List<MethodResult>();
        foreach (var shots in options.Shots)
        {
            var train = new SinusoidFamily(new FewShotRegression(shots, shots));
            var test = new SinusoidFamily(new FewShotRegression(shots, options.EvaluationQueries));
            foreach (var method in options.Methods)
            {
                var spec = Declaration(method, shots);
                var (step, evaluate, dispose) = Build(method, spec, options.Seed);
                var clock = Stopwatch.StartNew();
                var window = 0.0;
                for (var iteration = 0; iteration < options.MetaIterations; iteration++)
                {
                    using var scope = NewDisposeScope();
                    var batch = train.SampleBatch(MetaSplit.Train, (long)iteration * 25, 25, options.Seed);
                    window += step(batch);
                    if (options.ProgressEvery > 0 && (iteration + 1) % options.ProgressEvery == 0)
                    {
                        progress($"  K={shots} {method,-10} iteration {iteration + 1,6}/{options.MetaIterations}  loss {window / options.ProgressEvery:F3}  {clock.Elapsed.TotalSeconds:F0}s");
                        window = 0;
                    }
                }
                var seconds = clock.Elapsed.TotalSeconds;
                double[][] curves;
                using (var scope = NewDisposeScope())
                    curves = evaluate(test.SampleBatch(MetaSplit.Test, 0, options.EvaluationTasks, options.Seed), options.TestSteps);
                dispose();
                var mean = Enumerable.Range(0, options.TestSteps + 1).Select(s => curves.Average(c => c[s])).ToArray();
                var ci = Enumerable.Range(0, options.TestSteps + 1).Select(s => Ci95(curves.Select(c => c[s]).ToArray())).ToArray();
                results.Add(new MethodResult(method, shots, mean, ci, seconds, options.MetaIterations));
                progress($"K={shots} {method,-10} trained in {seconds:F1}s; query MSE after 0/1/10 steps: {mean[0]:F3} / {mean[Math.Min(1, options.TestSteps)]:F3} / {mean[options.TestSteps]:F3}");
            }
        }
        return results;
    }

    private static (Func<Episode[], double> Step, Func<Episode[], int, double[][]> Evaluate, Action Dispose) Build(string method, MetaLearnerSpec spec, int seed)
    {
        switch (method)
        {
            case "pretrained":
                var pretrained = new PretrainedBaseline(spec, fineTuneLearningRate: 0.01, seed);
                return (b => pretrained.Step(b), (e, s) => pretrained.MeasureAdaptation(e, s).Losses, pretrained.Dispose);
            case "oracle":
                var oracle = new SinusoidOracle(spec, seed);
                return (b => oracle.Step(b), (e, s) => oracle.MeasureAdaptation(e, s).Losses, oracle.Dispose);
            default:
                var trainer = GeneratedTrainer(method, seed);
                return (b => trainer.Step(b).Total, (e, s) => trainer.MeasureAdaptation(e, s).Losses, trainer.Dispose);
        }
    }

    /// <summary>1.96 · sample standard deviation / √n.</summary>
    public static double Ci95(double[] values)
    {
        if (values.Length < 2) return 0;
        var mean = values.Average();
        var variance = values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1);
        return 1.96 * Math.Sqrt(variance / values.Length);
    }
}

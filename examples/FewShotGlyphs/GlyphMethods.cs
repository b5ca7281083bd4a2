using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using Composable;
using Composable.Data.Episodes;
using Composable.FewShot;
using Composable.FewShot.Baselines;
using Composable.FewShot.Metric;
using Composable.Meta;
using Composable.Meta.Baselines;
using Composable.Training;
using static TorchSharp.torch;

namespace FewShotGlyphs;

/// <summary>What a method needs to train and be tested on one setting.</summary>
/// <param name="Setting">N-way K-shot.</param>
/// <param name="Train">Training episodes (meta-train characters).</param>
/// <param name="Test">Test episodes (meta-test characters, the same class split).</param>
/// <param name="Options">Budgets.</param>
/// <param name="Seed">Seed of weights and episode order.</param>
/// <param name="Log">Progress lines.</param>
internal sealed record MethodRun(Setting Setting, ClassIndexedFamily Train, ClassIndexedFamily Test, GlyphOptions Options, int Seed, Action<string> Log);

/// <summary>A trained method: its meta-test accuracy and a way to predict the query labels of one episode.</summary>
/// <param name="Accuracy">Accuracy over the test episodes with its 95 % interval.</param>
/// <param name="Predict">Query predictions of an episode (for pictures).</param>
/// <param name="Release">Frees the trained model.</param>
internal sealed record TrainedMethod(AccuracyEstimate Accuracy, Func<Episode, int[]> Predict, Action Release);

/// <summary>The settings of a gradient-based learner on one N-way K-shot setting.</summary>
/// <param name="InnerSteps">Inner steps in training.</param>
/// <param name="InnerRate">Inner learning rate α.</param>
/// <param name="MetaBatch">Tasks per meta-step.</param>
/// <param name="TestSteps">Inner steps at test.</param>
internal sealed record FinnSetting(int InnerSteps, double InnerRate, int MetaBatch, int TestSteps);

/// <summary>A benchmark method: a name and how to train and test it.</summary>
/// <param name="Name">Table name.</param>
/// <param name="Family">"metric", "black-box", "gradient" or "baseline".</param>
/// <param name="Run">Trains on the run's training episodes and tests on its test episodes.</param>
internal sealed record GlyphMethod(string Name, string Family, Func<MethodRun, TrainedMethod> Run);

/// <summary>
/// The methods of the benchmark. Metric and black-box learners are <see cref="FewShotLearnerSpec"/> declarations over
/// the 4-block conv backbone; MAML, FOMAML and ANIL are <see cref="MetaLearnerSpec"/> declarations over Finn et al.'s
/// non-convolutional Omniglot network (784-256-128-64-64-N MLP), and the Conv rows (MAML, FOMAML, ANIL, Meta-SGD)
/// over their convolutional one (the same 4-block backbone, then a linear head; a task per pass, which runs plain
/// convolutions, several times faster on a CPU than the grouped ones of one pass over the meta-batch); the fine-tuning baseline pretrains the conv backbone; 1-NN reads raw pixels.
/// Each setting's declarations are interpreted (a sweep over settings); the generated code for one of them is
/// checked equal to its interpretation in the tests.
/// </summary>
internal static class GlyphMethods
{
    public static IReadOnlyList<GlyphMethod> All { get; } =
    [
        Episodic("ProtoNets", "metric", new Prototypical()),
        Episodic("Matching nets", "metric", new Matching()),
        Episodic("Relation nets", "metric", new Relation([64, 8])),
        Episodic("LSTM reader", "black-box", new LstmReader(Hidden: 128), metaBatch: 2, learningRate: 3e-3),
        Episodic("Attention reader", "black-box", new AttentionReader(Width: 64, Heads: 4, Layers: 2), metaBatch: 2, learningRate: 1e-3),
        Gradient("MAML", new Maml(InnerSteps: 1, InnerLearningRate: 0.4, MetaBatch: 16)),
        // First-order MAML keeps only part of MAML's meta-gradient signal with one inner step (Nichol et al. 2018) and
        // stayed at chance at α = 0.4 here; five smaller steps let it learn (at α = 0.1 its 5-shot training diverged).
        Gradient("FOMAML", new Maml(InnerSteps: 5, InnerLearningRate: 0.05, MetaBatch: 16, FirstOrder: true)),
        Gradient("ANIL", new Anil(InnerSteps: 1, InnerLearningRate: 0.4, MetaBatch: 16)),
        // Finn et al.'s Omniglot network: MAML over the 4-block conv backbone (batch norm with batch statistics), and the
        // other gradient-based learners on the same network, each with Finn et al.'s Omniglot inner loop per setting.
        FinnOmniglot("Conv MAML", finn => new Maml(finn.InnerSteps, finn.InnerRate, finn.MetaBatch)),
        FinnOmniglot("Conv FOMAML", finn => new Maml(finn.InnerSteps, finn.InnerRate, finn.MetaBatch, FirstOrder: true)),
        FinnOmniglot("Conv ANIL", finn => new Anil(finn.InnerSteps, finn.InnerRate, finn.MetaBatch)),
        FinnOmniglot("Conv Meta-SGD", finn => new MetaSgd(finn.InnerSteps, finn.InnerRate, finn.MetaBatch)),
        new("Fine-tuned", "baseline", FineTuned),
        new("1-NN (pixels)", "baseline", NearestNeighbourOnPixels),
    ];

    public static IReadOnlyList<string> ParseNames(string text)
    {
        var names = text.Split(',').Select(n => n.Trim()).Where(n => n.Length > 0).ToArray();
        var unknown = names.Where(n => !All.Any(m => Matches(m, n))).ToArray();
        if (unknown.Length > 0)
            throw new ArgumentException($"Unknown method(s) {string.Join(", ", unknown.Select(u => $"'{u}'"))}; the methods are {string.Join(", ", All.Select(m => m.Name))}.");
        return names;
    }

    public static IEnumerable<GlyphMethod> Selected(GlyphOptions options) =>
        options.Methods.Count == 0 ? All : All.Where(m => options.Methods.Any(n => Matches(m, n)));

    private static bool Matches(GlyphMethod method, string name) =>
        method.Name.Equals(name, StringComparison.OrdinalIgnoreCase)
        || method.Name.Split(' ')[0].Equals(name, StringComparison.OrdinalIgnoreCase);

    /// <summary>The declaration of a metric or black-box learner on a setting.</summary>
    public static FewShotLearnerSpec Declaration(FewShotLearner learner, Setting setting, GlyphOptions options, int metaBatch = 1, double learningRate = 1e-3) => new(
        Backbone: new ConvBackbone(new Image(1, 28, 28), Blocks: 4, Channels: options.Channels),
        Episodes: new FewShotClassification(setting.Ways, setting.Shots, options.TrainQueries),
        Learner: learner,
        Outer: new Adam(LearningRate: learningRate),
        MetaBatch: metaBatch);

    /// <summary>The declaration of a gradient-based learner on a setting: over the MLP, or over the conv backbone when <paramref name="conv"/>.</summary>
    public static MetaLearnerSpec Declaration(MetaLearner learner, Setting setting, GlyphOptions options, bool conv = false) => new(
        Input: new Image(1, 28, 28),
        Layers: conv ? [] : [256, 128, 64, 64],
        Outputs: setting.Ways,
        Episodes: new FewShotClassification(setting.Ways, setting.Shots, options.TrainQueries),
        Learner: learner,
        Outer: new Adam(LearningRate: 1e-3),
        Backbone: conv ? new ConvBackbone(new Image(1, 28, 28), Blocks: 4, Channels: options.Channels) : null,
        TasksPerPass: conv ? 1 : null);

    private static GlyphMethod Episodic(string name, string family, FewShotLearner learner, int metaBatch = 1, double learningRate = 1e-3) => new(name, family, run =>
    {
        var trainer = EpisodicTrainer.Create(Declaration(learner, run.Setting, run.Options, metaBatch, learningRate), run.Seed);
        var progress = new Progress(run.Log, run.Options.TrainEpisodes);
        trainer.Fit(new EpisodeSource(run.Train, MetaSplit.Train, run.Options.TrainEpisodes * metaBatch, run.Seed), StepsReported(run.Options.TrainEpisodes, progress));
        var accuracy = trainer.Evaluate(new EpisodeSource(run.Test, MetaSplit.Test, run.Options.TestEpisodes, run.Seed)).Accuracy!;
        return new TrainedMethod(accuracy, episode =>
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            trainer.Model.Module.eval();
            return Labels(trainer.Model.Scores(episode.SupportInputs, episode.SupportTargets, episode.QueryInputs, run.Setting.Ways).argmax(1));
        }, trainer.Dispose);
    });

    /// <summary>
    /// Finn et al.'s Omniglot settings for a setting (Finn, Abbeel and Levine 2017, appendix A.1): at 5-way one inner step
    /// at α = 0.4 in training, three at test, meta-batch 32; at 20-way five steps at α = 0.1 in training and at test,
    /// meta-batch 16.
    /// </summary>
    public static FinnSetting FinnOmniglotSetting(Setting setting) =>
        setting.Ways >= 20 ? new(InnerSteps: 5, InnerRate: 0.1, MetaBatch: 16, TestSteps: 5) : new(InnerSteps: 1, InnerRate: 0.4, MetaBatch: 32, TestSteps: 3);

    /// <summary>A gradient-based learner over Finn et al.'s convolutional Omniglot network, with their settings per setting.</summary>
    private static GlyphMethod FinnOmniglot(string name, Func<FinnSetting, MetaLearner> learner) =>
        Gradient(name, setting => learner(FinnOmniglotSetting(setting)), conv: true, setting => FinnOmniglotSetting(setting).TestSteps);

    private static GlyphMethod Gradient(string name, MetaLearner learner) => Gradient(name, _ => learner, conv: false, _ => learner.InnerSteps);

    /// <param name="name">Table name.</param>
    /// <param name="learnerOf">The learner for a setting.</param>
    /// <param name="conv">Whether the learner runs over the conv backbone (else Finn et al.'s MLP).</param>
    /// <param name="testStepsOf">Test-time steps for a setting, unless <c>--test-steps</c> gives them.</param>
    private static GlyphMethod Gradient(string name, Func<Setting, MetaLearner> learnerOf, bool conv, Func<Setting, int> testStepsOf) => new(name, "gradient", run =>
    {
        var learner = learnerOf(run.Setting);
        var trainer = MetaTrainer.Create(Declaration(learner, run.Setting, run.Options, conv), run.Seed);
        var batch = learner.MetaBatch;
        var progress = new Progress(run.Log, run.Options.MetaSteps);
        trainer.Fit(new EpisodeSource(run.Train, MetaSplit.Train, run.Options.MetaSteps * batch, run.Seed), StepsReported(run.Options.MetaSteps, progress));
        var testSteps = run.Options.TestSteps ?? testStepsOf(run.Setting);
        var accuracy = EpisodicEvaluation.OfAdaptation(trainer, new EpisodeSource(run.Test, MetaSplit.Test, run.Options.TestEpisodes, run.Seed), testSteps).Accuracy!;
        return new TrainedMethod(accuracy, episode =>
        {
            using var scope = NewDisposeScope();
            return GradientAdaptation.Predictions(trainer, new[] { episode }, testSteps)[0];
        }, trainer.Dispose);
    });

    private static TrainedMethod FineTuned(MethodRun run)
    {
        var backbone = new ConvBackbone(new Image(1, 28, 28), Blocks: 4, Channels: run.Options.Channels);
        var classifier = new FineTunedClassifier(backbone, run.Train.ClassesOf(MetaSplit.Train).Count, new FineTuning(), run.Seed);
        classifier.Pretrain(run.Train, run.Options.PretrainSteps, run.Seed, new Progress(run.Log, run.Options.PretrainSteps).Report);
        var accuracy = classifier.Evaluate(run.Test, MetaSplit.Test, run.Options.TestEpisodes, run.Seed);
        return new TrainedMethod(accuracy, episode =>
        {
            using var scope = NewDisposeScope();
            return Labels(classifier.Scores(episode).argmax(1));
        }, classifier.Dispose);
    }

    /// <summary>A fit of <paramref name="steps"/> steps over one epoch of fresh episodes, each step's loss reported to <paramref name="progress"/>.</summary>
    private static FitOptions StepsReported(int steps, Progress progress) => new(Steps: steps)
    {
        Callbacks = [FitCallbacks.OnStep((step, _) => progress.Report(step.Step, step.Total))],
    };

    private static int[] Labels(Tensor labels) => labels.data<long>().Select(p => (int)p).ToArray();

    private static TrainedMethod NearestNeighbourOnPixels(MethodRun run) => new(
        NearestNeighbour.Evaluate(run.Test, MetaSplit.Test, run.Options.TestEpisodes, run.Seed),
        episode =>
        {
            using var scope = NewDisposeScope();
            return Labels(NearestNeighbour.Predict(episode));
        },
        () => { });

    /// <summary>Ten progress lines per training run, each with the mean loss since the previous one.</summary>
    private sealed class Progress(Action<string> log, int total)
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly int _every = Math.Max(1, total / 10);
        private double _sum;
        private int _count;

        public void Report(long step, double loss)
        {
            _sum += loss;
            _count++;
            if (step % _every != 0 && step != total) return;
            log($"    step {step,6}/{total}  loss {_sum / _count:F3}  {_clock.Elapsed.TotalSeconds:F0} s");
            (_sum, _count) = (0, 0);
        }
    }
}

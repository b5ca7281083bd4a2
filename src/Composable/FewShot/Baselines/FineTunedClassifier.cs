using System;
using System.Collections.Generic;
using System.Linq;
using Composable.Data.Episodes;
using Composable.FewShot;
using Composable.FewShot.Metric;
using Composable.Modules;
using Composable.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Composable.FewShot.Baselines;

/// <summary>
/// The fine-tuning baseline of few-shot classification (Chen et al. 2019, "Baseline"): pretrain a backbone and a
/// linear head over all meta-train classes with ordinary mini-batches; at test time freeze the backbone, fit a fresh
/// linear head (zero-initialised, N outputs) on the episode's support embeddings for a fixed number of steps, and
/// classify the queries with it. Deterministic for a seed: the backbone is built by <see cref="Training.TrainerRandom.Build{T}"/>,
/// mini-batches come from a seeded stream, and new heads start at zero.
/// </summary>
public sealed class FineTunedClassifier : IDisposable
{
    private readonly nn.Module<Tensor, Tensor> _backbone;
    private readonly Linear _classifier;
    private readonly Sequential _pretrained;
    private readonly optim.Optimizer _optimizer;

    /// <summary>A classifier of <paramref name="classes"/> meta-train classes on <paramref name="backbone"/>, built with initial weights drawn for <paramref name="seed"/> (<see cref="Training.TrainerRandom.Build{T}"/>).</summary>
    /// <param name="backbone">The declared backbone.</param>
    /// <param name="classes">Meta-train classes (outputs of the pretraining head).</param>
    /// <param name="options">Batch size, optimisers and head steps; the defaults of <see cref="FineTuning"/> when omitted.</param>
    /// <param name="seed">Seed of the initial weights.</param>
    public FineTunedClassifier(Backbone backbone, int classes, FineTuning? options = null, int seed = 0)
    {
        if (classes < 2) throw new ArgumentOutOfRangeException(nameof(classes), classes, "Pretraining needs at least 2 classes.");
        Options = options ?? new FineTuning();
        if (Options.BatchSize < 1) throw new ArgumentException($"BatchSize is {Options.BatchSize}; at least 1.", nameof(options));
        if (Options.HeadSteps < 0) throw new ArgumentException($"HeadSteps is {Options.HeadSteps}; at least 0.", nameof(options));
        Backbone = backbone;
        Classes = classes;
        (_backbone, _classifier) = Training.TrainerRandom.Build(seed, () => (Backbones.Create(backbone), nn.Linear(Backbones.EmbeddingWidth(backbone), classes)));
        _pretrained = nn.Sequential(("backbone", _backbone), ("head", _classifier));
        _optimizer = Optimizers.Create(Options.Pretrain, _pretrained.parameters());
    }

    /// <summary>The declared backbone.</summary>
    public Backbone Backbone { get; }

    /// <summary>Meta-train classes.</summary>
    public int Classes { get; }

    /// <summary>The settings.</summary>
    public FineTuning Options { get; }

    /// <summary>The pretrained network: <c>backbone</c>, then the linear <c>head</c> over the meta-train classes.</summary>
    public nn.Module<Tensor, Tensor> Network => _pretrained;

    /// <summary>Pretraining steps taken.</summary>
    public long Steps { get; private set; }

    /// <summary>One pretraining step on <paramref name="inputs"/> [B, F] with class indices <paramref name="labels"/> [B]; returns the loss.</summary>
    public double Step(Tensor inputs, Tensor labels)
    {
        Backbones.CheckInputs(Backbone, inputs, "inputs");
        using var scope = NewDisposeScope();
        _pretrained.train();
        _optimizer.zero_grad();
        var loss = EpisodicLoss.CrossEntropy(_pretrained.forward(inputs), labels);
        loss.backward();
        _optimizer.step();
        Steps++;
        return loss.ToSingle();
    }

    /// <summary>
    /// <paramref name="steps"/> pretraining steps on mini-batches of every example of <paramref name="family"/>'s
    /// meta-train classes (class i of <see cref="ClassIndexedFamily.ClassesOf"/> is output i); batch t is drawn
    /// without replacement from a stream seeded by (t, <paramref name="seed"/>), counting t from the steps taken so
    /// far. <paramref name="progress"/> hears (steps taken, loss) after each.
    /// </summary>
    public void Pretrain(ClassIndexedFamily family, int steps, int seed = 0, Action<long, double>? progress = null)
    {
        var classes = family.ClassesOf(MetaSplit.Train);
        if (classes.Count != Classes)
            throw new ArgumentException($"The family has {classes.Count} meta-train classes but the classifier was built for {Classes}.", nameof(family));
        var pool = classes.SelectMany((c, i) => family.ExamplesOf(c).Select(example => (Example: example, Label: (long)i))).ToArray();
        var size = Math.Min(Options.BatchSize, pool.Length);
        for (var s = 0; s < steps; s++)
        {
            var random = new Random(TaskFamilies.Mix(MetaSplit.Train, Steps, seed));
            for (var i = 0; i < size; i++)
            {
                var j = i + random.Next(pool.Length - i);
                (pool[i], pool[j]) = (pool[j], pool[i]);
            }
            var batch = pool.Take(size).ToArray();
            double loss;
            using (var scope = NewDisposeScope())
                loss = Step(family.Examples.Gather(batch.Select(p => p.Example).ToArray()), tensor(batch.Select(p => p.Label).ToArray()));
            progress?.Invoke(Steps, loss);
        }
    }

    /// <summary>
    /// Query scores [Q, N] of <paramref name="episode"/> (in the caller's dispose scope): the frozen backbone embeds
    /// support and queries (evaluation mode), a zero-initialised linear head of the episode's ways takes
    /// <see cref="FineTuning.HeadSteps"/> steps of <see cref="FineTuning.Head"/> on the support cross-entropy, and
    /// scores the queries.
    /// </summary>
    public Tensor Scores(Episode episode)
    {
        using var scope = NewDisposeScope();
        var ways = ClassifierEpisodes.WaysOf(episode);
        Tensor support, queries;
        using (no_grad())
        {
            _backbone.eval();
            support = _backbone.forward(episode.SupportInputs);
            queries = _backbone.forward(episode.QueryInputs);
        }
        // A head per episode: disposed with its native module (NativeModules), which Linear's own Dispose leaves behind.
        var head = nn.Linear(support.shape[1], ways);
        try
        {
            using (no_grad())
            {
                head.weight!.zero_();
                head.bias!.zero_();
            }
            using var optimizer = Optimizers.Create(Options.Head, head.parameters());
            for (var s = 0; s < Options.HeadSteps; s++)
            {
                using var step = NewDisposeScope();
                optimizer.zero_grad();
                EpisodicLoss.CrossEntropy(head.forward(support), episode.SupportTargets).backward();
                optimizer.step();
            }
            using (no_grad())
                return head.forward(queries).MoveToOuterDisposeScope();
        }
        finally
        {
            NativeModules.Dispose(head);
        }
    }

    /// <summary>Query accuracy of <paramref name="episode"/> after fitting a new head on its support set (<see cref="Scores"/>).</summary>
    public double Accuracy(Episode episode)
    {
        using var scope = NewDisposeScope();
        return AccuracyEstimate.OfScores(Scores(episode), episode.QueryTargets);
    }

    /// <summary>Mean query accuracy over episodes 0…<paramref name="episodes"/>−1 of <paramref name="split"/>, with its 95 % interval.</summary>
    public AccuracyEstimate Evaluate(ITaskFamily family, MetaSplit split, int episodes, int seed = 0) =>
        AccuracyEstimate.Over(family, split, episodes, seed, Accuracy);

    /// <inheritdoc />
    public void Dispose()
    {
        _optimizer.Dispose();
        NativeModules.Dispose(_pretrained);
    }
}

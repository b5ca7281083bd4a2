using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Composable.Data;
using Composable.Data.Episodes;
using Composable.FewShot;
using Composable.Interpretation;
using Composable.Tests.Checkpoints;
using Composable.Tests.FewShot;
using Composable.Training;
using Xunit;
using static TorchSharp.torch;

namespace Composable.Tests.Runtime;

/// <summary>
/// Each trainer owns its random numbers: two seeded trainings in one process, one after the other, interleaved step by
/// step, or on two threads at once, give exactly the numbers each gives alone; nothing a caller does with torch's
/// process-wide generator changes them, and building a trainer leaves that generator as it was.
/// </summary>
public sealed class TrainerRandomTests
{
    private const int Steps = 30;

    /// <summary>A training whose every step draws dropout masks (multi-task, dropout 0.2) or a support order (LSTM reader).</summary>
    private sealed record Training(Func<int, (ITrainer Trainer, Func<int, StepResult> Step)> Start)
    {
        public static Training MultiTask(bool generated, MultiTaskDataset data) => new(seed =>
        {
            IMultiTaskTrainer trainer = generated ? SgdDropout.Trainer.Create(seed) : InterpretedTrainer.Create(SgdDropout.Spec, seed);
            var batches = new BatchStream(data, TaskSampling.AllTasks, 16, seed: 3);
            return (trainer, _ => trainer.Step(batches.Next()));
        });

        public static Training FewShot(ClassIndexedFamily family) => new(seed =>
        {
            IEpisodicTrainer trainer = LstmReaderLearner.Trainer.Create(seed);
            return (trainer, step => trainer.Step(family.SampleBatch(MetaSplit.Train, step, 2)));
        });
    }

    private static double[] Run(Training training, int seed)
    {
        var (trainer, next) = training.Start(seed);
        using (trainer)
        {
            var losses = new double[Steps];
            for (var step = 0; step < Steps; step++)
            {
                using var scope = NewDisposeScope();
                losses[step] = next(step).Total;
            }
            return losses;
        }
    }

    public static IEnumerable<object[]> Trainings() => new[] { "generated", "interpreted", "lstm" }.Select(n => new object[] { n });

    private static Training Named(string name, MultiTaskDataset data) => name switch
    {
        "generated" => Training.MultiTask(generated: true, data),
        "interpreted" => Training.MultiTask(generated: false, data),
        _ => Training.FewShot(SyntheticClasses.Family((FewShotClassification)LstmReaderLearner.Spec.Episodes, classes: 20, perClass: 6, width: 32)),
    };

    [Theory]
    [MemberData(nameof(Trainings))]
    public void Two_trainings_on_two_threads_at_once_give_exactly_the_numbers_each_gives_alone(string name)
    {
        using var data = SyntheticTasks.Generate(SgdDropout.Spec, new SyntheticOptions(Examples: 64, Seed: 5));
        var training = Named(name, data);
        var aloneA = Run(training, seed: 1);
        var aloneB = Run(training, seed: 2);
        Assert.NotEqual(aloneA, aloneB);

        for (var attempt = 0; attempt < 3; attempt++)
        {
            double[]? parallelA = null, parallelB = null;
            using var start = new Barrier(2);
            var a = new Thread(() => { start.SignalAndWait(); parallelA = Run(training, seed: 1); });
            var b = new Thread(() => { start.SignalAndWait(); parallelB = Run(training, seed: 2); });
            a.Start();
            b.Start();
            a.Join();
            b.Join();

            Assert.Equal(aloneA, parallelA);
            Assert.Equal(aloneB, parallelB);
        }
    }

    [Theory]
    [MemberData(nameof(Trainings))]
    public void Two_trainings_interleaved_step_by_step_in_one_thread_give_the_numbers_each_gives_alone(string name)
    {
        using var data = SyntheticTasks.Generate(SgdDropout.Spec, new SyntheticOptions(Examples: 64, Seed: 5));
        var training = Named(name, data);
        var aloneA = Run(training, seed: 1);
        var aloneB = Run(training, seed: 2);

        var (first, firstStep) = training.Start(1);
        var (second, secondStep) = training.Start(2);
        using var disposeFirst = first;
        using var disposeSecond = second;
        var interleavedA = new double[Steps];
        var interleavedB = new double[Steps];
        for (var step = 0; step < Steps; step++)
        {
            using var scope = NewDisposeScope();
            interleavedA[step] = firstStep(step).Total;
            rand(1000); // a caller drawing from torch's process-wide generator in between changes nothing
            interleavedB[step] = secondStep(step).Total;
        }

        Assert.Equal(aloneA, interleavedA);
        Assert.Equal(aloneB, interleavedB);
    }

    [Fact]
    public void Building_a_trainer_leaves_torchs_process_wide_generator_as_it_was()
    {
        manual_seed(123);
        using var expected = rand(8);
        manual_seed(123);
        using (InterpretedTrainer.Create(SgdDropout.Spec, seed: 9))
        using (SgdDropout.Trainer.Create(seed: 10))
        using (LstmReaderLearner.Trainer.Create(seed: 11))
        {
            using var actual = rand(8);
            Assert.True(expected.equal(actual).all().item<bool>());
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_initial_weights_whatever_torchs_generator_held_before()
    {
        manual_seed(1);
        using var first = SgdDropout.Trainer.Create(seed: 4);
        manual_seed(2);
        rand(77);
        using var second = SgdDropout.Trainer.Create(seed: 4);
        var a = first.Model.parameters().ToArray();
        var b = second.Model.parameters().ToArray();
        Assert.Equal(a.Length, b.Length);
        Assert.All(a.Zip(b), p => Assert.True(p.Item1.equal(p.Item2).all().item<bool>()));
    }

    [Fact]
    public void Dropout_draws_the_mask_libtorch_draws_from_the_same_generator_state()
    {
        using var input = linspace(-3, 3, 4000).reshape(40, 100);
        manual_seed(31);
        using var expected = nn.functional.dropout(input, 0.3, training: true);
        manual_seed(31);
        using var fromGlobal = TrainerRandom.Dropout(input, 0.3, training: true, generator: null);
        using var generator = new Generator(31, CPU);
        using var fromOwn = TrainerRandom.Dropout(input, 0.3, training: true, generator);

        Assert.True(expected.equal(fromGlobal).all().item<bool>());
        Assert.True(expected.equal(fromOwn).all().item<bool>());
        Assert.Same(input, TrainerRandom.Dropout(input, 0.3, training: false, generator));
        var kept = fromOwn.ne(0).to_type(ScalarType.Float32).mean().item<float>();
        Assert.InRange(kept, 0.65, 0.75);
    }
}

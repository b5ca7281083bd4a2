using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System;
using Composable.Data.Episodes;
using Composable.Evaluation;
using Composable.Interpretation;
using Composable.Data;
using Composable.Reporting.Watching;
using Composable.Tests.Generated;
using Composable.Tests.FewShot;
using Composable.Tests.Meta;
using Composable.Training;
using Google.Protobuf;
using TorchSharp;
using Xunit;

namespace Composable.Tests.Reporting;

/// <summary>Watching a fit: plain progress lines, a JSON-lines metrics log and TensorBoard event files, read back.</summary>
public sealed class WatchingTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "composable-watch-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void Plain_progress_names_the_step_the_task_losses_the_epochs_and_the_end()
    {
        var output = new StringWriter();
        using var data = SyntheticTasks.Generate(Shared.Spec, new SyntheticOptions(Examples: 64, Seed: 4));
        using var trainer = Shared.Trainer.Create(seed: 1);

        trainer.Fit(data, new FitOptions(BatchSize: 16, Steps: 6, Seed: 1) { Callbacks = [Watch.Progress(output, TimeSpan.Zero)] }, validation: data);

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.StartsWith("step 1/6 (17%) epoch 1 · loss ", lines[0]);
        Assert.Contains("(Price ", lines[0]);
        Assert.Contains(", Tags ", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("step 6/6 (100%) epoch 2", StringComparison.Ordinal) && l.Contains("validation loss", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("epoch 1: 4 steps, mean loss ", StringComparison.Ordinal));
        Assert.Equal("done: 6 steps in", string.Join(' ', lines[^1].Split(' ').Take(4)));
    }

    [Fact]
    public void Json_lines_hold_every_step_with_named_task_losses_every_epoch_with_validation_and_the_end()
    {
        var path = Path.Combine(_folder, "metrics.jsonl");
        using var data = SyntheticTasks.Generate(Shared.Spec, new SyntheticOptions(Examples: 64, Seed: 4));
        using var trainer = Shared.Trainer.Create(seed: 1);

        var result = trainer.Fit(data, new FitOptions(BatchSize: 16, Steps: 6, Seed: 1) { Callbacks = [Watch.JsonLines(path)] }, validation: data);

        var events = File.ReadAllLines(path).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal("start", events[0].GetProperty("event").GetString());
        Assert.Equal(["Price", "Churn", "Segment", "Tags"], events[0].GetProperty("tasks").EnumerateArray().Select(e => e.GetString()));
        var steps = events.Where(e => e.GetProperty("event").GetString() == "step").ToArray();
        Assert.Equal(Enumerable.Range(1, 6), steps.Select(s => s.GetProperty("step").GetInt32()));
        var firstTasks = steps[0].GetProperty("tasks");
        Assert.Equal(4, firstTasks.EnumerateObject().Count());
        var epochs = events.Where(e => e.GetProperty("event").GetString() == "epoch").ToArray();
        Assert.Equal(result.History.Count, epochs.Length);
        var validation = epochs[^1].GetProperty("validation");
        Assert.Equal(result.History[^1].Validation!.MeanLoss, validation.GetProperty("loss").GetDouble(), 12);
        Assert.True(validation.TryGetProperty("Churn/Accuracy", out _), validation.ToString());
        Assert.Equal(6, events[^1].GetProperty("steps").GetInt32());
    }

    [Fact]
    public void Json_lines_of_an_episodic_fit_list_each_episode_loss()
    {
        var path = Path.Combine(_folder, "episodes.jsonl");
        using var trainer = SecondOrderMaml.Trainer.Create(seed: 2);
        var family = new SinusoidFamily((FewShotRegression)SecondOrderMaml.Spec.Episodes);

        trainer.Fit(new EpisodeSource(family, MetaSplit.Train, Episodes: 8), new FitOptions(BatchSize: 4, Steps: 3) { Callbacks = [Watch.JsonLines(path)] });

        var steps = File.ReadAllLines(path).Select(l => JsonDocument.Parse(l).RootElement).Where(e => e.GetProperty("event").GetString() == "step").ToArray();
        Assert.Equal(3, steps.Length);
        Assert.All(steps, s => Assert.Equal(4, s.GetProperty("episodes").GetArrayLength()));
    }

    [Fact]
    public void An_adaptive_objective_logs_each_step_task_weights_to_json_lines_and_tensorboard()
    {
        var path = Path.Combine(_folder, "weights.jsonl");
        var logs = Path.Combine(_folder, "weights-runs");
        using var data = SyntheticTasks.Generate(UncertaintyShared.Spec, new SyntheticOptions(Examples: 64, Seed: 4));
        using var trainer = UncertaintyShared.Trainer.Create(seed: 1);
        var steps = new List<StepResult>();

        trainer.Fit(data, new FitOptions(BatchSize: 16, Steps: 4, Seed: 1)
        {
            Callbacks = [Watch.JsonLines(path), Watch.TensorBoard(logs), FitCallbacks.OnStep((step, _) => steps.Add(step))],
        });

        var logged = File.ReadAllLines(path).Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.GetProperty("event").GetString() == "step").ToArray();
        Assert.Equal(steps[3].TaskWeights![2], logged[3].GetProperty("weights").GetProperty("Churn").GetDouble(), 12);
        var scalars = EventFile.Scalars(Assert.Single(Directory.GetFiles(logs, "events.out.tfevents.*", SearchOption.AllDirectories)));
        Assert.Equal((float)steps[1].TaskWeights![0], scalars.Single(s => s.Tag == "weights/Price" && s.Step == 2).Value);
    }

    [Fact]
    public void TensorBoard_events_hold_each_step_loss_per_task_and_the_validation_figures()
    {
        var logs = Path.Combine(_folder, "runs");
        using var data = SyntheticTasks.Generate(Shared.Spec, new SyntheticOptions(Examples: 64, Seed: 4));
        using var trainer = Shared.Trainer.Create(seed: 1);
        var losses = new List<StepResult>();

        var result = trainer.Fit(data, new FitOptions(BatchSize: 16, Steps: 5, Seed: 1)
        {
            Callbacks = [Watch.TensorBoard(logs), FitCallbacks.OnStep((step, _) => losses.Add(step))],
        }, validation: data);

        var file = Assert.Single(Directory.GetFiles(logs, "events.out.tfevents.*", SearchOption.AllDirectories));
        var scalars = EventFile.Scalars(file);
        Assert.Equal(Enumerable.Range(1, 5).Select(i => (long)i), scalars.Where(s => s.Tag == "loss/total").Select(s => s.Step));
        Assert.Equal((float)losses[2].Total, scalars.Single(s => s.Tag == "loss/total" && s.Step == 3).Value);
        Assert.Equal((float)losses[4].TaskLosses[3], scalars.Single(s => s.Tag == "loss/Tags" && s.Step == 5).Value);
        Assert.Equal((float)result.History[^1].Validation!.MeanLoss, scalars.Last(s => s.Tag == "validation/loss").Value);
        Assert.Contains(scalars, s => s.Tag == "validation/Segment/MacroF1");
    }

    [Fact]
    public void A_mixture_reports_each_task_gate_weights_and_TensorBoard_gets_them_with_the_learning_rate_and_task_weights()
    {
        var logs = Path.Combine(_folder, "gates");
        using var data = SyntheticTasks.Generate(MultiGate.Spec, new SyntheticOptions(Examples: 64, Seed: 4));
        using var trainer = MultiGate.Trainer.Create(seed: 1);

        var result = trainer.Fit(data, new FitOptions(BatchSize: 16, Steps: 4, Seed: 1) { Callbacks = [Watch.TensorBoard(logs)] }, validation: data);

        var report = (EvaluationReport)result.History[^1].Validation!;
        Assert.Equal(MultiGate.Spec.Tasks.Select(t => t.Name), report.GateWeights.Select(g => g.Task));
        Assert.All(report.GateWeights, g =>
        {
            Assert.Equal(4, g.Weights.Count);
            Assert.Equal(1.0, g.Weights.Sum(), 5);
        });
        // The report's figure is the mean of the model's own gate weights over the task's rows.
        using (torch.no_grad())
        {
            trainer.Model.eval();
            var expected = trainer.Model.MeanGateWeights(data[0].Inputs)[0].data<float>().ToArray();
            Assert.Equal(expected.Select(w => (double)w), report.GateWeights[0].Weights, (a, b) => Math.Abs(a - b) < 1e-5);
        }
        var scalars = EventFile.Scalars(Assert.Single(Directory.GetFiles(logs, "events.out.tfevents.*", SearchOption.AllDirectories)));
        Assert.Equal((float)MultiGate.Spec.Optimizer.LearningRate, scalars.First(s => s.Tag == "optimiser/learning_rate").Value);
        Assert.Equal(MultiGate.Spec.Tasks.Select(t => (float)t.Weight), MultiGate.Spec.Tasks.Select(t => scalars.Single(s => s.Tag == $"weights/{t.Name}").Value));
        Assert.Equal((float)report.GateWeights[1].Weights[2], scalars.Last(s => s.Tag == $"validation/gates/{MultiGate.Spec.Tasks[1].Name}/expert_2").Value);
    }

    [Fact]
    public void Models_without_a_mixture_report_no_gate_weights_generated_or_interpreted()
    {
        using var data = SyntheticTasks.Generate(Shared.Spec, new SyntheticOptions(Examples: 32, Seed: 4));
        using var generated = Shared.Trainer.Create(seed: 1);
        using var interpreted = InterpretedTrainer.Create(Shared.Spec, seed: 1);

        Assert.Empty(generated.Evaluate(data).GateWeights);
        Assert.Empty(interpreted.Evaluate(data).GateWeights);
        using var mixtureData = SyntheticTasks.Generate(MultiGate.Spec, new SyntheticOptions(Examples: 32, Seed: 4));
        using var mixture = InterpretedTrainer.Create(MultiGate.Spec, seed: 1);
        Assert.Equal(MultiGate.Spec.Tasks.Count, mixture.Evaluate(mixtureData).GateWeights.Count);
    }

    [Fact]
    public void An_evaluation_over_episodes_reports_its_progress_to_the_source_watcher()
    {
        var few = new StringWriter();
        using (var prototypes = EuclideanPrototypes.Trainer.Create(seed: 1))
        {
            var family = SyntheticClasses.Family((FewShotClassification)EuclideanPrototypes.Spec.Episodes, classes: 20, perClass: 6, width: 32);
            prototypes.Evaluate(new EpisodeSource(family, MetaSplit.Test, Episodes: 5) { Progress = ConsoleProgress.Plain(few, TimeSpan.Zero) });
        }
        var meta = new StringWriter();
        using (var maml = SecondOrderMaml.Trainer.Create(seed: 2))
        {
            var family = new SinusoidFamily((FewShotRegression)SecondOrderMaml.Spec.Episodes);
            maml.Evaluate(new EpisodeSource(family, MetaSplit.Test, Episodes: 2 * maml.MetaBatch) { Progress = ConsoleProgress.Plain(meta, TimeSpan.Zero) });
        }

        var fewLines = few.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(Enumerable.Range(1, 5).Select(i => $"evaluated {i}/5 episodes"), fewLines.Select(l => string.Join(' ', l.Split(' ').Take(3))));
        Assert.StartsWith("evaluated 5/5 episodes (100%) · ", fewLines[^1]);
        var metaLines = meta.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(2, metaLines.Length);
        Assert.StartsWith($"evaluated {2 * SecondOrderMaml.Spec.Learner.MetaBatch}/", metaLines[^1]);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    /// <summary>
    /// Reads a TensorBoard event file independently of the writer: TFRecord framing (length, CRC, data, CRC) around
    /// <c>Event</c> protos (step = 2, summary = 5 → value = 1 → tag = 1, simple_value = 2).
    /// </summary>
    private static class EventFile
    {
        public static List<(long Step, string Tag, float Value)> Scalars(string path)
        {
            var scalars = new List<(long, string, float)>();
            using var stream = File.OpenRead(path);
            using var reader = new BinaryReader(stream);
            while (stream.Position < stream.Length)
            {
                var length = reader.ReadUInt64();
                reader.ReadUInt32();
                var data = reader.ReadBytes(checked((int)length));
                reader.ReadUInt32();
                ReadEvent(data, scalars);
            }
            return scalars;
        }

        private static void ReadEvent(byte[] data, List<(long, string, float)> scalars)
        {
            var input = new CodedInputStream(data);
            long step = 0;
            var values = new List<(string, float)>();
            for (uint tag; (tag = input.ReadTag()) != 0;)
            {
                switch (WireFormat.GetTagFieldNumber(tag))
                {
                    case 2: step = input.ReadInt64(); break;
                    case 5: ReadSummary(input.ReadBytes(), values); break;
                    default: input.SkipLastField(); break;
                }
            }
            scalars.AddRange(values.Select(v => (step, v.Item1, v.Item2)));
        }

        private static void ReadSummary(ByteString bytes, List<(string, float)> values)
        {
            var input = new CodedInputStream(bytes.ToByteArray());
            for (uint tag; (tag = input.ReadTag()) != 0;)
            {
                if (WireFormat.GetTagFieldNumber(tag) != 1) { input.SkipLastField(); continue; }
                var value = new CodedInputStream(input.ReadBytes().ToByteArray());
                string name = "";
                var scalar = float.NaN;
                for (uint field; (field = value.ReadTag()) != 0;)
                {
                    switch (WireFormat.GetTagFieldNumber(field))
                    {
                        case 1: name = value.ReadString(); break;
                        case 2: scalar = value.ReadFloat(); break;
                        default: value.SkipLastField(); break;
                    }
                }
                values.Add((name, scalar));
            }
        }
    }
}

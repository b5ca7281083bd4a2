using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using Composable.Training;

namespace Composable.Reporting.Watching;

/// <summary>
/// A fit as JSON lines, one object a line, appended to one file and flushed at each epoch end and at the end:
/// <c>{"event":"start","total_steps":…,"tasks":[…],"learning_rate":…,"task_weights":[…]}</c>, then per step
/// <c>{"event":"step","step":…,"epoch":…,"elapsed_s":…,"total":…,"tasks":{"Income":…}}</c> (a task not sampled is
/// <c>null</c>; episodic fits give <c>"episodes":[…]</c> instead), per epoch
/// <c>{"event":"epoch","epoch":…,"steps":…,"mean_loss":…,"validation":{"loss":…,"Income/accuracy":…}}</c>, and
/// <c>{"event":"end","steps":…,"stopped_early":…}</c> (or <c>"failed":true</c>). Non-finite numbers are written as
/// <c>null</c>, so every line is valid JSON.
/// </summary>
public sealed class MetricsLog : IFitCallback
{
    private readonly string _path;
    private IReadOnlyList<string> _taskNames = Array.Empty<string>();
    private StreamWriter? _out;

    /// <summary>Appends to <paramref name="path"/> (its folder is created when missing).</summary>
    public MetricsLog(string path)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new ArgumentException("A metrics log needs a file path.", nameof(path));
        _path = path;
    }

    /// <inheritdoc />
    public void OnFitStart(FitStart start)
    {
        _taskNames = start.TaskNames;
        if (Path.GetDirectoryName(Path.GetFullPath(_path)) is { } folder) Directory.CreateDirectory(folder);
        _out ??= new StreamWriter(_path, append: true, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        Line(w =>
        {
            w.WriteString("event", "start");
            w.WriteNumber("total_steps", start.TotalSteps);
            w.WriteStartArray("tasks");
            foreach (var name in start.TaskNames) w.WriteStringValue(name);
            w.WriteEndArray();
            if (start.LearningRate is { } rate) Number(w, "learning_rate", rate);
            if (start.TaskWeights is { } weights)
            {
                w.WriteStartArray("task_weights");
                foreach (var weight in weights) w.WriteNumberValue(weight);
                w.WriteEndArray();
            }
        });
    }

    /// <inheritdoc />
    public void OnStep(StepResult step, FitProgress progress) => Line(w =>
    {
        w.WriteString("event", "step");
        w.WriteNumber("step", progress.Step);
        w.WriteNumber("epoch", progress.Epoch);
        w.WriteNumber("elapsed_s", Math.Round(progress.Elapsed.TotalSeconds, 6));
        Number(w, "total", step.Total);
        if (_taskNames.Count == step.TaskLosses.Count)
        {
            w.WriteStartObject("tasks");
            for (var t = 0; t < _taskNames.Count; t++) Number(w, _taskNames[t], step.TaskLosses[t]);
            w.WriteEndObject();
            if (step.TaskWeights is { } weights && weights.Count == _taskNames.Count)
            {
                w.WriteStartObject("weights");
                for (var t = 0; t < _taskNames.Count; t++) Number(w, _taskNames[t], weights[t]);
                w.WriteEndObject();
            }
        }
        else
        {
            w.WriteStartArray("episodes");
            foreach (var loss in step.TaskLosses)
                if (double.IsFinite(loss)) w.WriteNumberValue(loss); else w.WriteNullValue();
            w.WriteEndArray();
        }
    });

    /// <inheritdoc />
    public FitDecision OnEpochEnd(EpochReport epoch)
    {
        Line(w =>
        {
            w.WriteString("event", "epoch");
            w.WriteNumber("epoch", epoch.Epoch);
            w.WriteNumber("steps", epoch.Steps);
            Number(w, "mean_loss", epoch.MeanLoss);
            if (epoch.Validation is { } validation)
            {
                w.WriteStartObject("validation");
                Number(w, "loss", validation.MeanLoss);
                foreach (var (name, value) in validation.Figures) Number(w, name, value);
                w.WriteEndObject();
            }
        });
        _out?.Flush();
        return FitDecision.Continue;
    }

    /// <inheritdoc />
    public void OnFitEnd(FitResult? result)
    {
        Line(w =>
        {
            w.WriteString("event", "end");
            if (result is null)
            {
                w.WriteBoolean("failed", true);
                return;
            }
            w.WriteNumber("steps", result.Steps);
            w.WriteBoolean("stopped_early", result.StoppedEarly);
        });
        _out?.Dispose();
        _out = null;
    }

    private void Line(Action<Utf8JsonWriter> body)
    {
        if (_out is null) return;
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }
        _out.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    private static void Number(Utf8JsonWriter writer, string name, double value)
    {
        if (double.IsFinite(value)) writer.WriteNumber(name, value);
        else writer.WriteNull(name);
    }
}

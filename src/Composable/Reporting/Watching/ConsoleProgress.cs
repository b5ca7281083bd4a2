using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using Composable.Training;
using Spectre.Console;

namespace Composable.Reporting.Watching;

/// <summary>
/// A fit's or an episodic evaluation's progress for a person: a live Spectre.Console progress bar on an interactive
/// terminal, or plain lines at a steady interval when the output is redirected or runs under CI. For a fit, each line
/// or bar description says the step, the loss (per task for a multi-task fit), the last validation loss, the rate and
/// the time left; for an evaluation (as the <see cref="EpisodeSource.Progress"/> of its source), the episodes done,
/// the rate and the time left.
/// </summary>
public sealed class ConsoleProgress : IFitCallback, IProgress<EvaluationProgress>
{
    private static readonly TimeSpan LiveInterval = TimeSpan.FromMilliseconds(200);
    private readonly TextWriter? _plain;
    private readonly TimeSpan _every;
    private IReadOnlyList<string> _taskNames = Array.Empty<string>();
    private long _total;
    private TimeSpan _lastPrinted = TimeSpan.MinValue;
    private string _validation = "";
    private LiveBar? _live;

    private ConsoleProgress(TextWriter? plain, TimeSpan every)
    {
        _plain = plain;
        _every = every;
    }

    /// <summary>Plain lines on <paramref name="output"/> at most every <paramref name="every"/> (and at the first and last step).</summary>
    public static ConsoleProgress Plain(TextWriter output, TimeSpan every) => new(output, every);

    /// <summary>A live bar on an interactive terminal; otherwise (redirected output, <c>CI</c> set) plain lines.</summary>
    public static ConsoleProgress ForEnvironment(TextWriter? plainOutput, TimeSpan every)
    {
        var live = plainOutput is null && !Console.IsOutputRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"))
                   && AnsiConsole.Profile.Capabilities.Interactive;
        return new ConsoleProgress(live ? null : plainOutput ?? Console.Out, every);
    }

    /// <inheritdoc />
    public void OnFitStart(FitStart start)
    {
        _taskNames = start.TaskNames;
        _total = start.TotalSteps;
        _lastPrinted = TimeSpan.MinValue;
        _validation = "";
        if (_plain is null) _live = LiveBar.Start(start.TotalSteps);
    }

    /// <inheritdoc />
    public void OnStep(StepResult step, FitProgress progress)
    {
        // The bar redraws itself; feeding it every step would make the fit wait on the renderer's lock.
        var interval = _live is null ? _every : LiveInterval;
        if (progress.Step != 1 && progress.Step != progress.TotalSteps && progress.Elapsed - _lastPrinted < interval) return;
        _lastPrinted = progress.Elapsed;
        var line = Describe(step, progress);
        if (_live is { } live) live.Update(progress.Step, line);
        else _plain!.WriteLine(line);
    }

    /// <inheritdoc />
    public FitDecision OnEpochEnd(EpochReport epoch)
    {
        if (epoch.Validation is { } validation) _validation = Invariant($" · validation loss {validation.MeanLoss:G5}");
        _plain?.WriteLine(Invariant($"epoch {epoch.Epoch}: {epoch.Steps} steps, mean loss {epoch.MeanLoss:G5}{_validation}"));
        return FitDecision.Continue;
    }

    /// <inheritdoc />
    public void OnFitEnd(FitResult? result)
    {
        _live?.Stop();
        _live = null;
        if (_plain is null) return;
        _plain.WriteLine(result is null
            ? "fit failed"
            : Invariant($"done: {result.Steps} steps in {result.Elapsed.TotalSeconds:F1} s{(result.StoppedEarly ? " (stopped early)" : "")}"));
    }

    /// <summary>An evaluation over episodes: a bar (or lines) from its first report to its last.</summary>
    public void Report(EvaluationProgress value)
    {
        if (_plain is null && _live is null && value.Done < value.Total)
        {
            _live = LiveBar.Start(value.Total);
            _lastPrinted = TimeSpan.MinValue;
        }
        var last = value.Done >= value.Total;
        var interval = _live is null ? _every : LiveInterval;
        if (!last && _lastPrinted != TimeSpan.MinValue && value.Elapsed - _lastPrinted < interval) return;
        _lastPrinted = last ? TimeSpan.MinValue : value.Elapsed;
        var rate = value.Elapsed.TotalSeconds > 0 ? value.Done / value.Elapsed.TotalSeconds : 0;
        var left = rate > 0 ? TimeSpan.FromSeconds((value.Total - value.Done) / rate) : TimeSpan.Zero;
        var line = Invariant($"evaluated {value.Done}/{value.Total} episodes ({value.Fraction * 100:F0}%) · {rate:F1} episodes/s · {left:hh\\:mm\\:ss} left");
        if (_live is { } live)
        {
            live.Update(value.Done, line);
            if (!last) return;
            live.Stop();
            _live = null;
        }
        else
        {
            _plain?.WriteLine(line);
        }
    }

    private string Describe(StepResult step, FitProgress progress)
    {
        var rate = progress.Elapsed.TotalSeconds > 0 ? progress.Step / progress.Elapsed.TotalSeconds : 0;
        var left = rate > 0 ? TimeSpan.FromSeconds((progress.TotalSteps - progress.Step) / rate) : TimeSpan.Zero;
        var tasks = _taskNames.Count == step.TaskLosses.Count && _taskNames.Count > 1
            ? " (" + string.Join(", ", _taskNames.Select((name, t) => double.IsNaN(step.TaskLosses[t]) ? $"{name} –" : Invariant($"{name} {step.TaskLosses[t]:G4}"))) + ")"
            : "";
        return Invariant($"step {progress.Step}/{progress.TotalSteps} ({progress.Fraction * 100:F0}%) epoch {progress.Epoch} · loss {step.Total:G5}{tasks}{_validation} · {rate:F1} steps/s · {left:hh\\:mm\\:ss} left");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>A Spectre.Console progress bar on its own thread, updated from the fit's thread.</summary>
    private sealed class LiveBar
    {
        private readonly ManualResetEventSlim _ready = new();
        private readonly ManualResetEventSlim _done = new();
        private Thread? _thread;
        private ProgressTask? _task;

        public static LiveBar Start(long total)
        {
            var bar = new LiveBar();
            bar._thread = new Thread(() => AnsiConsole.Progress()
                .AutoClear(false)
                .Columns(new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new TaskDescriptionColumn { Alignment = Justify.Left })
                .Start(context =>
                {
                    bar._task = context.AddTask("starting", maxValue: Math.Max(1, total));
                    bar._ready.Set();
                    bar._done.Wait();
                    context.Refresh();
                })) { IsBackground = true, Name = "Composable progress" };
            bar._thread.Start();
            bar._ready.Wait();
            return bar;
        }

        public void Update(long step, string description)
        {
            _task!.Value = step;
            _task.Description = Markup.Escape(description);
        }

        public void Stop()
        {
            _done.Set();
            _thread?.Join();
        }
    }
}

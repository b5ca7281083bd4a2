using System;
using System.IO;
using Composable.Training;

namespace Composable.Reporting.Watching;

/// <summary>
/// Ways to watch a fit, each a callback added with one line to <see cref="FitOptions.Callbacks"/>, for multi-task and
/// episodic fits alike:
/// <code>
/// trainer.Fit(train, new FitOptions(Epochs: 20) { Callbacks = [Watch.Progress(), Watch.TensorBoard("runs/census"), Watch.JsonLines("runs/census.jsonl")] });
/// </code>
/// </summary>
public static class Watch
{
    /// <summary>
    /// Live progress on a terminal (step, loss per task, last validation, rate, time left); plain lines on
    /// <paramref name="plainOutput"/> (standard output when null) every <paramref name="every"/> (10 s when null) when
    /// the output is redirected or the variable <c>CI</c> is set. The same object watches an evaluation over episodes
    /// as its source's progress: <c>trainer.Evaluate(source with { Progress = Watch.Progress() })</c>.
    /// </summary>
    public static ConsoleProgress Progress(TextWriter? plainOutput = null, TimeSpan? every = null) =>
        ConsoleProgress.ForEnvironment(plainOutput, every ?? TimeSpan.FromSeconds(10));

    /// <summary>
    /// TensorBoard event files in <paramref name="logDirectory"/> (TorchSharp's <c>SummaryWriter</c>): the total and each
    /// task's loss every step, the epoch's mean loss and every validation figure at each epoch end.
    /// </summary>
    public static IFitCallback TensorBoard(string logDirectory) => new TensorBoardLog(logDirectory);

    /// <summary>One JSON object a line in <paramref name="path"/>: one per step and one per epoch (see <see cref="MetricsLog"/>).</summary>
    public static IFitCallback JsonLines(string path) => new MetricsLog(path);
}

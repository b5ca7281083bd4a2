using System.IO;
using System.Linq;
using Composable.Training;
using MultiTaskTour.Running;
using Xunit;

namespace Composable.Examples.Tests;

/// <summary>Progress redraws one line on a terminal and writes plain lines to a log.</summary>
public sealed class ProgressLineTests
{
    [Fact]
    public void Updating_style_redraws_in_place_and_ends_the_line_at_the_last_step()
    {
        var output = new StringWriter();
        Drive(new ProgressLine(output, "HardSharing", ProgressStyle.Updating), steps: 40);

        var text = output.ToString();
        Assert.StartsWith("\r  HardSharing", text);
        Assert.EndsWith(output.NewLine, text);
        Assert.Single(text.Split(output.NewLine), line => line.Length > 0);
        Assert.Contains("[####################]     40/40 steps (100%)", text);
    }

    [Fact]
    public void Lines_style_writes_a_line_per_quarter_without_carriage_returns()
    {
        var output = new StringWriter();
        Drive(new ProgressLine(output, "FiLM", ProgressStyle.Lines), steps: 40);

        var lines = output.ToString().Split(output.NewLine).Where(l => l.Length > 0).ToArray();
        Assert.Equal(4, lines.Length);
        Assert.All(lines, line => Assert.StartsWith("  FiLM ", line));
        Assert.Contains("(100%)", lines[^1]);
        Assert.DoesNotContain('\r', output.ToString());
    }

    private static void Drive(IFitCallback callback, int steps)
    {
        for (var step = 1; step <= steps; step++)
            callback.OnStep(new StepResult(step, 1.0 / step, [1.0 / step]), new FitProgress(step, steps, 1 + step / 10, System.TimeSpan.FromMilliseconds(step)));
    }
}

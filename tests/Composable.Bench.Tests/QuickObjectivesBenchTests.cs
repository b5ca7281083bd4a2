using System;
using System.IO;
using System.Linq;
using Composable.Bench.Objectives;
using Composable.Bench.Peers;
using Xunit;

namespace Composable.Bench.Tests;

/// <summary>
/// The gradient-combination benchmark's quick setting: every method's generated trainer and, where python3-torch is
/// installed, every method's LibMTL-style PyTorch peer start from the same loss, train, and appear in the per-method
/// summary with finite positive figures.
/// </summary>
public sealed class QuickObjectivesBenchTests
{
    [Fact]
    public void Quick_objectives_run_summarises_every_method_with_finite_positive_figures_on_both_sides_or_names_the_missing_peer()
    {
        var options = BenchCommandLine.Parse(["--model", "objectives", "--quick", "--rounds", "2", "--threads", "1"], TextWriter.Null, TextWriter.Null).Options!;

        var report = BenchmarkRun.Execute(options, new StringWriter());

        var first = report.Contenders[0];
        Assert.All(report.Contenders, c =>
        {
            Assert.Equal(2, c.RoundStepsPerSecond.Count);
            // Same seed, same data, every task weighted 1: the same model and the same loss before the first step.
            Assert.Equal(first.InitialLoss, c.InitialLoss, 4);
            Assert.True(double.IsFinite(c.FinalLoss) && c.FinalLoss < 0.97 * c.InitialLoss, $"{c.Name}: loss {c.InitialLoss} -> {c.FinalLoss}");
        });
        var rows = ObjectiveSummary.From(report);
        Assert.Equal(["EW", "PCGrad", "MGDA-UB", "CAGrad", "Nash-MTL"], rows.Select(r => r.Method).ToArray());
        Assert.All(rows, r => Assert.True(IsFinitePositive(r.GeneratedStepsPerSecond) && IsFinitePositive(r.GeneratedCost), $"{r.Method}: {r}"));
        Assert.Equal(1.0, rows[0].GeneratedCost);
        Assert.All(rows.Skip(1), r => Assert.Equal(ObjectiveContenders.GradientMethodTarget, r.Target));
        var text = new StringWriter();
        ObjectiveSummary.Write(report, text);
        Assert.All(rows, r => Assert.Contains(r.Method, text.ToString(), StringComparison.Ordinal));
        if (report.PyTorch is null)
        {
            Assert.Contains(PyTorchPeer.InstallHint, report.PyTorchSkipped, StringComparison.Ordinal);
            Assert.All(rows, r => Assert.Null(r.Ratio));
            return;
        }
        Assert.All(rows, r => Assert.True(
            IsFinitePositive(r.PyTorchStepsPerSecond) && IsFinitePositive(r.Ratio) && IsFinitePositive(r.RoundMedianRatio) && IsFinitePositive(r.PyTorchCost),
            $"{r.Method}: {r}"));
        Assert.All(report.Ratios, r => Assert.NotNull(r.Ratio));
        // Each peer also runs with multi-tensor Adam, the .NET side's FlatAdam's closest form.
        Assert.All(ObjectiveContenders.Methods, m => Assert.Contains(report.Contenders, c => c.Name == m.PyTorch + PeerForms.ForeachSuffix));
    }

    [Fact]
    public void Objectives_model_uses_fewer_steps_per_round_unless_told()
    {
        var defaults = BenchCommandLine.Parse(["--model", "objectives"], TextWriter.Null, TextWriter.Null).Options!;
        Assert.Equal((BenchOptions.ObjectivesStepsPerRound, BenchOptions.ObjectivesWarmupSteps), (defaults.StepsPerRound, defaults.WarmupSteps));
        var quick = BenchCommandLine.Parse(["--model", "objectives", "--quick"], TextWriter.Null, TextWriter.Null).Options!;
        Assert.Equal((BenchOptions.ObjectivesQuickStepsPerRound, BenchOptions.ObjectivesQuickWarmupSteps), (quick.StepsPerRound, quick.WarmupSteps));
    }

    private static bool IsFinitePositive(double? value) => value is { } v && double.IsFinite(v) && v > 0;
}

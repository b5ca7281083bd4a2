using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Composable.Examples.ObjectiveToy;
using Xunit;

namespace ObjectiveToy.Tests;

/// <summary>The toy's --quick run end to end, and what it must show at that budget.</summary>
public sealed class QuickRunTests
{
    private static readonly ReachCriterion Criterion = new(new ToyOptions().Tolerance, new ToyOptions().Distance, ParetoSet.Compute());

    [Fact]
    public void Quick_run_writes_every_method_and_start_of_both_settings_to_the_json_and_a_png_per_setting()
    {
        var folder = Directory.CreateTempSubdirectory("objective-toy-");
        try
        {
            var json = Path.Combine(folder.FullName, "toy.json");
            var output = new StringWriter();

            Assert.Equal(0, Cli.Run(["--quick", "--out", json], output, TextWriter.Null));

            var result = JsonSerializer.Deserialize<ToyStudyResult>(File.ReadAllText(json), Report.JsonOptions)!;
            foreach (var problem in ToyProblem.All)
            {
                var runs = result.Runs.Where(r => r.Problem == problem.Name).ToArray();
                Assert.Equal(
                    ToyMethod.Names.SelectMany(m => problem.Starts.Select(s => (m, s))).ToArray(),
                    runs.Select(r => (r.Method, r.Start)).ToArray());
                Assert.All(runs, r => Assert.Equal(ToyCommandLine.QuickSteps, r.Steps));
                Assert.All(runs, r => Assert.Equal(r.Start, r.Trajectory[0]));
                Assert.All(runs, r => Assert.Equal(r.End, r.Trajectory[^1]));
                Assert.True(new FileInfo(TrajectoryPlot.PathBeside(json, problem.Name)).Length > 20_000);
                Assert.Contains(problem.Source, output.ToString());
            }
            Assert.NotEmpty(result.ParetoSet);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("MGDA")]
    [InlineData("CAGrad")]
    [InlineData("Nash-MTL")]
    public void Conflict_averse_methods_end_on_the_Pareto_set_from_below_within_the_quick_budget(string method)
    {
        var run = QuickRun(ToyProblem.CAGrad, method, new PlaneVector(-8.5, -5));

        Assert.True(run.Stationary, $"{method} ends at {run.End} with residual {run.Residual:G3}");
        Assert.True(run.OnParetoSet, $"{method} ends {run.DistanceToParetoSet:G3} from the Pareto set");
        Assert.InRange(run.FirstReachedStep!.Value, 1, ToyCommandLine.QuickSteps);
    }

    [Theory]
    [InlineData(-8.5, 7.5, 1)]
    [InlineData(9.0, 9.0, -1)]
    public void Equal_weighting_from_an_upper_start_falls_into_the_valley_of_a_logarithm_far_from_the_set(double x1, double x2, int side)
    {
        var run = QuickRun(ToyProblem.CAGrad, "EW", new PlaneVector(x1, x2));

        // The valley of f1's log piece is u1 = −θ₁/2 − 7/2 + tanh θ₂ = 0 (θ₁ near −5), f2's is u2 = −θ₁/2 + 7/2 − tanh θ₂ = 0 (θ₁ near 5).
        var u = -0.5 * run.End.X - side * (3.5 - Math.Tanh(run.End.Y));
        Assert.InRange(Math.Abs(u), 0, 0.05);
        Assert.True(run.End.Y > 2, $"EW ends at {run.End}");
        Assert.False(run.OnParetoSet);
        Assert.Null(run.FirstReachedStep);
    }

    [Fact]
    public void A_run_is_a_function_of_its_seed()
    {
        var first = QuickRun(ToyProblem.NashMtl, "PCGrad", new PlaneVector(9, -1));
        var again = QuickRun(ToyProblem.NashMtl, "PCGrad", new PlaneVector(9, -1));

        Assert.Equal(first.End, again.End);
        Assert.Equal(first.Trajectory, again.Trajectory);
    }

    private static ToyRunResult QuickRun(ToyProblem problem, string method, PlaneVector start) =>
        ToyRun.Run(problem, ToyStudy.Method(method), start, ToyCommandLine.QuickSteps, 0, Criterion);
}

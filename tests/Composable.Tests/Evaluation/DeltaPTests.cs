using System;
using System.Linq;
using Composable.Evaluation;
using Xunit;

namespace Composable.Tests.Evaluation;

public class DeltaPTests
{
    /// <summary>A report of a regression task Demand and a binary task Churn with the given metric values.</summary>
    private static EvaluationReport Report(
        double mse, double accuracy, double mae = 0.25, double rSquared = 0.5, double auc = 0.9, double logLoss = 0.4) =>
        new(
        [
            new TaskEvaluation("Demand", 100, mse,
                [new(Metric.MeanSquaredError, mse), new(Metric.MeanAbsoluteError, mae), new(Metric.RSquared, rSquared)]),
            new TaskEvaluation("Churn", 100, logLoss,
                [new(Metric.Accuracy, accuracy), new(Metric.AreaUnderRoc, auc), new(Metric.LogLoss, logLoss)]),
        ]);

    private static readonly EvaluationReport Baseline = Report(mse: 0.10, accuracy: 0.80);

    [Fact]
    public void Headline_delta_p_matches_a_hand_computation_with_a_lower_and_a_higher_is_better_metric()
    {
        // MSE 0.10 → 0.08 is 20 % better (lower is better); accuracy 0.80 → 0.76 is 5 % worse. Mean: +7.5 %.
        var result = DeltaP.Compute(Report(mse: 0.08, accuracy: 0.76), Baseline);

        Assert.Equal(7.5, result.Percent, 12);
        Assert.Equal([("Demand", Metric.MeanSquaredError), ("Churn", Metric.Accuracy)], result.Terms.Select(t => (t.Task, t.Metric)));
        Assert.Equal(20, result["Demand"].Single().Percent, 12);
        Assert.Equal(-5, result["Churn"].Single().Percent, 12);
        Assert.Equal(0.08, result["Demand"].Single().Value);
        Assert.Equal(0.10, result["Demand"].Single().Baseline);
    }

    [Fact]
    public void Every_metric_delta_p_averages_all_six_terms()
    {
        // Demand: MSE +20, MAE 0.25 → 0.30 −20, R² 0.5 → 0.6 +20; Churn: accuracy −5, AUC 0.9 → 0.99 +10, log loss 0.4 → 0.3 +25.
        var model = Report(mse: 0.08, accuracy: 0.76, mae: 0.30, rSquared: 0.6, auc: 0.99, logLoss: 0.3);

        var result = DeltaP.Compute(model, Baseline, DeltaPMetrics.All);

        Assert.Equal([20, -20, 20, -5, 10, 25], result.Terms.Select(t => Math.Round(t.Percent, 9)));
        Assert.Equal(50.0 / 6, result.Percent, 12);
    }

    [Theory]
    [InlineData(DeltaPMetrics.Headline)]
    [InlineData(DeltaPMetrics.All)]
    public void A_report_against_itself_is_zero(DeltaPMetrics metrics)
    {
        var result = DeltaP.Compute(Baseline, Baseline, metrics);

        Assert.Equal(0, result.Percent);
        Assert.All(result.Terms, t => Assert.Equal(0, t.Percent));
    }

    [Fact]
    public void Swapping_model_and_baseline_flips_the_sign_of_every_term_and_of_the_mean()
    {
        var better = Report(mse: 0.05, accuracy: 0.85);

        var forward = DeltaP.Compute(better, Baseline, DeltaPMetrics.All);
        var backward = DeltaP.Compute(Baseline, better, DeltaPMetrics.All);

        Assert.True(forward.Percent > 0, $"{forward.Percent}");
        Assert.True(backward.Percent < 0, $"{backward.Percent}");
        Assert.Equal(
            forward.Terms.Select(t => Math.Sign(t.Percent)),
            backward.Terms.Select(t => -Math.Sign(t.Percent)));
    }

    [Fact]
    public void A_negative_baseline_keeps_positive_meaning_better()
    {
        // R² −0.5 → −0.25 is better: +50 %, not the −50 % a signed division would give.
        var result = DeltaP.Compute(Report(0.1, 0.8, rSquared: -0.25), Report(0.1, 0.8, rSquared: -0.5), DeltaPMetrics.All);

        Assert.Equal(50, result.Terms.Single(t => t.Metric == Metric.RSquared).Percent, 12);
    }

    [Fact]
    public void Several_runs_per_side_are_averaged_before_the_comparison()
    {
        // Means: model MSE 0.08, accuracy 0.76; baseline MSE 0.10, accuracy 0.80 → +7.5 %, as the hand computation
        // above. The mean of the per-run Δp would be −2.5 %.
        var models = new[] { Report(mse: 0.07, accuracy: 0.74), Report(mse: 0.09, accuracy: 0.78) };
        var baselines = new[] { Report(mse: 0.05, accuracy: 0.80), Report(mse: 0.15, accuracy: 0.80) };

        var result = DeltaP.Compute(models, baselines);

        Assert.Equal(7.5, result.Percent, 12);
        Assert.Equal(0.08, result["Demand"].Single().Value, 12);
        Assert.Equal(0.10, result["Demand"].Single().Baseline, 12);
    }

    [Fact]
    public void Terms_follow_the_baseline_task_order_whatever_the_model_order()
    {
        var model = new EvaluationReport(Report(mse: 0.08, accuracy: 0.76).Tasks.Reverse().ToArray());

        var result = DeltaP.Compute(model, Baseline);

        Assert.Equal(["Demand", "Churn"], result.Terms.Select(t => t.Task));
        Assert.Equal(7.5, result.Percent, 12);
    }

    [Fact]
    public void Different_tasks_are_rejected_naming_the_missing_and_the_extra_task()
    {
        var renamed = new EvaluationReport([Baseline.Tasks[0], Baseline.Tasks[1] with { Task = "Segment" }]);

        var error = Assert.Throws<ArgumentException>(() => DeltaP.Compute(renamed, Baseline));

        Assert.Contains("missing from the model: 'Churn'", error.Message);
        Assert.Contains("only in the model: 'Segment'", error.Message);
    }

    [Fact]
    public void A_missing_metric_is_rejected_naming_task_and_metric()
    {
        var model = new EvaluationReport([Baseline.Tasks[0] with { Metrics = Baseline.Tasks[0].Metrics.Take(2).ToArray() }, Baseline.Tasks[1]]);

        var error = Assert.Throws<ArgumentException>(() => DeltaP.Compute(model, Baseline, DeltaPMetrics.All));

        Assert.Contains("Task 'Demand'", error.Message);
        Assert.Contains("reports RSquared but the model does not", error.Message);
        Assert.Equal(0, DeltaP.Compute(model, Baseline).Percent); // the headline is still there
    }

    [Fact]
    public void A_metric_only_the_model_reports_is_rejected_when_every_metric_counts()
    {
        var baseline = new EvaluationReport([Baseline.Tasks[0], Baseline.Tasks[1] with { Metrics = Baseline.Tasks[1].Metrics.Take(1).ToArray() }]);

        var error = Assert.Throws<ArgumentException>(() => DeltaP.Compute(Baseline, baseline, DeltaPMetrics.All));

        Assert.Contains("Task 'Churn': the model reports AreaUnderRoc, LogLoss but the baseline does not", error.Message);
    }

    [Fact]
    public void A_zero_baseline_value_is_rejected_naming_task_and_metric()
    {
        var error = Assert.Throws<ArgumentException>(() => DeltaP.Compute(Baseline, Report(mse: 0, accuracy: 0.8)));

        Assert.Contains("Task 'Demand': the baseline's MeanSquaredError is 0", error.Message);
        Assert.Equal("baseline", error.ParamName);
    }

    [Fact]
    public void A_NaN_value_is_rejected_naming_task_metric_and_side()
    {
        var model = Assert.Throws<ArgumentException>(() => DeltaP.Compute(Report(0.1, 0.8, auc: double.NaN), Baseline, DeltaPMetrics.All));
        var baseline = Assert.Throws<ArgumentException>(() => DeltaP.Compute(Baseline, Report(0.1, 0.8, auc: double.NaN), DeltaPMetrics.All));

        Assert.Contains("Task 'Churn': the model's AreaUnderRoc is NaN", model.Message);
        Assert.Contains("Task 'Churn': the baseline's AreaUnderRoc is NaN", baseline.Message);
        Assert.Equal(0, DeltaP.Compute(Report(0.1, 0.8, auc: double.NaN), Baseline).Percent); // AUC is no headline
    }

    [Fact]
    public void Runs_that_differ_are_rejected_naming_the_run_and_task()
    {
        var other = new EvaluationReport([Baseline.Tasks[0]]);
        var fewer = new EvaluationReport([Baseline.Tasks[0], Baseline.Tasks[1] with { Metrics = Baseline.Tasks[1].Metrics.Take(2).ToArray() }]);

        var tasks = Assert.Throws<ArgumentException>(() => DeltaP.Compute([Baseline, other], [Baseline]));
        var metrics = Assert.Throws<ArgumentException>(() => DeltaP.Compute([Baseline], [Baseline, fewer]));
        var none = Assert.Throws<ArgumentException>(() => DeltaP.Compute([], [Baseline]));

        Assert.Contains("missing from run 1: 'Churn'", tasks.Message);
        Assert.Equal("models", tasks.ParamName);
        Assert.Contains("Task 'Churn' reports Accuracy, AreaUnderRoc in run 1", metrics.Message);
        Assert.Equal("baselines", metrics.ParamName);
        Assert.Equal("models", none.ParamName);
    }
}

using System;
using System.Linq;
using Composable.Evaluation;
using Xunit;
using static TorchSharp.torch;

namespace Composable.Tests.Evaluation;

public class MetricsTests
{
    private static Tensor Matrix(float[,] values) => tensor(values);

    private static Tensor Column(params float[] values) => tensor(values).reshape(-1, 1);

    private static double Value(Target target, Tensor outputs, Tensor targets, Metric metric) =>
        Metrics.Compute(target, outputs, targets).Single(m => m.Metric == metric).Value;

    [Fact]
    public void Every_target_kind_returns_exactly_its_declared_metrics_in_order()
    {
        using var scope = NewDisposeScope();
        Assert.Equal(new Regression(2).Metrics, Metrics.Compute(new Regression(2), zeros(3, 2), ones(3, 2)).Select(m => m.Metric));
        Assert.Equal(new Binary().Metrics, Metrics.Compute(new Binary(), zeros(2, 1), Column(0, 1)).Select(m => m.Metric));
        Assert.Equal(new MultiClass(3).Metrics,
            Metrics.Compute(new MultiClass(3), zeros(2, 3), tensor(new long[] { 0, 2 })).Select(m => m.Metric));
        Assert.Equal(new MultiLabel(2).Metrics, Metrics.Compute(new MultiLabel(2), zeros(2, 2), ones(2, 2)).Select(m => m.Metric));
    }

    [Fact]
    public void Regression_errors_and_R_squared_match_a_hand_computation()
    {
        using var scope = NewDisposeScope();
        var targets = Column(1, 2, 3, 5);
        var outputs = Column(1, 2, 4, 4);

        var metrics = Metrics.Compute(new Regression(), outputs, targets).ToDictionary(m => m.Metric, m => m.Value);

        Assert.Equal(0.5, metrics[Metric.MeanSquaredError], 12);
        Assert.Equal(0.5, metrics[Metric.MeanAbsoluteError], 12);
        Assert.Equal(1 - 2 / 8.75, metrics[Metric.RSquared], 12); // SS_res 2, SS_tot 8.75
    }

    [Fact]
    public void R_squared_is_one_for_perfect_and_zero_for_mean_prediction_averaged_over_outputs()
    {
        using var scope = NewDisposeScope();
        var targets = Matrix(new float[,] { { 1, 10 }, { 2, 20 }, { 6, 60 } });
        var perfectThenMean = Matrix(new float[,] { { 1, 30 }, { 2, 30 }, { 6, 30 } });

        Assert.Equal(1.0, Value(new Regression(2), targets, targets, Metric.RSquared), 12);
        Assert.Equal(0.0, Value(new Regression(1), Column(3, 3, 3), Column(1, 2, 6), Metric.RSquared), 12);
        Assert.Equal(0.5, Value(new Regression(2), perfectThenMean, targets, Metric.RSquared), 12);
    }

    [Fact]
    public void Binary_accuracy_and_AUC_of_a_known_ranking()
    {
        using var scope = NewDisposeScope();
        var logits = Column(-2f, 0.5f, -0.5f, 2f);
        var labels = Column(0, 0, 1, 1);

        var metrics = Metrics.Compute(new Binary(), logits, labels).ToDictionary(m => m.Metric, m => m.Value);

        Assert.Equal(0.75, metrics[Metric.AreaUnderRoc], 12);
        Assert.Equal(0.5, metrics[Metric.Accuracy], 12);
    }

    [Fact]
    public void AUC_counts_tied_scores_as_one_half()
    {
        using var scope = NewDisposeScope();
        Assert.Equal(0.875, Value(new Binary(), Column(1, 2, 2, 3), Column(0, 1, 0, 1), Metric.AreaUnderRoc), 12);
        Assert.Equal(0.5, Value(new Binary(), Column(4, 4, 4), Column(0, 1, 1), Metric.AreaUnderRoc), 12);
        Assert.True(double.IsNaN(Value(new Binary(), Column(1, 2), Column(1, 1), Metric.AreaUnderRoc)));
    }

    [Fact]
    public void Binary_log_loss_is_computed_from_logits_without_overflow()
    {
        using var scope = NewDisposeScope();
        Assert.Equal(Math.Log(2), Value(new Binary(), Column(0, 0), Column(0, 1), Metric.LogLoss), 12);
        Assert.Equal(1000, Value(new Binary(), Column(1000, -1000), Column(0, 1), Metric.LogLoss), 9);
        Assert.Equal(0, Value(new Binary(), Column(1000, -1000), Column(1, 0), Metric.LogLoss), 12);
    }

    [Fact]
    public void MultiClass_accuracy_and_macro_F1_match_a_hand_computed_confusion()
    {
        using var scope = NewDisposeScope();
        // Truth 0 0 1 1 2 2, predicted 0 1 1 1 2 0:
        // class 0: tp 1, predicted 2, actual 2 → F1 2/4; class 1: tp 2, 3, 2 → 4/5; class 2: tp 1, 1, 2 → 2/3.
        var labels = tensor(new long[] { 0, 0, 1, 1, 2, 2 });
        var predicted = new[] { 0, 1, 1, 1, 2, 0 };
        var logits = Matrix(new float[6, 4]);
        for (var i = 0; i < 6; i++) logits[i, predicted[i]] = tensor(5f);
        var expectedMacro = (0.5 + 0.8 + 2 / 3.0) / 3;

        var metrics = Metrics.Compute(new MultiClass(4), logits, labels).ToDictionary(m => m.Metric, m => m.Value);

        Assert.Equal(4 / 6.0, metrics[Metric.Accuracy], 12);
        Assert.Equal(expectedMacro, metrics[Metric.MacroF1], 12); // class 3 occurs nowhere: left out, as scikit-learn
    }

    [Fact]
    public void MultiClass_log_loss_uses_log_softmax()
    {
        using var scope = NewDisposeScope();
        var labels = tensor(new long[] { 0, 2 });

        Assert.Equal(Math.Log(3), Value(new MultiClass(3), zeros(2, 3), labels, Metric.LogLoss), 12);
        var confident = Matrix(new float[,] { { 800, 0, 0 }, { 0, 0, 800 } });
        Assert.Equal(0, Value(new MultiClass(3), confident, labels, Metric.LogLoss), 12);
    }

    [Fact]
    public void MultiLabel_metrics_threshold_logits_at_zero()
    {
        using var scope = NewDisposeScope();
        var targets = Matrix(new float[,] { { 1, 0, 1 }, { 0, 1, 0 }, { 0, 0, 0 } });
        var logits = Matrix(new float[,] { { 2, -1, -3 }, { 1, 3, -2 }, { -1, -1, -1 } });
        // Decisions 100 / 110 / 000: tp 2, fp 1, fn 1; 7 of 9 decisions right; only the last row all right.

        var metrics = Metrics.Compute(new MultiLabel(3), logits, targets).ToDictionary(m => m.Metric, m => m.Value);

        Assert.Equal(4 / 6.0, metrics[Metric.MicroF1], 12);
        Assert.Equal(7 / 9.0, metrics[Metric.HammingAccuracy], 12);
        Assert.Equal(1 / 3.0, metrics[Metric.SubsetAccuracy], 12);
    }

    [Fact]
    public void Metrics_leave_no_tensors_behind_and_ignore_gradients()
    {
        using var scope = NewDisposeScope();
        var outputs = randn(50, 3).requires_grad_();
        var labels = randint(0, 3, [50]);
        var flags = rand(50, 3).gt(0.5).to_type(ScalarType.Float32);
        var before = scope.DisposablesCount;

        var multiClass = Metrics.Compute(new MultiClass(3), outputs, labels);
        var multiLabel = Metrics.Compute(new MultiLabel(3), outputs, flags);
        var regression = Metrics.Compute(new Regression(3), outputs, flags);

        Assert.Equal(before, scope.DisposablesCount);
        Assert.All(multiClass.Concat(multiLabel).Concat(regression), m => Assert.True(double.IsFinite(m.Value)));
    }

    [Fact]
    public void Shapes_that_do_not_fit_the_target_are_rejected_with_the_expected_layout()
    {
        using var scope = NewDisposeScope();
        var error = Assert.Throws<ArgumentException>(() => Metrics.Compute(new MultiClass(3), zeros(4, 2), zeros(4, dtype: ScalarType.Int64)));
        Assert.Contains("expected floating point [N, 3] for MultiClass with 3 classes, int64", error.Message);
        Assert.Throws<ArgumentException>(() => Metrics.Compute(new Binary(), zeros(4, 1), zeros(3, 1)));
        Assert.Throws<ArgumentException>(() => Metrics.Compute(new MultiClass(3), zeros(2, 3), tensor(new long[] { 0, 3 })));
    }

    [Fact]
    public void Errors_and_losses_are_lower_is_better_and_the_rest_higher()
    {
        var lower = new[] { Metric.MeanSquaredError, Metric.MeanAbsoluteError, Metric.LogLoss };
        foreach (var metric in Enum.GetValues<Metric>())
            Assert.Equal(!lower.Contains(metric), Metrics.HigherIsBetter(metric));
    }
}

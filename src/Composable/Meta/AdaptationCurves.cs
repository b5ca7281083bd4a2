namespace Composable.Meta;

/// <summary>Query figures of every episode after 0, 1, …, <c>steps</c> test-time adaptation steps, as [episode][step].</summary>
/// <param name="Losses">Query loss per episode and step.</param>
/// <param name="Accuracies">Query accuracy per episode and step, for classification episodes; null for regression.</param>
public sealed record AdaptationCurves(double[][] Losses, double[][]? Accuracies);

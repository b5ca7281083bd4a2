using static TorchSharp.torch;

namespace Composable.Bench.HandWritten;

/// <summary>The benchmark objective, shared by every .NET contender so that they differ only in the model.</summary>
internal static class HardSharingLoss
{
    public const double IncomeWeight = 1.0;
    public const double MaritalWeight = 0.5;
    public const double AgeWeight = 1.0;

    /// <summary>1.0·BCE-with-logits(income) + 0.5·BCE-with-logits(marital) + 1.0·MSE(age).</summary>
    public static Tensor Weighted(Tensor income, Tensor marital, Tensor age, HardSharingBatch batch) =>
        nn.functional.binary_cross_entropy_with_logits(income, batch.Income).mul(IncomeWeight)
            .add(nn.functional.binary_cross_entropy_with_logits(marital, batch.Marital).mul(MaritalWeight))
            .add(nn.functional.mse_loss(age, batch.Age).mul(AgeWeight));
}

namespace Composable.Meta;

/// <summary>What normalises each convolution's output in a <see cref="ConvStack"/>, before pooling and the ReLU.</summary>
public enum ConvNormalization
{
    /// <summary>
    /// Batch norm as MAML uses it (Finn et al. 2017, and its reference code): every forward, in the inner and the
    /// outer loop, at training and at test time, normalises with the statistics of the batch it is given (the
    /// biased variance), and keeps no running statistics; a learned scale and shift per channel
    /// (<c>block_i.norm.weight</c>, <c>block_i.norm.bias</c>), adapted in the inner loop or not as the caller
    /// chooses.
    /// </summary>
    BatchStatistics,

    /// <summary>No normalisation: convolution → 2×2 max-pool → ReLU, and no <c>norm</c> parameters.</summary>
    None,
}

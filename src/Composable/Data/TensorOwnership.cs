namespace Composable.Data;

/// <summary>What a data set does with the tensors it is made from.</summary>
public enum TensorOwnership
{
    /// <summary>
    /// Copies them: the caller's tensors stay the caller's (dispose them when you like), and two data sets made from one
    /// tensor are independent. The default.
    /// </summary>
    Copy,

    /// <summary>
    /// Takes them over without a copy: they leave any dispose scope, and disposing the data set disposes them. The
    /// caller must not dispose them or give them to another data set.
    /// </summary>
    Take,

    /// <summary>
    /// Uses them without a copy and never disposes them: the caller keeps them alive while the data set is used (one
    /// inputs tensor shared by several data sets, say) and disposes them afterwards.
    /// </summary>
    Borrow,
}

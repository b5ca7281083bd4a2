namespace Composable.Evaluation.Selection;

/// <summary>Which way a score improves: an accuracy is better higher, a loss lower.</summary>
public enum ScoreDirection
{
    /// <summary>Higher scores are better (accuracy, R², AUC).</summary>
    Higher,

    /// <summary>Lower scores are better (a loss, an error).</summary>
    Lower,
}

namespace Composable.Data.Glyphs;

/// <summary>Which of MultiKanji's two sets: each draws its renderings from its own pool of sample indices.</summary>
public enum MultiKanjiSplit
{
    /// <summary>The training set: even sample indices.</summary>
    Train = 0,

    /// <summary>The test set: odd sample indices.</summary>
    Test = 1,
}

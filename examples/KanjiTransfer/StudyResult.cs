namespace Composable.Examples.KanjiTransfer;

/// <summary>Everything a run found, as its JSON holds it.</summary>
/// <param name="Options">The options of the run.</param>
/// <param name="Kanji">The kanji transfer study.</param>
/// <param name="MultiTask">The multi-task view.</param>
/// <param name="Seconds">Wall time of the whole run.</param>
public sealed record StudyResult(TransferOptions Options, KanjiResult Kanji, MultiTaskResult MultiTask, double Seconds);

namespace MultiTaskTour.Running;

/// <summary>How training progress is shown.</summary>
internal enum ProgressStyle
{
    /// <summary>One line per topology, redrawn in place with a carriage return: for a terminal.</summary>
    Updating,

    /// <summary>A plain line at every quarter of the budget: for a log file or a pipe.</summary>
    Lines,

    /// <summary>Nothing.</summary>
    None,
}

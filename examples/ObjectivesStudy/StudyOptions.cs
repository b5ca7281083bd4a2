using System.Collections.Generic;
using System.Linq;

namespace Composable.Examples.ObjectivesStudy;

/// <summary>Settings of the study; <see cref="StudyCommandLine"/> reads them from the command line.</summary>
public sealed record StudyOptions
{
    /// <summary>Replicates per setting and method: each seed draws its own task family, data and initial weights.</summary>
    public int Seeds { get; init; } = 3;
    /// <summary>Optimisation steps per run for every setting; null for each setting's own.</summary>
    public int? Steps { get; init; }
    /// <summary>Names of the settings to run (<see cref="Settings.All"/>).</summary>
    public IReadOnlyList<string> Settings { get; init; } = ObjectivesStudy.Settings.Names;
    /// <summary>Names of the methods to run besides the baseline, which always runs (<see cref="Method.All"/>).</summary>
    public IReadOnlyList<string> Methods { get; init; } = Method.All.Select(m => m.Name).ToArray();
    /// <summary>Run the search for negative transfer (hard sharing with equal weights against independent towers) instead of the study.</summary>
    public bool Search { get; init; }
    /// <summary>Watch task-gradient conflicts form (hard sharing, equal weights, a conflict monitor) instead of the study.</summary>
    public bool Conflicts { get; init; }
    /// <summary>A study's JSON to print and plot again instead of training, if any.</summary>
    public string? Replot { get; init; }
    /// <summary>Where to write the JSON of all numbers, if anywhere.</summary>
    public string? Out { get; init; }
    /// <summary>Where to write the PNG plot; beside --out by default.</summary>
    public string? Plot { get; init; }
    /// <summary>The quick setting: tiny budgets, 2 seeds.</summary>
    public bool Quick { get; init; }
}

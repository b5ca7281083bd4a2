using System.Collections.Generic;
using System.Linq;

namespace Composable.Examples.ObjectivesStudy;

/// <summary>
/// The study's settings: the low- and high-correlation regression settings found by <see cref="Search"/>, the
/// low-correlation one with the second task's targets 10 times larger (the strongest negative transfer the search
/// found), and the tour's family.
/// </summary>
public static class Settings
{
    /// <summary>Every setting, in report order.</summary>
    public static IReadOnlyList<Setting> All { get; } =
    [
        new RegressionSetting("low", Tasks: 2, Correlation: 0.0, Scale: 3, TargetScales: null, Search.Large),
        new RegressionSetting("high", Tasks: 2, Correlation: 0.9, Scale: 3, TargetScales: null, Search.Large),
        new RegressionSetting("scales", Tasks: 2, Correlation: 0.0, Scale: 3, TargetScales: [1.0, 10.0], Search.Large),
        new TourSetting(new Budget(500, 32, 300, 2000)),
    ];

    /// <summary>The names of <see cref="All"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = All.Select(s => s.Name).ToArray();

    /// <summary>The budget <c>--quick</c> gives every setting: a few seconds per setting.</summary>
    public static Budget Quick(Setting setting) => setting.Budget with { Steps = 20, TrainExamples = 128, TestExamples = 128 };
}

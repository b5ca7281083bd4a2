using System;
using System.Collections.Generic;
using System.Linq;

namespace Composable.Bench.Measurement;

/// <summary>
/// Warm-up, then rounds that visit every contender in turn (A B C A B C …), so that slow drift of the machine
/// (frequency, other load, page cache) falls on all contenders alike instead of on whichever ran last.
/// </summary>
internal static class InterleavedSchedule
{
    public static (IReadOnlyList<ContenderFigures> Figures, IReadOnlyList<double> OutsideLoadPerRound) Run(
        IReadOnlyList<IRoundRunner> runners, BenchOptions options, OutsideLoad probe, Action<string> log, Action warmedUp)
    {
        var initialLosses = runners.Select(r => r.MeasureLoss()).ToArray();
        if (options.WarmupSteps > 0)
            foreach (var runner in runners)
                runner.Run(options.WarmupSteps);
        warmedUp();

        var rounds = runners.Select(_ => new List<double>(options.Rounds)).ToArray();
        var outsideLoad = new List<double>(options.Rounds);
        for (var round = 0; round < options.Rounds; round++)
        {
            var before = probe.Take();
            var line = new string[runners.Count];
            // Whoever runs first in a round measurably pays for it (about 2-3 % here), so odd rounds visit the
            // contenders in reverse order (A B C, C B A, …): every position is shared out evenly.
            for (var k = 0; k < runners.Count; k++)
            {
                var c = round % 2 == 0 ? k : runners.Count - 1 - k;
                var stepsPerSecond = options.StepsPerRound / runners[c].Run(options.StepsPerRound);
                rounds[c].Add(stepsPerSecond);
                line[c] = $"{runners[c].Name} {Reporting.ReportTable.Rate(stepsPerSecond),7}";
            }
            outsideLoad.Add(OutsideLoad.Between(before, probe.Take()));
            log($"  round {round + 1,2}/{options.Rounds}: {string.Join("  ", line)} steps/s   outside load {outsideLoad[^1],4:P0}   .NET RSS {ResidentMemory.Megabytes():F0} MB");
        }

        // The loss after the rounds first: an in-process contender's peak is read from one more step (IRoundRunner.PeakResidentMegabytes).
        var finalLosses = runners.Select(r => r.MeasureLoss()).ToArray();
        var figures = runners
            .Select((r, c) => new ContenderFigures(r.Name, rounds[c], initialLosses[c], finalLosses[c], r.PeakResidentMegabytes()))
            .ToArray();
        return (figures, outsideLoad);
    }
}

using System;
using System.Diagnostics.CodeAnalysis;
using Composable.Bench.Measurement;
using TorchSharp;
using Xunit;

namespace Composable.Bench.Tests;

/// <summary>Peak resident memory per in-process contender: each one's own steps, not the steps of whoever ran before it.</summary>
public sealed class PeakMemoryTests
{
    [Fact]
    public void An_in_process_contenders_peak_is_its_own_steps_peak_not_an_earlier_contenders()
    {
        if (!ResidentMemory.ResetPeak()) return; // No /proc/self/clear_refs (not Linux): the peak is the process's, as documented.
        using var heavy = new InProcessRunner(new Allocating("heavy", megabytes: 400));
        using var light = new InProcessRunner(new Allocating("light", megabytes: 0));

        heavy.Run(1);
        light.Run(1);

        Assert.True(heavy.PeakResidentMegabytes() > light.PeakResidentMegabytes() + 300,
            $"heavy {heavy.PeakResidentMegabytes():F0} MB, light {light.PeakResidentMegabytes():F0} MB");
        Assert.True(light.PeakResidentMegabytes() >= ResidentMemory.Megabytes() - 50);
    }

    /// <summary>A step that touches a native tensor of <c>megabytes</c> and frees it.</summary>
    private sealed class Allocating(string name, int megabytes) : IStepContender
    {
        public string Name => name;

        [SuppressMessage("Reliability", "CA2000", Justification = "Disposed at once.")]
        public void Step()
        {
            if (megabytes == 0) return;
            using var block = torch.ones(megabytes * 1024L * 1024 / sizeof(float));
        }

        public double MeasureLoss() => 0;

        public void Dispose()
        {
        }
    }
}

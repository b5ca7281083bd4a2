using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;

namespace Composable.Bench.Measurement;

/// <summary>
/// How much CPU processes other than the benchmark's own used while a round ran, as a share of the machine
/// (/proc/stat busy time minus this process's and the peer's /proc/&lt;pid&gt;/stat time). On a shared machine
/// this says which rounds a neighbour's build landed on. Linux only; elsewhere it reads as NaN.
/// </summary>
internal sealed class OutsideLoad(IReadOnlyList<int> ownProcessIds)
{
    private const double TicksPerSecond = 100.0; // USER_HZ, 100 on every Linux ABI we run on

    public readonly record struct Snapshot(double MachineBusySeconds, double OwnSeconds, long Timestamp);

    public Snapshot Take() => new(MachineBusySeconds(), ownProcessIds.Sum(ProcessSeconds), Stopwatch.GetTimestamp());

    /// <summary>Share of all cores (0–1) busy with other processes between <paramref name="from"/> and <paramref name="to"/>.</summary>
    public static double Between(Snapshot from, Snapshot to)
    {
        var wall = Stopwatch.GetElapsedTime(from.Timestamp, to.Timestamp).TotalSeconds * Environment.ProcessorCount;
        var outside = (to.MachineBusySeconds - from.MachineBusySeconds) - (to.OwnSeconds - from.OwnSeconds);
        return wall > 0 ? Math.Clamp(outside / wall, 0, 1) : double.NaN;
    }

    private static double MachineBusySeconds()
    {
        try
        {
            // cpu  user nice system idle iowait irq softirq steal …: everything but idle and iowait is unavailable to us.
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            long Field(int i) => long.Parse(fields[i], CultureInfo.InvariantCulture);
            return (Field(1) + Field(2) + Field(3) + Field(6) + Field(7) + Field(8)) / TicksPerSecond;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return double.NaN;
        }
    }

    private static double ProcessSeconds(int pid)
    {
        try
        {
            // Fields after the parenthesised command name; utime and stime are the 14th and 15th of the line.
            var line = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            var rest = line[(line.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(rest[11], CultureInfo.InvariantCulture) + long.Parse(rest[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return double.NaN;
        }
    }
}

using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using TorchSharp;

namespace Composable.Bench.Measurement;

/// <summary>What the .NET process holds right now: its resident set and the TorchSharp tensors not yet disposed.</summary>
internal static class ResidentMemory
{
    /// <summary>
    /// Resident set size in MB: <c>VmRSS</c> of /proc/self/status, read afresh at every call (where there is no /proc,
    /// <see cref="Environment.WorkingSet"/>).
    /// </summary>
    public static double Megabytes() => StatusMegabytes("VmRSS:") ?? Environment.WorkingSet / (1024.0 * 1024.0);

    /// <summary>
    /// Peak resident set size in MB since the process started or since the last <see cref="ResetPeak"/>: <c>VmHWM</c>
    /// of /proc/self/status (where there is no /proc, <see cref="Process.PeakWorkingSet64"/>).
    /// </summary>
    public static double PeakMegabytes()
    {
        if (StatusMegabytes("VmHWM:") is { } peak) return peak;
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return self.PeakWorkingSet64 / (1024.0 * 1024.0);
    }

    /// <summary>
    /// Resets the process's resident high-water mark to its current resident set (Linux 4.0+: <c>5</c> written to
    /// /proc/self/clear_refs); false where that cannot be done, and the peak then stays the process's.
    /// </summary>
    public static bool ResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>A "Name:   123456 kB" line of /proc/self/status in MB, read afresh, or null where there is none.</summary>
    private static double? StatusMegabytes(string field)
    {
        try
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
            if (line is not null)
                return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
        }
        return null;
    }

    /// <summary>
    /// TorchSharp tensors made on this thread and not yet disposed (<c>DisposeScopeManager.Statistics.ThreadTotalLiveCount</c>;
    /// every bench step runs on this thread). Not <c>torch.Tensor.TotalCount</c>: it never counts down a tensor whose handle
    /// moved into a <c>Parameter</c> (TorchSharp's <c>Linear</c> makes two per layer), so it grows by ten with every
    /// hard-sharing model made, though nothing native is held.
    /// </summary>
    public static long LiveTensors() => DisposeScopeManager.Statistics.ThreadTotalLiveCount;

    /// <summary>Memory the .NET garbage collector has committed for the managed heap, in MB.</summary>
    public static double ManagedMegabytes() => GC.GetGCMemoryInfo().TotalCommittedBytes / (1024.0 * 1024.0);

    /// <summary>
    /// Managed objects still reachable, in MB: a full blocking collection is forced, then its heap size less its
    /// fragmentation is read (<see cref="GCMemoryInfo"/> of that collection, which other threads' allocations do not
    /// disturb as they do <see cref="GC.GetTotalMemory"/>).
    /// </summary>
    public static double LiveManagedMegabytes()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        var info = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        return (info.HeapSizeBytes - info.FragmentedBytes) / (1024.0 * 1024.0);
    }

    /// <summary>
    /// Native memory in use in the C heap, in MB: glibc's <c>mallinfo2</c>, blocks allocated from every arena plus blocks
    /// served by their own mapping (<c>uordblks + hblkhd</c>); what libtorch holds now, without the free pages a retained
    /// heap keeps (see <c>NativeHeap</c>). NaN where there is no glibc 2.33+.
    /// </summary>
    public static double NativeInUseMegabytes()
    {
        if (!OperatingSystem.IsLinux()) return double.NaN;
        try
        {
            var info = MallInfo2();
            return (double)(info.Uordblks + info.Hblkhd) / (1024.0 * 1024.0);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return double.NaN;
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MallInfo
    {
        public nuint Arena, Ordblks, Smblks, Hblks, Hblkhd, Usmblks, Fsmblks, Uordblks, Fordblks, Keepcost;
    }

    [DllImport("libc.so.6", EntryPoint = "mallinfo2")]
    private static extern MallInfo MallInfo2();
}

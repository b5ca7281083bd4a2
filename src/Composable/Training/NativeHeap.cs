using System;
using System.Runtime.InteropServices;

namespace Composable.Training;

/// <summary>
/// How the C heap keeps the native memory libtorch frees. glibc's malloc serves a block larger than its mmap
/// threshold (dynamic, at most 32 MiB) with a fresh mapping, and hands free memory at the top of its heap back to the
/// kernel once it exceeds a trim threshold (twice the mmap threshold). A training step frees and re-allocates the same
/// activations every step — tens of megabytes for a convolutional backbone — so by default the kernel maps and zeroes
/// them again each step: the ProtoNet bench's step (5-way 5-shot, 100 images of 28×28, conv backbone) took about
/// 15,000 page faults and a fifth of its time that way. <see cref="RetainFreedPages"/> makes the heap keep them, as
/// PyTorch's caching allocators do for GPU memory: the resident size then stays at the step's peak instead of
/// shrinking and growing each step. A process-wide setting, like <c>torch.set_num_threads</c>: call it once at start.
/// </summary>
public static class NativeHeap
{
    /// <summary>The default trim threshold: free memory at the top of the heap kept before any goes back to the kernel.</summary>
    public const int DefaultTrimThreshold = 256 << 20;

    /// <summary>Blocks up to this size come from the heap (glibc's ceiling for <c>M_MMAP_THRESHOLD</c> on 64-bit).</summary>
    public const int MmapThreshold = 32 << 20;

    private const int TrimThresholdOption = -1; // M_TRIM_THRESHOLD
    private const int MmapThresholdOption = -3; // M_MMAP_THRESHOLD

    /// <summary>
    /// Keeps freed native memory for reuse: blocks up to <see cref="MmapThreshold"/> come from the heap, and up to
    /// <paramref name="trimThreshold"/> bytes of free memory stay with the process. Returns what was applied, or why
    /// nothing was (not Linux with glibc); either way training computes the same numbers.
    /// </summary>
    public static HeapSetting RetainFreedPages(int trimThreshold = DefaultTrimThreshold)
    {
        if (trimThreshold < MmapThreshold)
            throw new ArgumentOutOfRangeException(nameof(trimThreshold), trimThreshold,
                $"The trim threshold must be at least the mmap threshold ({MmapThreshold} bytes), or freed blocks would still go back to the kernel.");
        if (!OperatingSystem.IsLinux()) return new HeapSetting(false, "not Linux: the platform's allocator is left as it is");
        try
        {
            // Setting either disables glibc's dynamic threshold adjustment, so both are set.
            var applied = Mallopt(MmapThresholdOption, MmapThreshold) == 1 && Mallopt(TrimThresholdOption, trimThreshold) == 1;
            return applied
                ? new HeapSetting(true, $"glibc malloc: mmap threshold {MmapThreshold >> 20} MiB, trim threshold {trimThreshold >> 20} MiB")
                : new HeapSetting(false, "mallopt refused the thresholds (not glibc?)");
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return new HeapSetting(false, $"no glibc mallopt ({e.GetType().Name})");
        }
    }

    /// <summary>
    /// Hands the free memory the C heap holds back to the kernel (glibc's <c>malloc_trim(0)</c>: free pages of every
    /// arena, not only the top of the heap), for a process that keeps freed pages (<see cref="RetainFreedPages"/>) and
    /// has finished a phase that needed more memory than the next will, or before reading the resident size of what
    /// comes next. Live tensors are untouched; the next steps map again the pages they need. Returns whether any memory
    /// went back (false off Linux with glibc, or when there was none to give).
    /// </summary>
    public static bool ReleaseFreePages()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            return MallocTrim(0) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    // DllImport rather than LibraryImport: int in, int out needs no marshalling, and LibraryImport would need unsafe code.
    [DllImport("libc.so.6", EntryPoint = "mallopt")]
    private static extern int Mallopt(int option, int value);

    [DllImport("libc.so.6", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);
}

/// <summary>The outcome of <see cref="NativeHeap.RetainFreedPages"/>: whether it applied, and what.</summary>
/// <param name="Applied">Whether the heap now keeps freed pages.</param>
/// <param name="Description">The thresholds set, or why none were.</param>
public sealed record HeapSetting(bool Applied, string Description);

using System;
using Composable.Training;
using Xunit;

namespace Composable.Tests.Runtime;

/// <summary>
/// <see cref="NativeHeap.RetainFreedPages"/> on glibc: both thresholds accepted (glibc refuses an mmap threshold above
/// 32 MiB on 64-bit, and a wrong library or option number shows as not applied), and a threshold pair that would
/// still hand freed blocks back is refused. The effect on a training step (page faults and time) is measured by the
/// ProtoNet bench, which prints it, not timed here.
/// </summary>
public sealed class NativeHeapTests
{
    [Fact]
    public void On_linux_glibc_accepts_both_thresholds_and_says_which()
    {
        Assert.True(OperatingSystem.IsLinux(), "the heap setting is glibc's; these tests run on Linux");

        var setting = NativeHeap.RetainFreedPages();

        Assert.True(setting.Applied, setting.Description);
        Assert.Equal("glibc malloc: mmap threshold 32 MiB, trim threshold 256 MiB", setting.Description);
        Assert.True(NativeHeap.RetainFreedPages(512 << 20).Applied); // idempotent; a larger trim threshold is fine
        Assert.True(NativeHeap.RetainFreedPages().Applied);
    }

    [Fact]
    public void Freed_blocks_the_heap_kept_go_back_to_the_kernel_on_release()
    {
        Assert.True(NativeHeap.RetainFreedPages().Applied);
        // Blocks under the mmap threshold come from the heap and, freed, stay with it: 12 of 16 MiB each.
        var blocks = new TorchSharp.torch.Tensor[12];
        for (var i = 0; i < blocks.Length; i++) blocks[i] = TorchSharp.torch.ones(4L << 20);
        foreach (var block in blocks) block.Dispose();

        Assert.True(NativeHeap.ReleaseFreePages(), "192 MiB of freed heap blocks, and nothing went back to the kernel");
    }

    [Fact]
    public void A_trim_threshold_below_the_mmap_threshold_is_refused_with_both_figures()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => NativeHeap.RetainFreedPages(1 << 20));

        Assert.Contains(NativeHeap.MmapThreshold.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.Equal(1 << 20, error.ActualValue);
    }
}

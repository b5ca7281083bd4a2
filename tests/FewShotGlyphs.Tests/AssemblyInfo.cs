using System.Runtime.CompilerServices;
using Xunit;

// libtorch's random generator is process-wide: seeded tests must not interleave.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace FewShotGlyphs.Tests;

internal static class TestSetup
{
    /// <summary>
    /// One intra-op thread: the quick setting's networks are small, and test assemblies run side by side, so two
    /// OpenMP threads per process would oversubscribe the cores (minutes instead of seconds).
    /// </summary>
    [ModuleInitializer]
    internal static void UseOneTorchThread()
    {
        // Before any torch kernel: CPU convolutions off oneDNN, and its instruction-set cap, read once (see Composable.Training.CpuKernels).
        _ = Composable.Training.CpuKernels.Configure();
        TorchSharp.torch.set_num_threads(1);
    }
}

using System.Runtime.CompilerServices;
using Xunit;

// libtorch's random generator and its thread count are process-wide: the study's seeded runs must not interleave.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Composable.Examples.MultiKanjiStudy.Tests;

internal static class TestSetup
{
    /// <summary>The quick study's models are small: one intra-op thread is fastest and leaves the other cores to other suites.</summary>
    [ModuleInitializer]
    internal static void UseOneTorchThread()
    {
        // Before any torch kernel: CPU convolutions off oneDNN, and its instruction-set cap, read once (see Composable.Training.CpuKernels).
        _ = Composable.Training.CpuKernels.Configure();
        TorchSharp.torch.set_num_threads(1);
    }
}

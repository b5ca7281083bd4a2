using System.Runtime.CompilerServices;
using Xunit;

// libtorch's default random generator and its thread count are process-wide: tours must not interleave.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Composable.Examples.Tests;

internal static class TestSetup
{
    /// <summary>The tour's models are tiny: one intra-op thread is fastest and leaves the other cores to other suites.</summary>
    [ModuleInitializer]
    internal static void UseOneTorchThread()
    {
        // Before any torch kernel: CPU convolutions off oneDNN, and its instruction-set cap, read once (see Composable.Training.CpuKernels).
        _ = Composable.Training.CpuKernels.Configure();
        TorchSharp.torch.set_num_threads(1);
    }
}

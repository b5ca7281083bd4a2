using System.Runtime.CompilerServices;
using Xunit;

// libtorch's random generator is process-wide: seeded tests must not interleave.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace MetaSinusoid.Tests;

internal static class TestSetup
{
    /// <summary>The sinusoid networks are tiny: one intra-op thread is fastest.</summary>
    [ModuleInitializer]
    internal static void UseOneTorchThread()
    {
        // Before any torch kernel: CPU convolutions off oneDNN, and its instruction-set cap, read once (see Composable.Training.CpuKernels).
        _ = Composable.Training.CpuKernels.Configure();
        TorchSharp.torch.set_num_threads(1);
    }
}

using System.Runtime.CompilerServices;
using Xunit;

// libtorch's default random generator is process-wide: seeded construction and dropout draw from it, so tests
// that check seeded determinism must not interleave with other tests' torch calls.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Composable.Tests;

internal static class TestSetup
{
    /// <summary>
    /// The test models are tiny: one intra-op thread is fastest, and it keeps the suite from oversubscribing the
    /// cores when test assemblies run side by side.
    /// </summary>
    [ModuleInitializer]
    internal static void UseOneTorchThread()
    {
        // Before any torch kernel: CPU convolutions off oneDNN, and its instruction-set cap, read once (see Composable.Training.CpuKernels).
        _ = Composable.Training.CpuKernels.Configure();
        TorchSharp.torch.set_num_threads(1);
    }
}

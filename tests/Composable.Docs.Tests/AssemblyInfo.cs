using System.Runtime.CompilerServices;
using Xunit;

// libtorch's default random generator is process-wide: the snippets seed their trainers, so they must not
// interleave with each other's torch calls.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Composable.Docs.Tests;

internal static class TestSetup
{
    /// <summary>The snippets' models are tiny: one intra-op thread is fastest and leaves the other cores alone.</summary>
    [ModuleInitializer]
    internal static void UseOneTorchThread()
    {
        // Before any torch kernel: CPU convolutions off oneDNN, and its instruction-set cap, read once (see Composable.Training.CpuKernels).
        _ = Composable.Training.CpuKernels.Configure();
        TorchSharp.torch.set_num_threads(1);
    }
}

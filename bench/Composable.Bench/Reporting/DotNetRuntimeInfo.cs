using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using TorchSharp;

namespace Composable.Bench.Reporting;

/// <summary>What the .NET side runs on, as seen from inside the process.</summary>
/// <param name="Runtime">.NET runtime description.</param>
/// <param name="TorchSharp">TorchSharp assembly version.</param>
/// <param name="Threads">torch.get_num_threads() after set_num_threads.</param>
/// <param name="Blas">BLAS as found in the loaded libtorch_cpu.so (official libtorch links MKL statically).</param>
/// <param name="NativeLibraries">libtorch and OpenMP libraries mapped into the process.</param>
/// <param name="Environment">OPENBLAS_*, OMP_*, GOMP_*, MKL_*, MALLOC_* variables (inherited by the PyTorch child too).</param>
/// <param name="Heap">How the C heap keeps freed native memory in this process (<c>NativeHeap.RetainFreedPages</c> or defaults).</param>
/// <param name="Convolutions">Which kernels run the CPU convolutions (<c>CpuKernels</c>, or oneDNN with <c>--onednn</c>).</param>
internal sealed record DotNetRuntimeInfo(
    string Runtime,
    string TorchSharp,
    int Threads,
    string Blas,
    IReadOnlyList<string> NativeLibraries,
    IReadOnlyDictionary<string, string> Environment,
    string Heap,
    string Convolutions)
{
    private static readonly string[] EnvironmentPrefixes = ["OPENBLAS_", "OMP_", "GOMP_", "MKL_", "MALLOC_", "DNNL_", "COMPOSABLE_"];

    /// <summary>Call after the first torch operation, so that the native libraries are loaded.</summary>
    public static DotNetRuntimeInfo Capture(Composable.Training.HeapSetting heap, string convolutions)
    {
        var libraries = MappedLibraries().Where(p => p.Contains("torch", StringComparison.Ordinal) || p.Contains("omp", StringComparison.Ordinal)).ToArray();
        var environment = System.Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(k => EnvironmentPrefixes.Any(p => k.StartsWith(p, StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal)
            .ToDictionary(k => k, k => System.Environment.GetEnvironmentVariable(k) ?? "");
        return new DotNetRuntimeInfo(
            RuntimeInformation.FrameworkDescription,
            typeof(torch).Assembly.GetName().Version?.ToString() ?? "?",
            torch.get_num_threads(),
            $"{MklVersion(libraries.FirstOrDefault(p => Path.GetFileName(p) == "libtorch_cpu.so"))}; {Composable.Training.MklDispatch.Setting.Description}",
            libraries,
            environment,
            heap.Description,
            convolutions);
    }

    private static IEnumerable<string> MappedLibraries()
    {
        const string maps = "/proc/self/maps";
        if (!File.Exists(maps)) return [];
        return File.ReadLines(maps)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length >= 6 && fields[5].Contains(".so", StringComparison.Ordinal))
            .Select(fields => fields[5])
            .Distinct(StringComparer.Ordinal);
    }

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void MklGetVersionString([Out] byte[] buffer, int length);

    private static string MklVersion(string? libtorchCpu)
    {
        if (libtorchCpu is null) return "unknown (libtorch_cpu.so not mapped)";
        if (!NativeLibrary.TryLoad(libtorchCpu, out var handle)) return "unknown (cannot open libtorch_cpu.so)";
        if (!NativeLibrary.TryGetExport(handle, "MKL_Get_Version_String", out var export)) return "not MKL (no MKL_Get_Version_String in libtorch_cpu.so)";
        var buffer = new byte[256];
        Marshal.GetDelegateForFunctionPointer<MklGetVersionString>(export)(buffer, buffer.Length);
        var length = Array.IndexOf(buffer, (byte)0);
        return Encoding.ASCII.GetString(buffer, 0, length < 0 ? buffer.Length : length).Trim() + " (statically linked in libtorch_cpu.so)";
    }
}

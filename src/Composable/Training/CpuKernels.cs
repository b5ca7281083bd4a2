using System;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Composable.Training;

/// <summary>
/// Which CPU kernels libtorch's oneDNN may use. On AVX-512 machines (measured on an AMD EPYC with AVX-512, libtorch 2.10
/// as TorchSharp 0.107 ships it) oneDNN's AVX-512 convolution and pooling kernels gave gradients that differ from run to
/// run for the same inputs, and now and then NaN: two identical conv networks fed the same images got different
/// gradients, and a conv fine-tuning diverged at its second step in some runs and not in others. With oneDNN held to
/// AVX2 kernels every run gives the same numbers. So, when Composable is first used, it sets
/// <c>DNNL_MAX_CPU_ISA=AVX2</c> for the process, unless the variable is already set (set it yourself, for example to
/// <c>AVX512_CORE</c>, to choose otherwise). oneDNN reads the variable once, when it creates its first kernel: torch
/// code that runs a convolution before any Composable type is touched runs with oneDNN's default, so a program that
/// does so calls <see cref="HoldOneDnnToAvx2"/> first (the test projects do, in their module initializers).
/// </summary>
public static class CpuKernels
{
    /// <summary>The environment variable oneDNN reads for its highest instruction set.</summary>
    public const string Variable = "DNNL_MAX_CPU_ISA";

    /// <summary>The instruction set Composable holds oneDNN to when the variable is unset.</summary>
    public const string DeterministicIsa = "AVX2";

    /// <summary>The instruction set oneDNN was told to use: the variable's value when it was set, else <see cref="DeterministicIsa"/> once Composable has set it (null off Linux).</summary>
    public static string? MaxIsa => Environment.GetEnvironmentVariable(Variable) ?? NativeValue();

    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries",
        Justification = "The variable must be in the native environment before oneDNN creates its first kernel, which the first Composable call may do.")]
    internal static void OnFirstUse() => HoldOneDnnToAvx2();

    /// <summary>
    /// Sets <c>DNNL_MAX_CPU_ISA=AVX2</c> in the native environment unless it is set (Linux x64 only; nothing elsewhere).
    /// Composable calls it when it is first used; call it yourself before any torch convolution that runs earlier.
    /// </summary>
    public static void HoldOneDnnToAvx2()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64) return;
        // .NET keeps its own copy of the environment: oneDNN reads the native one, through getenv.
        if (Environment.GetEnvironmentVariable(Variable) is not null || NativeValue() is not null) return;
        _ = setenv(Variable, DeterministicIsa, 0);
    }

    private static string? NativeValue() =>
        OperatingSystem.IsLinux() ? Marshal.PtrToStringAnsi(getenv(Variable)) : null;

    [DllImport("libc", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int setenv(string name, string value, int overwrite);

    [DllImport("libc", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern IntPtr getenv(string name);
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using System.Text;

namespace Composable.Training;

/// <summary>
/// How libtorch's MKL chooses its matrix-product kernels, and why Composable changes that on CPUs not made by Intel.
/// <para>
/// libtorch (as TorchSharp ships it) links Intel's MKL statically, and every float GEMM — linear layers, their
/// gradients, and the native im2col convolutions — runs in it. MKL picks its kernels by CPU vendor before it looks at
/// the instruction sets: on an AMD CPU it runs a generic AVX2 path even where the CPU has AVX-512. Measured on this
/// project's machine (AMD EPYC, Zen 5, 2 threads), a [512×1024]·[1024×1024] product ran at 150 GFLOP/s that way and
/// at 348 GFLOP/s with MKL choosing by instruction set, as it does on Intel CPUs of the same features.
/// </para>
/// <para>
/// MKL asks one internal function, <c>mkl_serv_intel_cpu_true</c>, whether the CPU is Intel's, and libtorch calls it
/// through its procedure linkage table. On Linux x64, on a CPU whose vendor is not Intel, Composable points that
/// table entry at a function that answers yes, when Composable is first used (<see cref="CpuKernels.Configure"/>)
/// and before its first product. MKL still checks every instruction set it uses against the CPU's own feature flags,
/// so a CPU without AVX-512 gets MKL's AVX2 kernels. Nothing else in libtorch or MKL is touched, and nothing is done
/// on Intel CPUs, off Linux x64, or with a libtorch whose BLAS is not MKL.
/// </para>
/// <para>
/// Set <c>COMPOSABLE_MKL_DISPATCH=vendor</c> in the environment before the process starts to keep MKL's own choice.
/// MKL fixes its choice at its first product, so torch code that multiplies before any Composable type is touched
/// calls <see cref="CpuKernels.Configure"/> first; when it did not, the setting says so
/// (<see cref="MklDispatchKind.ChosenEarlier"/>) and nothing is changed. A seeded run is deterministic either way;
/// the two choices round differently, so a seeded run under one parts from the same run under the other at the last
/// digits.
/// </para>
/// </summary>
public static class MklDispatch
{
    /// <summary>The environment variable that keeps MKL's own vendor-based choice when set to <c>vendor</c>.</summary>
    public const string Variable = "COMPOSABLE_MKL_DISPATCH";

    /// <summary>MKL's vendor check, as libtorch's procedure linkage table names it.</summary>
    public const string VendorCheck = "mkl_serv_intel_cpu_true";

    private static readonly Lazy<MklDispatchSetting> Applied = new(Apply);

    /// <summary>What applied in this process (applied once, at the first read or at <see cref="CpuKernels.Configure"/>).</summary>
    public static MklDispatchSetting Setting => Applied.Value;

    /// <summary>The CPU's vendor string from CPUID leaf 0 (<c>GenuineIntel</c>, <c>AuthenticAMD</c>, …); null off x86.</summary>
    public static string? CpuVendor()
    {
        if (!X86Base.IsSupported) return null;
        var (_, ebx, ecx, edx) = X86Base.CpuId(0, 0);
        Span<byte> name = stackalloc byte[12];
        BitConverter.TryWriteBytes(name[..4], ebx);
        BitConverter.TryWriteBytes(name[4..8], edx);
        BitConverter.TryWriteBytes(name[8..], ecx);
        return Encoding.ASCII.GetString(name);
    }

    private static MklDispatchSetting Apply()
    {
        var vendor = CpuVendor();
        var decided = Decide(OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64,
            Environment.GetEnvironmentVariable(Variable), vendor);
        if (decided is not null) return decided;
        try
        {
            return Redirect(vendor!);
        }
#pragma warning disable CA1031 // It runs from the module initializer: whatever fails, MKL keeps its own choice and the setting says why.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return new(MklDispatchKind.Failed, $"MKL's own choice: its vendor check could not be redirected ({e.Message})");
        }
    }

    /// <summary>
    /// The setting that applies without touching MKL, or null when its vendor check is to be redirected: on Linux x64
    /// (<paramref name="linuxX64"/>), unless <paramref name="variable"/> (the value of <see cref="Variable"/>) is
    /// <c>vendor</c>, on a CPU whose <paramref name="vendor"/> is known and not Intel's.
    /// </summary>
    internal static MklDispatchSetting? Decide(bool linuxX64, string? variable, string? vendor) =>
        !linuxX64 ? new(MklDispatchKind.NotApplicable, "not Linux x64: MKL's own choice")
        : string.Equals(variable?.Trim(), "vendor", StringComparison.OrdinalIgnoreCase)
            ? new(MklDispatchKind.Vendor, $"MKL's own choice, by CPU vendor ({Variable}=vendor)")
        : vendor is null ? new(MklDispatchKind.NotApplicable, "no CPUID: MKL's own choice")
        : vendor == "GenuineIntel" ? new(MklDispatchKind.Intel, "an Intel CPU: MKL chooses by instruction set already")
        : null;

    private static MklDispatchSetting Redirect(string vendor)
    {
        var torch = NativeLibrary.Load("libtorch_cpu", typeof(MklDispatch).Assembly, null);
        if (!NativeLibrary.TryGetExport(torch, VendorCheck, out var check))
            return new(MklDispatchKind.NotApplicable, "this libtorch's BLAS is not MKL: nothing to choose");
        var mapping = MemoryMap.Read().FirstOrDefault(m => m.Contains(check))
            ?? throw new InvalidDataException($"no mapping in /proc/self/maps holds {VendorCheck}");
        var image = ElfImage.Read(mapping.Path);
        var bias = check - (nint)image.SymbolValue(VendorCheck);
        var slots = image.RelocationSlots(VendorCheck).Select(offset => bias + (nint)offset).ToArray();
        if (slots.Length == 0)
            return new(MklDispatchKind.Failed, $"MKL's own choice: {Path.GetFileName(mapping.Path)} calls {VendorCheck} directly");
        // Bound lazily, a table entry points into libtorch's procedure linkage table until the first call resolves it to
        // the function itself; resolved means MKL has asked already, at a product run before Composable was loaded,
        // and has kept the answer.
        // (LD_BIND_NOW resolves every entry at load, so there it says nothing.)
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("LD_BIND_NOW")) && slots.Any(slot => Marshal.ReadIntPtr(slot) == check))
            return new(MklDispatchKind.ChosenEarlier,
                $"MKL's own choice: it chose its kernels by CPU vendor at a product run before Composable was first used (call {nameof(CpuKernels)}.{nameof(CpuKernels.Configure)}() before the first torch product to let it choose by instruction set)");
        var answerYes = YesFunction();
        foreach (var slot in slots) WritePointer(slot, answerYes);
        return new(MklDispatchKind.ByInstructionSet,
            $"MKL chooses its kernels by instruction set on this {vendor} CPU (its vendor check answered as on Intel; {Variable}=vendor keeps its own choice)");
    }

    // mov eax, 1; ret — MKL's vendor check takes no argument and returns an int.
    private static nint YesFunction()
    {
        ReadOnlySpan<byte> code = [0xB8, 0x01, 0x00, 0x00, 0x00, 0xC3];
        var page = mmap(0, (nuint)PageSize, ProtRead | ProtWrite, MapPrivate | MapAnonymous, -1, 0);
        if (page == -1) throw new IOException("mmap of one page for MKL's vendor answer failed");
        Marshal.Copy(code.ToArray(), 0, page, code.Length);
        if (mprotect(page, (nuint)PageSize, ProtRead | ProtExec) != 0) throw new IOException("mprotect of MKL's vendor answer failed");
        return page;
    }

    private static void WritePointer(nint slot, nint target)
    {
        var page = slot & ~(nint)(PageSize - 1);
        var writable = MemoryMap.Read().First(m => m.Contains(slot)).Writable;
        if (!writable && mprotect(page, (nuint)PageSize, ProtRead | ProtWrite) != 0)
            throw new IOException($"mprotect of the table page at 0x{page:x} failed");
        Marshal.WriteIntPtr(slot, target);
        if (!writable) _ = mprotect(page, (nuint)PageSize, ProtRead);
    }

    private static readonly int PageSize = Environment.SystemPageSize;
    private const int ProtRead = 1, ProtWrite = 2, ProtExec = 4, MapPrivate = 2, MapAnonymous = 0x20;

    [DllImport("libc", SetLastError = true)]
    private static extern nint mmap(nint address, nuint length, int protection, int flags, int fd, nint offset);

    [DllImport("libc", SetLastError = true)]
    private static extern int mprotect(nint address, nuint length, int protection);
}

/// <summary>The outcome of <see cref="MklDispatch"/>: what MKL chooses its kernels by in this process.</summary>
/// <param name="Kind">What applied.</param>
/// <param name="Description">What applied, in words.</param>
public sealed record MklDispatchSetting(MklDispatchKind Kind, string Description);

/// <summary>What MKL chooses its kernels by (<see cref="MklDispatch"/>).</summary>
public enum MklDispatchKind
{
    /// <summary>Not Linux x64, or a libtorch without MKL: nothing to choose.</summary>
    NotApplicable,

    /// <summary>An Intel CPU: MKL's own choice is by instruction set.</summary>
    Intel,

    /// <summary>A CPU of another vendor, MKL's vendor check redirected: MKL chooses by instruction set.</summary>
    ByInstructionSet,

    /// <summary>Kept by request (<c>COMPOSABLE_MKL_DISPATCH=vendor</c>): MKL chooses by vendor.</summary>
    Vendor,

    /// <summary>
    /// MKL had made its choice, by vendor, at a product run before Composable was first used; it keeps that choice, so
    /// nothing was changed (call <see cref="CpuKernels.Configure"/> before the first product).
    /// </summary>
    ChosenEarlier,

    /// <summary>The redirection could not be made (the description says why): MKL chooses by vendor.</summary>
    Failed,
}

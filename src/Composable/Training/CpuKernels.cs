using System;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;

namespace Composable.Training;

/// <summary>
/// Which CPU kernels libtorch may use for convolutions, and why Composable chooses them.
/// <para>
/// <b>oneDNN off for CPU convolutions.</b> libtorch 2.10 (as TorchSharp 0.107 ships it) sends a float convolution on
/// the CPU to oneDNN 3.7, which lays channels out in blocks of 8 (or 16) and pads a layer whose channel count is not a
/// multiple of the block. Its backward-data kernel (<c>jit:avx2 backward_data</c>, and the AVX-512 one) then now and
/// then gave NaN in the input gradient of such a layer — in one whole channel, while the forward values, the layer's
/// own weight gradient and every other gradient stayed finite — in some processes and not in others, for the same
/// inputs and seed. Measured on this project's machine: a raw TorchSharp probe (two conv(4 channels)–batch
/// norm–pool–ReLU blocks, 16 images of 8×8) failed in about one process in five; the fine-tuning tests failed in
/// about one suite run in three. With oneDNN disabled (libtorch's own switch, <c>torch.backends.mkldnn.enabled =
/// False</c> in PyTorch), libtorch runs its native im2col-and-GEMM convolution, and the probe passed in every
/// process. NNPACK is switched off with it: this machine's libtorch cannot initialise NNPACK, and with oneDNN off
/// libtorch would otherwise try it, and print a warning, at every convolution over 16 or more images.
/// </para>
/// <para>
/// <b>oneDNN held to AVX2.</b> Whatever still reaches oneDNN runs its AVX2 kernels: Composable sets
/// <c>DNNL_MAX_CPU_ISA=AVX2</c> for the process unless the variable is already set (set it yourself, for example to
/// <c>AVX512_CORE</c>, to choose otherwise). On an AMD EPYC with AVX-512, oneDNN's AVX-512 convolution kernels gave
/// gradients that differed from run to run.
/// </para>
/// <para>
/// Both are applied when Composable is first used (<see cref="Configure"/>). Both are process-wide, and oneDNN reads
/// its variable once, when it creates its first kernel: torch code that runs a convolution before any Composable type
/// is touched calls <see cref="Configure"/> first (the test projects do, in their module initializers). To measure
/// oneDNN's kernels anyway, call <see cref="UseOneDnnConvolutions"/> with <c>true</c> after Configure.
/// </para>
/// <para>
/// <b>oneDNN again for backbones it does not pad.</b> The NaN came from the backward-data kernel of a layer whose
/// channels oneDNN pads. A backbone whose every convolution has input and output channels that are multiples of 16
/// (the first block's input, the image, excepted: a trainer never asks for its gradient; <see
/// cref="ConvPlan.FitsOneDnnBlocks"/>) never takes that path, and on this project's machine oneDNN runs its 64 → 64
/// convolutions about twice as fast as the native kernels. So every training step of a convolutional declaration,
/// of every family, takes a lease (<see cref="ForTrainingStep"/>): oneDNN on for the step when the backbone fits the
/// blocks and <see cref="OneDnnForAlignedBackbones"/> allows it, native kernels otherwise, and back to native when the
/// step ends. The two kernels round differently (against float64, second-order MAML meta-gradients within 3e-5
/// relative on oneDNN and 1e-5 on the native kernels; <c>ConvolutionLeaseTests</c>), so a seeded run on each parts
/// from the other after enough steps; <see cref="OneDnnForAlignedBackbones"/> = false keeps the native ones.
/// </para>
/// <para>
/// <b>Native again for second-order meta-gradients through convolutions.</b> A second-order MAML or Meta-SGD step over
/// the 4-block conv backbone with 64 channels (5-way 5-shot glyph episodes, meta-batch 32) stopped with a NaN in the
/// gradient of the last block's convolution weight in 5 of 6 processes on oneDNN (AVX2), at meta-step 2 to 4, with
/// every loss finite; on the native kernels 4 of 4 processes took the same steps cleanly. libtorch's anomaly mode names
/// the culprit: <c>ConvolutionBackwardBackward0</c> returned NaN in its weight output, i.e. oneDNN's weight-gradient
/// kernel as the double backward of a convolution calls it. Recomputed in a process that had not failed, the same
/// meta-gradient was finite on both kernels. So a step whose meta-gradient differentiates convolutions' backward
/// passes (<see cref="MetaPlan.DifferentiatesConvolutionBackward"/>) holds the native kernels; first-order steps, ANIL
/// (only the head adapts) and every other family keep the lease above. The optimisers' gradient check
/// before every update is what caught it: before that check, such a NaN went into the weights.
/// The switch is process-wide, so leases of the two kinds never overlap: a step that needs the other kind waits for the
/// running ones to end (steps of the same kind run side by side).
/// </para>
/// </summary>
public static class CpuKernels
{
    /// <summary>The environment variable oneDNN reads for its highest instruction set.</summary>
    public const string Variable = "DNNL_MAX_CPU_ISA";

    /// <summary>The instruction set Composable holds oneDNN to when the variable is unset.</summary>
    public const string DeterministicIsa = "AVX2";

    /// <summary>The instruction set oneDNN was told to use: the variable's value when it was set, else <see cref="DeterministicIsa"/> once Composable has set it (null off Linux).</summary>
    public static string? MaxIsa => Environment.GetEnvironmentVariable(Variable) ?? NativeValue();

    /// <summary>Whether libtorch may send CPU convolutions to oneDNN now; null when this libtorch has no such switch.</summary>
    public static bool? OneDnnConvolutions => Native(() => LibTorch.UserEnabledMkldnn(LibTorch.GlobalContext()));

    private static readonly object Gate = new();
    private static int _oneDnnSteps;
    private static int _nativeSteps;
    private static volatile bool _oneDnnForAligned = true;

    // The threads holding a lease, so that a lease taken inside another keeps the outer one's kernels; keyed by thread
    // rather than thread-static, so that a lease disposed on another thread than the one that took it still ends.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, byte> Holders = new();

    /// <summary>
    /// Whether training steps of a backbone that fits oneDNN's channel blocks run their convolutions on oneDNN (true,
    /// the default) or every convolution stays on the native kernels (false). Process-wide; read when a step starts.
    /// </summary>
    public static bool OneDnnForAlignedBackbones
    {
        get => _oneDnnForAligned;
        set => _oneDnnForAligned = value;
    }

    /// <summary>
    /// The kernels a training step of a declaration with <paramref name="backbone"/> runs its convolutions on, held
    /// until the lease is disposed: nothing for no backbone or an MLP (nothing to choose), oneDNN for a
    /// <see cref="ConvBackbone"/> that fits its channel blocks (<see cref="ConvPlan.FitsOneDnnBlocks"/>) while
    /// <see cref="OneDnnForAlignedBackbones"/> allows it and the step does not differentiate convolutions' backward
    /// passes, native kernels otherwise (<see cref="Hold"/>).
    /// </summary>
    /// <param name="backbone">The declaration's backbone.</param>
    /// <param name="differentiatesConvolutionBackward">
    /// Whether the step back-propagates through convolutions' backward passes: a second-order meta-gradient through
    /// adapted conv layers (<see cref="MetaPlan.DifferentiatesConvolutionBackward"/>). oneDNN's weight-gradient kernel,
    /// as libtorch's double backward of a convolution calls it, gave NaN now and then there (see the class remarks).
    /// </param>
    public static ConvolutionLease ForTrainingStep(Backbone? backbone, bool differentiatesConvolutionBackward = false) => backbone is ConvBackbone conv
        ? Hold(_oneDnnForAligned && !differentiatesConvolutionBackward && ConvPlan.FitsOneDnnBlocks(conv) ? ConvolutionKernels.OneDnn : ConvolutionKernels.Native)
        : default;

    /// <summary>
    /// Holds CPU convolutions on <paramref name="kernels"/> until the lease is disposed, as Composable's training steps
    /// do: waits while leases of the other kind are held (leases of one kind are held side by side), and the last
    /// oneDNN lease to end turns oneDNN off again. A lease taken inside another on the same thread keeps the outer
    /// one's kernels. Code of your own that runs convolutions beside Composable's trainers, in other threads, holds a
    /// lease to be sure of its kernels.
    /// </summary>
    public static ConvolutionLease Hold(ConvolutionKernels kernels)
    {
        var thread = Environment.CurrentManagedThreadId;
        if (kernels == ConvolutionKernels.Unchosen || Holders.ContainsKey(thread)) return default;
        var oneDnn = kernels == ConvolutionKernels.OneDnn;
        lock (Gate)
        {
            while (oneDnn ? _nativeSteps > 0 : _oneDnnSteps > 0) Monitor.Wait(Gate);
            if (oneDnn)
            {
                if (_oneDnnSteps == 0 && !UseOneDnnConvolutions(true)) return default;
                _oneDnnSteps++;
            }
            else
            {
                _nativeSteps++;
            }
        }
        Holders[thread] = 0;
        return new ConvolutionLease(kernels) { Holder = thread };
    }

    internal static void Release(ConvolutionKernels kernels, int holder)
    {
        Holders.TryRemove(holder, out _);
        lock (Gate)
        {
            if (kernels == ConvolutionKernels.OneDnn)
            {
                if (--_oneDnnSteps > 0) return;
                UseOneDnnConvolutions(false);
            }
            else if (--_nativeSteps > 0)
            {
                return;
            }
            Monitor.PulseAll(Gate);
        }
    }

    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries",
        Justification = "The kernel choice must be made before the first convolution, which the first Composable call may run.")]
    internal static void OnFirstUse() => _ = Configure();

    /// <summary>
    /// Applies Composable's kernel choice: oneDNN's instruction set held to AVX2 (unless chosen), CPU convolutions
    /// on libtorch's native kernels rather than oneDNN's outside the training steps that hold oneDNN
    /// (<see cref="ForTrainingStep"/>), and MKL's products chosen by instruction set rather than CPU vendor
    /// (<see cref="MklDispatch"/>). Idempotent. Returns what applied.
    /// </summary>
    public static CpuKernelSetting Configure()
    {
        HoldOneDnnToAvx2();
        bool native;
        lock (Gate)
        {
            // While oneDNN leases are held their steps keep it; the last to end turns it off.
            native = _oneDnnSteps > 0 || UseOneDnnConvolutions(false);
        }
        return new CpuKernelSetting(MaxIsa, native ? false : OneDnnConvolutions, MklDispatch.Setting,
            native ? "CPU convolutions on libtorch's native kernels (oneDNN and NNPACK off), on oneDNN in training steps of backbones that fit its channel blocks"
                   : "this libtorch has no oneDNN switch: convolutions left on its default kernels");
    }

    /// <summary>
    /// Lets libtorch send CPU convolutions to oneDNN (<paramref name="enabled"/> true, libtorch's default) or not
    /// (Composable's choice; NNPACK is switched the same way). Returns whether the switch exists in this libtorch.
    /// </summary>
    public static bool UseOneDnnConvolutions(bool enabled) => Native(() =>
    {
        var context = LibTorch.GlobalContext();
        LibTorch.SetUserEnabledMkldnn(context, enabled);
        LibTorch.SetUserEnabledNnpack(context, enabled);
        return true;
    }) ?? false;

    /// <summary>
    /// Sets <c>DNNL_MAX_CPU_ISA=AVX2</c> in the native environment unless it is set (Linux x64 only; nothing elsewhere).
    /// </summary>
    public static void HoldOneDnnToAvx2()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64) return;
        // .NET keeps its own copy of the environment: oneDNN reads the native one, through getenv.
        if (Environment.GetEnvironmentVariable(Variable) is not null || NativeValue() is not null) return;
        _ = setenv(Variable, DeterministicIsa, 0);
    }

    private static T? Native<T>(Func<T> call) where T : struct
    {
        try { return call(); }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { return null; }
    }

    private static string? NativeValue() =>
        OperatingSystem.IsLinux() ? Marshal.PtrToStringAnsi(getenv(Variable)) : null;

    [DllImport("libc", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int setenv(string name, string value, int overwrite);

    [DllImport("libc", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern IntPtr getenv(string name);

    /// <summary>libtorch's global context switches (<c>at::globalContext()</c>, <c>at::Context::setUserEnabled…</c>), by their Itanium C++ names.</summary>
    private static class LibTorch
    {
        private const string Library = "libtorch_cpu";

        [DllImport(Library, EntryPoint = "_ZN2at13globalContextEv")]
        internal static extern IntPtr GlobalContext();

        [DllImport(Library, EntryPoint = "_ZN2at7Context20setUserEnabledMkldnnEb")]
        internal static extern void SetUserEnabledMkldnn(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

        [DllImport(Library, EntryPoint = "_ZNK2at7Context17userEnabledMkldnnEv")]
        [return: MarshalAs(UnmanagedType.U1)]
        internal static extern bool UserEnabledMkldnn(IntPtr context);

        [DllImport(Library, EntryPoint = "_ZN2at7Context20setUserEnabledNNPACKEb")]
        internal static extern void SetUserEnabledNnpack(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);
    }
}

/// <summary>The outcome of <see cref="CpuKernels.Configure"/>.</summary>
/// <param name="MaxIsa">The instruction set oneDNN is held to (null off Linux x64).</param>
/// <param name="OneDnnConvolutions">Whether CPU convolutions may go to oneDNN (null when libtorch has no switch).</param>
/// <param name="Mkl">What MKL chooses its matrix-product kernels by (<see cref="MklDispatch"/>).</param>
/// <param name="Description">What applied to convolutions, in words.</param>
public sealed record CpuKernelSetting(string? MaxIsa, bool? OneDnnConvolutions, MklDispatchSetting Mkl, string Description);

/// <summary>The kernels a training step's convolutions run on (<see cref="CpuKernels.ForTrainingStep"/>).</summary>
public enum ConvolutionKernels
{
    /// <summary>No choice made: the step has no convolutional backbone.</summary>
    Unchosen,

    /// <summary>libtorch's native im2col-and-GEMM kernels.</summary>
    Native,

    /// <summary>oneDNN's kernels (held to AVX2 unless <c>DNNL_MAX_CPU_ISA</c> says otherwise).</summary>
    OneDnn,
}

/// <summary>
/// A training step's hold on the CPU convolution kernels (<see cref="CpuKernels.ForTrainingStep"/>); disposing it ends
/// the hold, and the last oneDNN step to end turns oneDNN off again. The default value holds nothing.
/// </summary>
/// <param name="Kernels">What the step's convolutions run on.</param>
public readonly record struct ConvolutionLease(ConvolutionKernels Kernels) : IDisposable
{
    /// <summary>The managed thread that took the lease.</summary>
    internal int Holder { get; init; }

    /// <summary>Ends the hold (nothing for the default value). Dispose a lease once.</summary>
    public void Dispose()
    {
        if (Kernels != ConvolutionKernels.Unchosen) CpuKernels.Release(Kernels, Holder);
    }
}

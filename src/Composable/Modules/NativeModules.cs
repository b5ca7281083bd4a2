using System;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace Composable.Modules;

/// <summary>
/// Disposes networks so that the native half of every layer goes too.
/// </summary>
/// <remarks>
/// Every TorchSharp module is a .NET object over a native libtorch module: a C++ <c>Module</c> held through a
/// <c>shared_ptr</c>, and a second one boxed as an <c>AnyModule</c>. In TorchSharp 0.107, <c>Linear</c>,
/// <c>Conv1d/2d/3d</c>, <c>ConvTranspose1d/2d/3d</c>, <c>Bilinear</c> and <c>PReLU</c> override <c>Dispose(bool)</c>
/// without calling the base method: their weight and bias are freed but their native module is not, and nothing frees
/// it later, because TorchSharp's module handle releases only when disposed, never from its finalizer. Each such layer
/// kept about 610 bytes of C heap for the life of the process, so a loop that creates, fits and disposes a
/// hard-sharing trainer (five linear layers) grew by about 3.3 KB per trainer. <see cref="Dispose(nn.Module, bool, Action{bool})"/>
/// disposes a network as TorchSharp does and then releases every native module in it that is still held. The
/// library's networks and the generated ones call it from their <c>Dispose(bool)</c>, so disposing a network the usual
/// way is enough; a layer made on its own is disposed with <see cref="Dispose(nn.Module)"/>.
/// <para>
/// TorchSharp keeps the handles internal, so they are reached by reflection. Should a later TorchSharp rename them,
/// nothing is released and such layers leak as before; the tests pin both TorchSharp's behaviour and the release.
/// Not fixable here: TorchSharp's native <c>THSNN_custom_module</c>, behind every module defined in .NET (its own
/// layers included), allocates one <c>shared_ptr</c> that is never deleted, about 64 bytes per module made.
/// </para>
/// </remarks>
public static class NativeModules
{
    private const BindingFlags InstanceFields = BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public;

    private static readonly FieldInfo? HandleField = typeof(nn.Module).GetField("handle", InstanceFields);

    private static readonly FieldInfo? BoxedModuleField = typeof(nn.Module).GetField("boxedModule", InstanceFields);

    /// <summary>
    /// Disposes <paramref name="module"/> and every module in it, native modules included. For a layer made on its own
    /// (<c>using var head = nn.Linear(…)</c> leaves the native module behind) or a network from outside the library.
    /// </summary>
    public static void Dispose(nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        var all = module.modules().Prepend(module).ToArray();
        module.Dispose();
        foreach (var each in all) Release(each);
    }

    /// <summary>
    /// The body of a network's <c>Dispose(bool)</c>: <paramref name="disposeAsTorchSharp"/> (the base method, which
    /// disposes the parameters, buffers and modules), then, when <paramref name="disposing"/>, the native modules of
    /// the network's modules that it left held. From the finalizer it does only what the base method does.
    /// </summary>
    /// <param name="network">The network being disposed.</param>
    /// <param name="disposing">Whether <c>Dispose()</c> was called (true) or the finalizer runs (false).</param>
    /// <param name="disposeAsTorchSharp">The base class's <c>Dispose(bool)</c>: <c>base.Dispose</c>.</param>
    public static void Dispose(nn.Module network, bool disposing, Action<bool> disposeAsTorchSharp)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(disposeAsTorchSharp);
        if (!disposing)
        {
            disposeAsTorchSharp(false);
            return;
        }
        var layers = network.modules().ToArray();
        disposeAsTorchSharp(true);
        foreach (var layer in layers) Release(layer);
    }

    /// <summary>Whether <paramref name="module"/> still holds its native module (false once released, or where the handle cannot be read).</summary>
    internal static bool HoldsNativeModule(nn.Module module) =>
        HandleField?.GetValue(module) is SafeHandle { IsInvalid: false, IsClosed: false };

    /// <summary>Whether the handles can be reached in this TorchSharp: when false, <see cref="Dispose(nn.Module)"/> only disposes as TorchSharp does.</summary>
    internal static bool CanRelease => HandleField is not null && BoxedModuleField is not null;

    /// <summary>Frees the native module of an already disposed module, as TorchSharp's own <c>Module.Dispose(bool)</c> would have.</summary>
    private static void Release(nn.Module module)
    {
        if (HandleField?.GetValue(module) is not SafeHandle { IsInvalid: false, IsClosed: false } handle) return;
        handle.Dispose();
        handle.SetHandleAsInvalid();
        (BoxedModuleField?.GetValue(module) as IDisposable)?.Dispose();
    }
}

using System;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Composable.Modules;

/// <summary>
/// TorchSharp's normalisation layers, made so that the garbage collector never disposes tensors someone still holds.
/// </summary>
/// <remarks>
/// In TorchSharp 0.107 the batch, instance, layer and group norm modules dispose their weight, bias and running
/// statistics in <c>Dispose(bool)</c> whatever its argument, so also when the finalizer calls it. A norm module that
/// becomes unreachable while its tensors are still held elsewhere — a state dict taken from a network that was then
/// dropped, an optimiser's parameter list, a checkpoint being written — has those tensors disposed under the holder's
/// feet at some later collection, from the finalizer thread: "Tensor invalid -- empty handle" at the next use, or a
/// native call on a handle freed while it runs. The layers made here have that finalizer suppressed. Nothing is lost:
/// <c>Dispose()</c> still releases everything, and a tensor nobody holds is freed by its own finalizer.
/// </remarks>
public static class NormLayers
{
    /// <summary><c>nn.BatchNorm2d(features)</c> whose finalizer leaves its tensors alone.</summary>
    public static BatchNorm2d BatchNorm2d(long features) => KeepTensorsOnCollection(nn.BatchNorm2d(features));

    /// <summary>
    /// <c>nn.GroupNorm(groups, channels)</c> whose finalizer leaves its tensors alone, with PyTorch's initial scale 1 and
    /// shift 0: TorchSharp 0.107's <c>GroupNorm</c> leaves both uninitialised (whatever the allocator returned).
    /// </summary>
    public static GroupNorm GroupNorm(long groups, long channels)
    {
        var norm = KeepTensorsOnCollection(nn.GroupNorm(groups, channels));
        using (no_grad())
        {
            norm.weight!.fill_(Training.Scalars.One);
            norm.bias!.zero_();
        }
        return norm;
    }

    /// <summary><c>nn.LayerNorm(width)</c> whose finalizer leaves its tensors alone.</summary>
    public static LayerNorm LayerNorm(long width) => KeepTensorsOnCollection(nn.LayerNorm(width));

    /// <summary>
    /// Suppresses <paramref name="module"/>'s finalizer (and returns it): for a TorchSharp normalisation layer, whose
    /// finalizer would dispose tensors that may still be in use. Only for modules whose finalizer does nothing else.
    /// </summary>
    public static T KeepTensorsOnCollection<T>(T module)
        where T : nn.Module
    {
        ArgumentNullException.ThrowIfNull(module);
        GC.SuppressFinalize(module);
        return module;
    }
}

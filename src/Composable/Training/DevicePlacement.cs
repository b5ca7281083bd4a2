using System.Linq;
using Composable.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Composable.Training;

/// <summary>Puts a step's tensors on the trainer's device, moving only what is elsewhere.</summary>
public static class DevicePlacement
{
    /// <summary>
    /// <paramref name="batch"/> itself when every tensor already is on <paramref name="device"/>; otherwise a batch
    /// whose tensors were moved there (in the caller's dispose scope), a shared inputs tensor moved once so that the
    /// tasks still share it (<see cref="MultiTaskBatch.SharedInputs"/>).
    /// </summary>
    public static MultiTaskBatch To(this MultiTaskBatch batch, Device device)
    {
        if (batch.Tasks.All(task => task is null || (task.Inputs.IsOn(device) && task.Targets.IsOn(device))))
            return batch;
        var shared = batch.SharedInputs is { } inputs ? inputs.OnDevice(device) : null;
        return new MultiTaskBatch(batch.Tasks
            .Select(task => task is null ? null : new TaskBatch(shared ?? task.Inputs.OnDevice(device), task.Targets.OnDevice(device)))
            .ToArray());
    }

    /// <summary><paramref name="tensor"/> itself when it is on <paramref name="device"/>, otherwise a copy there.</summary>
    internal static Tensor OnDevice(this Tensor tensor, Device device) => tensor.IsOn(device) ? tensor : CheckedData.Carry(tensor, tensor.to(device));

    /// <summary>Whether <paramref name="tensor"/> lives on <paramref name="device"/> (a CUDA device without an index means the first).</summary>
    internal static bool IsOn(this Tensor tensor, Device device) =>
        tensor.device_type == device.type && (device.type == DeviceType.CPU || tensor.device_index == System.Math.Max(0, device.index));

    /// <summary>Where <paramref name="module"/>'s parameters live: the device its inputs must be on (the CPU for a module without parameters).</summary>
    public static Device DeviceOf(nn.Module module) => module.parameters().FirstOrDefault()?.device ?? CPU;
}

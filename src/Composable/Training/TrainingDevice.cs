using System;
using TorchSharp;
using static TorchSharp.torch;

namespace Composable.Training;

/// <summary>The device a trainer runs on: the CPU unless one is asked for, and a clear error for one this build cannot use.</summary>
public static class TrainingDevice
{
    /// <summary>
    /// <paramref name="requested"/>, or the CPU when it is null. A CUDA device without a CUDA backend (this build
    /// links the CPU libtorch unless built with <c>-p:ComposableTorchBackend=cuda</c>) or without a GPU is an error
    /// that says so, rather than a failure at the first tensor.
    /// </summary>
    /// <exception cref="ArgumentException">The device cannot be used here.</exception>
    public static Device Resolve(Device? requested)
    {
        if (requested is null) return CPU;
        if (requested.type == DeviceType.CPU) return requested;
        if (requested.type == DeviceType.CUDA)
        {
            if (!cuda.is_available())
                throw new ArgumentException(
                    $"Device '{requested}' was requested, but CUDA is not available: this build runs the CPU libtorch " +
                    "(build with -p:ComposableTorchBackend=cuda on a machine with an NVIDIA GPU), or no GPU is visible.",
                    nameof(requested));
            if (requested.index >= cuda.device_count())
                throw new ArgumentException($"Device '{requested}' was requested, but only {cuda.device_count()} CUDA device(s) are visible.", nameof(requested));
            return requested;
        }
        throw new ArgumentException($"Device '{requested}' ({requested.type}) is not supported; use the CPU or a CUDA device.", nameof(requested));
    }

    /// <summary>
    /// The device named <paramref name="name"/> (<c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>, as PyTorch spells it),
    /// checked as <see cref="Resolve"/> checks it. Prefer it to <c>torch.CUDA</c> or <c>torch.device("cuda")</c>, which
    /// fail inside TorchSharp, before any check can explain why, on a build without a CUDA backend.
    /// </summary>
    /// <exception cref="ArgumentException">The name is not a device, or the device cannot be used here.</exception>
    public static Device Parse(string name)
    {
        var trimmed = name.Trim().ToLowerInvariant();
        var colon = trimmed.IndexOf(':');
        var kind = colon < 0 ? trimmed : trimmed.Substring(0, colon);
        var index = -1;
        if (colon >= 0 && (!int.TryParse(trimmed.Substring(colon + 1), out index) || index < 0))
            throw new ArgumentException($"Device '{name}' has no valid index after ':'; write e.g. 'cuda:0'.", nameof(name));
        return kind switch
        {
            "cpu" when colon < 0 => CPU,
            "cuda" => Resolve(new Device(DeviceType.CUDA, index)),
            _ => throw new ArgumentException($"Device '{name}' is not one of cpu, cuda, cuda:N.", nameof(name)),
        };
    }
}

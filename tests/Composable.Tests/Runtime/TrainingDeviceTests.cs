using System;
using Composable.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Composable.Tests.Runtime;

/// <summary>Choosing a device: the CPU by default, PyTorch's names, and a clear error for what this build cannot run.</summary>
public sealed class TrainingDeviceTests
{
    [Fact]
    public void No_device_means_the_cpu() => Assert.Equal(DeviceType.CPU, TrainingDevice.Resolve(null).type);

    [Theory]
    [InlineData("cpu")]
    [InlineData(" CPU ")]
    public void Cpu_by_name_is_the_cpu(string name) => Assert.Equal(DeviceType.CPU, TrainingDevice.Parse(name).type);

    [Theory]
    [InlineData("cuda")]
    [InlineData("cuda:1")]
    public void Cuda_by_name_without_a_cuda_backend_says_so(string name)
    {
        if (cuda.is_available()) return; // a CUDA build on a GPU machine takes the device instead
        var error = Assert.Throws<ArgumentException>(() => TrainingDevice.Parse(name));
        Assert.Contains("CUDA is not available", error.Message);
        Assert.Contains("ComposableTorchBackend=cuda", error.Message);
    }

    [Theory]
    [InlineData("gpu")]
    [InlineData("cuda:x")]
    [InlineData("cpu:0")]
    [InlineData("cuda:-1")]
    public void A_name_that_is_no_device_is_an_error_naming_it(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => TrainingDevice.Parse(name));
        Assert.Contains($"'{name}'", error.Message);
    }
}

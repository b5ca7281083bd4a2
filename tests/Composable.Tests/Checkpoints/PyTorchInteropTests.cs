using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using Composable.Checkpoints;
using Xunit;
using static TorchSharp.torch;

namespace Composable.Tests.Checkpoints;

/// <summary>
/// Checkpoints cross between PyTorch and TorchSharp: the fixtures made by <c>Fixtures/make_fixture.py</c> (a seeded
/// Linear–BatchNorm1d–ReLU–Linear network, its state dict as .safetensors and .pt, and its output on a fixed input)
/// load into the same network built in TorchSharp, and a TorchSharp network saved here loads into PyTorch.
/// </summary>
public sealed class PyTorchInteropTests : IDisposable
{
    private readonly CheckpointFolder folder = new();

    public void Dispose() => folder.Dispose();

    private static nn.Module<Tensor, Tensor> Network(long seed)
    {
        manual_seed(seed);
        return nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Linear(8, 3));
    }

    private static (float[,] Input, float[,] Output) Expected()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(CheckpointFolder.Fixture("expected.json")));
        return (Matrix(json.RootElement.GetProperty("input")), Matrix(json.RootElement.GetProperty("output")));
    }

    private static float[,] Matrix(JsonElement rows)
    {
        var values = rows.EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetSingle()).ToArray()).ToArray();
        var matrix = new float[values.Length, values[0].Length];
        for (var i = 0; i < values.Length; i++)
            for (var j = 0; j < values[i].Length; j++) matrix[i, j] = values[i][j];
        return matrix;
    }

    private static float[,] Run(nn.Module<Tensor, Tensor> network, float[,] input)
    {
        network.eval();
        using var noGrad = no_grad();
        using var output = network.call(tensor(input));
        var (rows, columns) = ((int)output.shape[0], (int)output.shape[1]);
        var values = output.data<float>().ToArray();
        var matrix = new float[rows, columns];
        for (var i = 0; i < rows; i++)
            for (var j = 0; j < columns; j++) matrix[i, j] = values[i * columns + j];
        return matrix;
    }

    private static void AssertClose(float[,] expected, float[,] actual)
    {
        Assert.Equal(expected.GetLength(0), actual.GetLength(0));
        Assert.Equal(expected.GetLength(1), actual.GetLength(1));
        for (var i = 0; i < expected.GetLength(0); i++)
            for (var j = 0; j < expected.GetLength(1); j++)
                Assert.True(Math.Abs(expected[i, j] - actual[i, j]) < 1e-5, $"[{i}, {j}]: expected {expected[i, j]}, got {actual[i, j]}");
    }

    [Theory]
    [InlineData("model.safetensors")]
    [InlineData("model.pt")]
    public void PyTorch_fixture_loads_and_gives_pytorchs_outputs(string file)
    {
        var (input, output) = Expected();
        var network = Network(1);
        var before = Run(network, input);
        Assert.True(Math.Abs(before[0, 0] - output[0, 0]) > 1e-3, "the unloaded network must differ from PyTorch's");

        ModuleCheckpoint.Load(network, CheckpointFolder.Fixture(file));

        AssertClose(output, Run(network, input));
        Assert.Equal(3, StateDict.Of(network)["1.num_batches_tracked"].item<long>());
    }

    [Fact]
    public void Pt_and_safetensors_fixtures_hold_the_same_tensors()
    {
        using var pt = PyTorchFile.ReadStateDict(CheckpointFolder.Fixture("model.pt"));
        using var safetensors = SafetensorsFile.Read(CheckpointFolder.Fixture("model.safetensors"));

        Assert.Equal(safetensors.Tensors.Keys.Order(), pt.Tensors.Keys.Order());
        foreach (var (name, tensor) in safetensors.Tensors)
        {
            Assert.Equal(TensorLayout.Of(tensor), TensorLayout.Of(pt.Tensors[name]));
            Assert.Equal(CheckpointFolder.Bytes(tensor), CheckpointFolder.Bytes(pt.Tensors[name]));
        }
        Assert.Empty(pt.Metadata);
    }

    [Fact]
    public void Pt_file_that_is_not_a_flat_state_dict_is_refused_naming_the_entry()
    {
        var path = CheckpointFolder.Fixture("nested.pt");

        var error = Assert.Throws<CheckpointFormatException>(() => PyTorchFile.ReadStateDict(path));

        Assert.Contains("not a flat state dict: 'model'", error.Problem, StringComparison.Ordinal);
        Assert.Equal(path, error.FilePath);
    }

    [PyTorchFact]
    public void TorchSharp_checkpoint_loads_into_pytorch_and_gives_the_same_outputs()
    {
        var (input, _) = Expected();
        var network = Network(11);
        network.train();
        using (no_grad())
            for (var i = 0; i < 3; i++) network.call(randn(16, 4) * 2 + 0.5).Dispose();
        var path = folder.File("torchsharp.safetensors");
        ModuleCheckpoint.Save(network, path, new System.Collections.Generic.Dictionary<string, string> { ["composable.step"] = "3" });
        var ours = Run(network, input);

        var script = CheckpointFolder.Fixture("make_fixture.py");
        using var python = Process.Start(new ProcessStartInfo(PyTorchFactAttribute.Python, [script, "--check", path])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var stdout = python.StandardOutput.ReadToEndAsync();
        var stderr = python.StandardError.ReadToEndAsync();
        Assert.True(python.WaitForExit(TimeSpan.FromMinutes(2)), "PyTorch did not finish within two minutes");
        Assert.True(python.ExitCode == 0, $"PyTorch failed to load the checkpoint: {stderr.Result}");

        using var json = JsonDocument.Parse(stdout.Result);
        AssertClose(ours, Matrix(json.RootElement.GetProperty("output")));
    }
}

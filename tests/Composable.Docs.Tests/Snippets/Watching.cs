using System;
using System.IO;
using Composable.Data;
using Composable.Reporting.Watching;
using Composable.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Composable.Docs.Tests.Snippets;

/// <summary>The snippets of docs/watching-and-packaging.md.</summary>
public static class WatchingSnippets
{
    /// <summary>A fit watched three ways, under <paramref name="runs"/>; returns what the plain progress printed.</summary>
    public static (FitResult Fit, string Progress) WatchFit(string runs)
    {
        var progress = new StringWriter();
        // begin-snippet: watch-fit
        using var data = SyntheticTasks.Generate(Census.Spec, new SyntheticOptions(Examples: 300, Seed: 1));
        var (train, validation) = data.Split(testFraction: 0.2, seed: 1);

        using var trainer = Census.Trainer.Create(seed: 1, device: torch.CPU);
        var fit = trainer.Fit(train, new FitOptions(BatchSize: 32, Epochs: 3)
        {
            Callbacks =
            [
                Watch.Progress(plainOutput: progress, every: TimeSpan.Zero),   // a live bar on a terminal; lines here
                Watch.TensorBoard(Path.Combine(runs, "census")),                // tensorboard --logdir runs
                Watch.JsonLines(Path.Combine(runs, "census.jsonl")),            // one JSON object per step and epoch
            ],
        }, validation);
        // end-snippet
        return (fit, progress.ToString());
    }

    /// <summary>Where a trainer runs.</summary>
    public static (string Cpu, string Cuda) Devices()
    {
        // begin-snippet: devices
        using var onCpu = Census.Trainer.Create(seed: 1);                       // the CPU unless told otherwise
        var cuda = "";
        try
        {
            using var onGpu = Census.Trainer.Create(seed: 1, device: new Device(DeviceType.CUDA));
        }
        catch (ArgumentException e)                                              // this build has the CPU libtorch only
        {
            cuda = e.Message;
        }
        // end-snippet
        return (onCpu.Device.type.ToString(), cuda);
    }
}

using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using Composable.Bench.Measurement;

namespace Composable.Bench.Peers;

/// <summary>
/// The PyTorch contender: <c>bench/pytorch/hard_sharing.py --serve</c> as a child process that stays up for the
/// whole run, so its rounds interleave with the .NET contenders' rounds. The child times its own steps
/// (the pipe round-trip is not in the figure); while one side runs, the other waits on a pipe.
/// </summary>
internal sealed class PyTorchPeer : IRoundRunner
{
    public const string InstallHint = "apt-get install -y python3-torch libopenblas0-openmp";

    private readonly Process process;

    private PyTorchPeer(string name, Process process, JsonElement runtime)
    {
        Name = name;
        this.process = process;
        Runtime = runtime;
    }

    public string Name { get; }

    public int ProcessId => process.Id;

    /// <summary>What the child reported about itself: torch version, threads, BLAS libraries mapped, OpenBLAS core, environment.</summary>
    public JsonElement Runtime { get; }

    /// <summary>Starts the peer, or says in one readable message why it cannot run.</summary>
    public static (PyTorchPeer? Peer, string? Problem) TryStart(BenchOptions options) =>
        TryStart(options, new PeerSpec(Contenders.PyTorch, "hard_sharing.py", []));

    /// <summary>Starts <paramref name="spec"/>'s script (in <c>pytorch/</c> beside the binary) with its extra arguments and environment.</summary>
    public static (PyTorchPeer? Peer, string? Problem) TryStart(BenchOptions options, PeerSpec spec)
    {
        var (name, extraArguments) = (spec.Name, spec.Arguments);
        var script = Path.Combine(AppContext.BaseDirectory, "pytorch", spec.Script);
        if (!File.Exists(script)) return (null, $"PyTorch peer script not found at {script}.");

        var start = new ProcessStartInfo(options.Python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // The child inherits this environment (OPENBLAS_CORETYPE, OPENBLAS_L2_SIZE, OMP_* included), plus the spec's own.
        foreach (var (key, value) in spec.Environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        foreach (var argument in new[]
                 {
                     script, "--serve",
                     "--threads", options.Threads.ToString(CultureInfo.InvariantCulture),
                     "--batch-size", spec.BatchSize.ToString(CultureInfo.InvariantCulture),
                     "--batches", BenchOptions.FixedBatchCount.ToString(CultureInfo.InvariantCulture),
                     "--seed", BenchOptions.Seed.ToString(CultureInfo.InvariantCulture),
                 }.Concat(extraArguments))
            start.ArgumentList.Add(argument);

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("no process");
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException)
        {
            return (null, $"cannot start {options.Python} ({e.Message}). Install the PyTorch peer: {InstallHint}");
        }

        var ready = process.StandardOutput.ReadLine();
        if (ready is null)
        {
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            process.Dispose();
            var cause = error.Contains("No module named 'torch'", StringComparison.Ordinal)
                ? $"{options.Python} cannot import torch"
                : $"{options.Python} {Path.GetFileName(script)} failed: {LastLine(error)}";
            return (null, $"{cause}. Install the PyTorch peer: {InstallHint}");
        }

        // Stderr is only read once the child has exited, so a chatty child could block on a full pipe: drain it.
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        using var document = JsonDocument.Parse(ready);
        return (new PyTorchPeer(name, process, document.RootElement.GetProperty("runtime").Clone()), null);
    }

    public double Run(int steps) =>
        Request($"run {steps.ToString(CultureInfo.InvariantCulture)}").GetProperty("seconds").GetDouble();

    public double MeasureLoss() => Request("loss").GetProperty("loss").GetDouble();

    /// <summary>The child's peak resident set over its lifetime (<c>getrusage</c>'s <c>ru_maxrss</c>), in MB.</summary>
    public double PeakResidentMegabytes() => Request("memory").GetProperty("peak_mb").GetDouble();

    /// <summary>The child's GEMM rate in GFLOP/s: the best of <see cref="Sweep.GemmRate"/>'s timed groups of [m×k]·[k×n] products.</summary>
    public double GemmGigaFlopsPerSecond(int m, int k, int n) =>
        Request(string.Create(CultureInfo.InvariantCulture, $"gemm {m} {k} {n}")).GetProperty("gflops").GetDouble();

    private JsonElement Request(string command)
    {
        process.StandardInput.WriteLine(command);
        process.StandardInput.Flush();
        var reply = process.StandardOutput.ReadLine()
            ?? throw new InvalidOperationException($"the PyTorch peer exited during '{command}' (exit code {ExitCode()})");
        using var document = JsonDocument.Parse(reply);
        return document.RootElement.TryGetProperty("error", out var error)
            ? throw new InvalidOperationException($"the PyTorch peer refused '{command}': {error.GetString()}")
            : document.RootElement.Clone();
    }

    private string ExitCode() => process.WaitForExit(1000) ? process.ExitCode.ToString(CultureInfo.InvariantCulture) : "still running";

    private static string LastLine(string text)
    {
        var lines = text.TrimEnd().Split('\n');
        return lines.Length == 0 ? "(no output)" : lines[^1];
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.StandardInput.WriteLine("quit");
            process.StandardInput.Close();
            if (!process.WaitForExit(5000)) process.Kill();
        }
        process.Dispose();
    }
}

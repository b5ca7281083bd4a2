using System;
using System.Diagnostics;
using Xunit;

namespace Composable.Tests.Checkpoints;

/// <summary>
/// A fact that needs Debian's PyTorch (<c>/usr/bin/python3</c> with <c>import torch</c>); skipped, with the reason
/// and the install command, where that import fails.
/// </summary>
public sealed class PyTorchFactAttribute : FactAttribute
{
    public const string Python = "/usr/bin/python3";

    private static readonly Lazy<string?> Missing = new(Probe);

    public PyTorchFactAttribute()
    {
        if (Missing.Value is { } reason) Skip = reason;
    }

    private static string? Probe()
    {
        const string hint = "apt-get install -y python3-torch libopenblas0-openmp";
        try
        {
            using var process = Process.Start(new ProcessStartInfo(Python, ["-c", "import torch"])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            })!;
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(1))) return $"{Python} -c \"import torch\" did not finish within a minute.";
            return process.ExitCode == 0 ? null : $"{Python} -c \"import torch\" failed ({error.Result.Trim()}); install it with: {hint}";
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return $"cannot start {Python} ({e.Message}); install PyTorch with: {hint}";
        }
    }
}

using System;
using System.Linq;
using MetaSinusoid;

// MAML sinusoid regression (Finn et al. 2017, §5.1) with Composable's meta-learners and baselines.
//   dotnet run -c Release --project examples/MetaSinusoid -- [--quick] [--iterations N] [--out results.json] [--plot mse.png] [--memory]
// The tensors are tiny: one intra-op thread is fastest and does not fight other processes for the cores.
TorchSharp.torch.set_num_threads(1);
if (args.Length == 4 && args[0] == "--memory-child")
{
    MemoryProbe.Child(int.Parse(args[1]), int.Parse(args[2]), int.Parse(args[3]));
    return 0;
}
var (parsed, from, exitCode) = SinusoidCommandLine.Parse(args, Console.Out, Console.Error);
if (parsed is not { } options) return exitCode;
if (from.Count > 0)
{
    // Re-render the table and plots of saved results: --from results.json [more.json…] [--plot FILE]
    var saved = from.SelectMany(Report.Load).ToArray();
    Console.Write(Report.Table(saved));
    if (options.Plot is not null)
        foreach (var file in Report.Plot(options.Plot, saved)) Console.WriteLine($"Wrote {file}");
    return 0;
}
Console.WriteLine($"Meta-iterations {options.MetaIterations}, {options.EvaluationTasks} held-out tasks, K = {string.Join(", ", options.Shots)}, torch threads {TorchSharp.torch.get_num_threads()}");
var results = SinusoidReproduction.Run(options, Console.WriteLine);
Console.WriteLine();
Console.Write(Report.Table(results));

MemoryResult[]? memory = null;
if (options.Memory)
{
    Console.WriteLine("Second-order MAML meta-gradient (K = 10), task-batched vs per-task loop:");
    foreach (var (tasks, steps) in new[] { (5, 1), (25, 1), (25, 5) })
    {
        var b = BatchingProbe.Run(tasks, steps);
        Console.WriteLine($"  {b.Tasks,3} tasks, {b.InnerSteps} inner steps: batched {b.BatchedMilliseconds,6:F2} ms, loop {b.LoopMilliseconds,6:F2} ms ({b.LoopMilliseconds / b.BatchedMilliseconds:F1}x)");
    }
    Console.WriteLine("Peak memory of second-order MAML (meta-batch 25, 1-40-40-1) against inner steps:");
    memory = new[] { 10, 1000 }.SelectMany(points => MemoryProbe.Run(5, points)).ToArray();
    foreach (var m in memory)
        Console.WriteLine($"  {m.Points,5} points/task, {m.InnerSteps} inner steps: peak +{m.PeakAboveBaselineMiB,7:F1} MiB, {m.MillisecondsPerStep,7:F1} ms/meta-step ({m.Method})");
}

if (options.Out is not null)
{
    Report.Json(options.Out, options, results, memory);
    Console.WriteLine($"Wrote {options.Out}");
}
if (options.Plot is not null)
{
    try
    {
        foreach (var file in Report.Plot(options.Plot, results)) Console.WriteLine($"Wrote {file}");
    }
    catch (Exception e) when (e is TypeInitializationException or DllNotFoundException)
    {
        Console.WriteLine($"Plot not rendered: {e.GetBaseException().Message}");
    }
}
return 0;

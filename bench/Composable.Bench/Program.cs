using System;
using System.IO;
using System.Text.Json;
using Composable.Bench;
using Composable.Bench.Reporting;

BenchOptions? parsed;
try
{
    parsed = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}
if (parsed is not { } options)
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

if (options.Phases)
{
    Composable.Bench.Maml.MamlPhaseProbe.Run(options, Console.Out);
    return 0;
}

var report = BenchmarkRun.Execute(options, Console.Out);
ReportTable.Write(report, Console.Out);
if (options.OutputFile is { } file)
{
    File.WriteAllText(file, JsonSerializer.Serialize(report, BenchReportJson.Default.BenchReport));
    Console.WriteLine($"  Figures written to {Path.GetFullPath(file)}");
}
return 0;

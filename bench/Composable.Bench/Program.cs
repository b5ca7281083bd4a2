using System;
using System.IO;
using System.Text.Json;
using Composable.Bench;
using Composable.Bench.Reporting;

var (parsed, exitCode) = BenchCommandLine.Parse(args, Console.Out, Console.Error);
if (parsed is not { } options) return exitCode;

if (options.Phases)
{
    if (options.Model == "protonet") Composable.Bench.ProtoNet.ProtoNetPhaseProbe.Run(options, Console.Out);
    else Composable.Bench.Maml.MamlPhaseProbe.Run(options, Console.Out);
    return 0;
}

if (options.Bound)
{
    Composable.Bench.ConvMaml.ConvMamlBatchingBound.Run(options, Console.Out);
    return 0;
}

if (options.Soak)
{
    var soak = Composable.Bench.Soak.SoakRun.Execute(options, Console.Out);
    Composable.Bench.Soak.SoakTable.Write(soak, Console.Out);
    WriteJson(soak, BenchReportJson.Default.SoakReport);
    return 0;
}

if (options.Sweep)
{
    var sweep = Composable.Bench.Sweep.SweepRun.Execute(options, Console.Out);
    Composable.Bench.Sweep.SweepTable.Write(sweep, Console.Out);
    WriteJson(sweep, BenchReportJson.Default.SweepReport);
    return 0;
}

BenchReport report;
try
{
    report = BenchmarkRun.Execute(options, Console.Out);
}
catch (FileNotFoundException e) when (options.Model == "protonet")
{
    // The glyph episodes need Debian's python3-kanjidraw; the message names it.
    Console.Error.WriteLine($"--model protonet needs the kanji glyph data: {e.Message}");
    return 1;
}
ReportTable.Write(report, Console.Out);
if (options.Model == "objectives")
{
    Console.WriteLine();
    Composable.Bench.Objectives.ObjectiveSummary.Write(report, Console.Out);
}
WriteJson(report, BenchReportJson.Default.BenchReport);
return 0;

void WriteJson<T>(T figures, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
{
    if (options.OutputFile is not { } file) return;
    File.WriteAllText(file, JsonSerializer.Serialize(figures, type));
    Console.WriteLine($"  Figures written to {Path.GetFullPath(file)}");
}

using System.Text.Json.Serialization;

namespace Composable.Bench.Reporting;

/// <summary>Source-generated JSON for <see cref="BenchReport"/> , <see cref="Soak.SoakReport"/> and <see cref="Sweep.SweepReport"/> (snake_case, indented).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(BenchReport))]
[JsonSerializable(typeof(Soak.SoakReport))]
[JsonSerializable(typeof(Sweep.SweepReport))]
internal sealed partial class BenchReportJson : JsonSerializerContext;

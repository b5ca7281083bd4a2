using System.Text.Json.Serialization;

namespace Composable.Bench.Reporting;

/// <summary>Source-generated JSON for <see cref="BenchReport"/> and <see cref="Soak.SoakReport"/> (snake_case, indented).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(BenchReport))]
[JsonSerializable(typeof(Soak.SoakReport))]
internal sealed partial class BenchReportJson : JsonSerializerContext;

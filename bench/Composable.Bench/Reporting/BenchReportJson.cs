using System.Text.Json.Serialization;

namespace Composable.Bench.Reporting;

/// <summary>Source-generated JSON for <see cref="BenchReport"/> (snake_case, indented).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(BenchReport))]
internal sealed partial class BenchReportJson : JsonSerializerContext;

using System.Text.Json.Serialization;

namespace Composable.Bench.Reporting;

/// <summary>
/// Source-generated JSON for <see cref="BenchReport"/>, <see cref="Soak.SoakReport"/> and <see cref="Sweep.SweepReport"/>
/// (snake_case, indented). A figure that could not be measured is NaN (the outside load off Linux, a skipped family's
/// rate), written as <c>"NaN"</c>.
/// </summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(BenchReport))]
[JsonSerializable(typeof(Soak.SoakReport))]
[JsonSerializable(typeof(Sweep.SweepReport))]
internal sealed partial class BenchReportJson : JsonSerializerContext;

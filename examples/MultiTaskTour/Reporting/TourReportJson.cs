using System.Text.Json.Serialization;

namespace MultiTaskTour.Reporting;

/// <summary>
/// Source-generated JSON of <see cref="TourReport"/>: snake_case, indented, enums as names. NaN is written as
/// "NaN" (an AUC is NaN when a test set holds one class only) instead of failing the whole file.
/// </summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UseStringEnumConverter = true,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(TourReport))]
internal sealed partial class TourReportJson : JsonSerializerContext;

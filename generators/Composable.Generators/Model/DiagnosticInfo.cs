namespace Composable.Generators.Model;

/// <summary>A diagnostic to report: catalog id, finished message and where.</summary>
internal sealed record DiagnosticInfo(string Id, string Message, LocationInfo Location);

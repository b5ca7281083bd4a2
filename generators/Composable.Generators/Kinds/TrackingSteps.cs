namespace Composable.Generators.Kinds;

/// <summary>Tracking names of one declaration kind's pipeline steps, so tests can assert what was cached.</summary>
internal sealed record TrackingSteps(string Parse, string Validate, string Emit);

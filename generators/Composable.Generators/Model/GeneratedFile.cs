namespace Composable.Generators.Model;

/// <summary>One emitted source file.</summary>
internal sealed record GeneratedFile(string HintName, string Source);

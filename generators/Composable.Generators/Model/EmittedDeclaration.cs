namespace Composable.Generators.Model;

/// <summary>The emitted files of one declaration.</summary>
internal sealed record EmittedDeclaration(EquatableArray<GeneratedFile> Files);

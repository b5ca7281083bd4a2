using Composable.Generators.Diagnostics;
using Composable.Generators.Kinds;
using Composable.Generators.Model;
using Composable.Generators.Parse;
using Composable.Generators.Validate;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Composable.Generators;

/// <summary>
/// Compiles each [MultiTaskModel], [MetaLearner], [FewShotLearner] and [FineTuning] declaration into typed TorchSharp code. Every
/// family runs the same pipeline, Parse → Validate → Emit, described by its <see cref="DeclarationKind{TSpec}"/>; each
/// stage produces plain equatable values, and every problem becomes a diagnostic, never an exception.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class DeclarationGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        Register(context, DeclarationKinds.MultiTask);
        Register(context, DeclarationKinds.MetaLearner);
        Register(context, DeclarationKinds.FewShotLearner);
        Register(context, DeclarationKinds.FineTuning);
    }

    /// <summary>One Parse → Validate → Emit pipeline for the declarations marked with <paramref name="kind"/>'s attribute.</summary>
    private static void Register<TSpec>(IncrementalGeneratorInitializationContext context, DeclarationKind<TSpec> kind)
        where TSpec : class
    {
        var emitted = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                kind.AttributeMetadataName,
                static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax,
                (ctx, ct) => DeclarationParser.Parse(ctx, kind, ct))
            .WithTrackingName(kind.Steps.Parse)
            .Select((result, _) => DeclarationValidator.Validate(result, kind.Rules))
            .WithTrackingName(kind.Steps.Validate)
            .Select((result, _) => result.Value is { } model
                ? NameClashes.Check(model, kind.Attribute, kind.Emit(model), result.Diagnostics)
                : new Result<EmittedDeclaration>(null, result.Diagnostics))
            .WithTrackingName(kind.Steps.Emit);

        context.RegisterSourceOutput(emitted, static (spc, result) => Report(spc, result));
    }

    private static void Report(SourceProductionContext context, Result<EmittedDeclaration> result)
    {
        foreach (var diagnostic in result.Diagnostics)
            context.ReportDiagnostic(DiagnosticDescriptors.Create(diagnostic));
        if (result.Value is { } declaration)
            foreach (var file in declaration.Files)
                context.AddSource(file.HintName, file.Source);
    }
}

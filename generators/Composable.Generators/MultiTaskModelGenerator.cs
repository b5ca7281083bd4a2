using System;
using Composable.Generators.Diagnostics;
using Composable.Generators.Emitting;
using Composable.Generators.Model;
using Composable.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Composable.Generators;

/// <summary>
/// Compiles each [MultiTaskModel], [MetaLearner] and [FewShotLearner] declaration into typed TorchSharp code. Parse → Validate → Emit; each stage
/// produces plain equatable values, and every problem becomes a diagnostic, never an exception.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class MultiTaskModelGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                DeclarationParser.AttributeName,
                static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax,
                static (ctx, ct) => DeclarationParser.Parse(ctx, ct))
            .WithTrackingName(StepNames.Parse);

        var validated = parsed
            .Select(static (result, _) => DeclarationValidator.Validate(result))
            .WithTrackingName(StepNames.Validate);

        var emitted = validated
            .Select(static (result, _) => new Result<EmittedDeclaration>(
                result.Value is { } model ? new EmittedDeclaration(Emitter.Emit(model)) : null,
                result.Diagnostics))
            .WithTrackingName(StepNames.Emit);

        context.RegisterSourceOutput(emitted, static (spc, result) => Report(spc, result));

        RegisterDeclarations<MetaLearnerSpec>(context, DeclarationKind.MetaLearner,
            (StepNames.MetaParse, StepNames.MetaValidate, StepNames.MetaEmit), DeclarationValidator.Validate, MetaEmitter.Emit);
        RegisterDeclarations<FewShotLearnerSpec>(context, DeclarationKind.FewShotLearner,
            (StepNames.FewShotParse, StepNames.FewShotValidate, StepNames.FewShotEmit), DeclarationValidator.Validate, FewShotEmitter.Emit);
    }

    /// <summary>One Parse → Validate → Emit pipeline for the declarations marked with <paramref name="kind"/>'s attribute.</summary>
    private static void RegisterDeclarations<TSpec>(
        IncrementalGeneratorInitializationContext context,
        DeclarationKind kind,
        (string Parse, string Validate, string Emit) steps,
        Func<Result<DeclarationModel<TSpec>>, Result<DeclarationModel<TSpec>>> validate,
        Func<DeclarationModel<TSpec>, EquatableArray<GeneratedFile>> emit)
        where TSpec : class
    {
        var emitted = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                kind.AttributeMetadataName,
                static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax,
                (ctx, ct) => DeclarationParser.Parse<TSpec>(ctx, kind, ct))
            .WithTrackingName(steps.Parse)
            .Select((result, _) => validate(result))
            .WithTrackingName(steps.Validate)
            .Select((result, _) => new Result<EmittedDeclaration>(
                result.Value is { } model ? new EmittedDeclaration(emit(model)) : null,
                result.Diagnostics))
            .WithTrackingName(steps.Emit);

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

/// <summary>The emitted files of one declaration.</summary>
internal sealed record EmittedDeclaration(EquatableArray<GeneratedFile> Files);

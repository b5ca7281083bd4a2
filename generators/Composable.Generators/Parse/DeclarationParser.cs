using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Composable.Generators.Kinds;
using Composable.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Composable.Generators.Parse;

/// <summary>Parse stage: a declaring class → its names and evaluated declaration value, or diagnostics.</summary>
internal static class DeclarationParser
{
    public static Result<DeclarationModel<TSpec>> Parse<TSpec>(GeneratorAttributeSyntaxContext context, DeclarationKind<TSpec> kind, CancellationToken cancellation)
        where TSpec : class
    {
        var specTypeName = kind.SpecType.FullName;
        var specName = kind.SpecType.Name;
        if (context.TargetSymbol is not INamedTypeSymbol type || context.TargetNode is not TypeDeclarationSyntax syntax)
            return Result<DeclarationModel<TSpec>>.Fail();

        var notPartial = NotPartial(type, kind, cancellation).ToArray();
        if (notPartial.Length > 0)
            return Result<DeclarationModel<TSpec>>.Fail(notPartial);

        var fields = type.GetMembers().OfType<IFieldSymbol>()
            .Where(f => f.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) == "global::" + specTypeName)
            .ToArray();
        if (fields.Length == 0)
            return Missing<TSpec>(syntax.Identifier,
                $"'{type.Name}' is marked [{kind.Attribute}] but declares no 'static readonly {specName}' field; declare the model in one.");
        if (fields.Length > 1)
            return Missing<TSpec>(Identifier(fields[1], cancellation) ?? syntax.Identifier,
                $"'{type.Name}' declares {fields.Length} {specName} fields ({string.Join(", ", fields.Select(f => f.Name))}); declare one model per [{kind.Attribute}] class.");

        var field = fields[0];
        var declarator = field.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellation)).OfType<VariableDeclaratorSyntax>().First();
        if (!field.IsStatic || !field.IsReadOnly)
            return Missing<TSpec>(declarator.Identifier,
                $"The declaration field '{field.Name}' must be 'static readonly' so that the generated code and the run time see one value.");
        if (declarator.Initializer is null)
            return Missing<TSpec>(declarator.Identifier, $"The declaration field '{field.Name}' has no initializer to compile.");

        var model = context.SemanticModel.Compilation.GetSemanticModel(declarator.SyntaxTree);
        var operation = model.GetOperation(declarator.Initializer.Value, cancellation);
        if (operation is null)
            return Result<DeclarationModel<TSpec>>.Fail(new DiagnosticInfo(DeclarationErrorIds.Unevaluable,
                $"The initializer of '{field.Name}' cannot be analysed.", LocationInfo.From(declarator.Initializer.Value)));

        var evaluator = new InitializerEvaluator(context.SemanticModel.Compilation, cancellation);
        var value = evaluator.Evaluate(operation, kind.SpecType, "");
        if (evaluator.Errors.Count > 0 || value is not TSpec spec)
            return new Result<DeclarationModel<TSpec>>(null, new EquatableArray<DiagnosticInfo>(evaluator.Errors));

        return Result<DeclarationModel<TSpec>>.Ok(new DeclarationModel<TSpec>(
            type.ContainingNamespace.IsGlobalNamespace ? null : type.ContainingNamespace.ToDisplayString(),
            new EquatableArray<ContainingType>(ContainingTypes(type)),
            Keyword(type),
            NameWithTypeParameters(type),
            Escaped(field.Name),
            spec,
            new EquatableArray<ArgumentLocation>(evaluator.Locations))
        {
            NameLocation = LocationInfo.From(syntax.Identifier.GetLocation()),
        });
    }

    private static Result<DeclarationModel<TSpec>> Missing<TSpec>(SyntaxToken at, string message)
        where TSpec : class =>
        Result<DeclarationModel<TSpec>>.Fail(new DiagnosticInfo(DeclarationErrorIds.MissingDeclaration, message, LocationInfo.From(at.GetLocation())));

    private static IEnumerable<DiagnosticInfo> NotPartial<TSpec>(INamedTypeSymbol type, DeclarationKind<TSpec> kind, CancellationToken cancellation)
        where TSpec : class
    {
        for (var current = type; current is not null; current = current.ContainingType)
        {
            var declarations = current.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellation)).OfType<TypeDeclarationSyntax>().ToArray();
            if (declarations.Length > 0 && declarations.All(d => !d.Modifiers.Any(SyntaxKind.PartialKeyword)))
            {
                var role = SymbolEqualityComparer.Default.Equals(current, type) ? $"a [{kind.Attribute}] type" : $"the type containing [{kind.Attribute}] '{type.Name}'";
                yield return new DiagnosticInfo(DeclarationErrorIds.NotPartial,
                    $"'{current.Name}' is {role} and must be declared 'partial': the generator adds the typed {kind.Members} to it.",
                    LocationInfo.From(declarations[0].Identifier.GetLocation()));
            }
        }
    }

    private static SyntaxToken? Identifier(IFieldSymbol field, CancellationToken cancellation) =>
        field.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellation)).OfType<VariableDeclaratorSyntax>().FirstOrDefault()?.Identifier;

    private static IEnumerable<ContainingType> ContainingTypes(INamedTypeSymbol type)
    {
        var chain = new List<ContainingType>();
        for (var current = type.ContainingType; current is not null; current = current.ContainingType)
            chain.Insert(0, new ContainingType(Keyword(current), NameWithTypeParameters(current)));
        return chain;
    }

    private static string Keyword(INamedTypeSymbol type) => type switch
    {
        { IsRecord: true, TypeKind: TypeKind.Struct } => "record struct",
        { IsRecord: true } => "record",
        { TypeKind: TypeKind.Struct } => "struct",
        { TypeKind: TypeKind.Interface } => "interface",
        _ => "class",
    };

    private static string NameWithTypeParameters(INamedTypeSymbol type) =>
        type.TypeParameters.Length == 0 ? Escaped(type.Name) : $"{Escaped(type.Name)}<{string.Join(", ", type.TypeParameters.Select(p => Escaped(p.Name)))}>";

    /// <summary>A name as C# source must spell it: a keyword (a class declared <c>@class</c>) takes the verbatim prefix.</summary>
    private static string Escaped(string name) => SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None ? name : "@" + name;
}

using System;
using System.Collections.Generic;
using System.Linq;
using Composable.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Composable.Generators.Validate;

/// <summary>
/// The last check, on the emitted text: inside the declaring type a simple name is looked up in the type, then in
/// its namespace (where the declaring type itself lives), and only then in the usings, so a declaring type (or a type
/// containing it) named like something the generated code declares (<c>Model</c>, <c>Trainer</c>…) or reads
/// unqualified (<c>Tensor</c>, <c>torch</c>, <c>var</c>) captures that name and the generated code does not compile.
/// Such a declaration is CMP0015 at the type's name, and nothing is generated. Found by fuzzing the generator.
/// </summary>
internal static class NameClashes
{
    public static Result<EmittedDeclaration> Check<TSpec>(
        DeclarationModel<TSpec> model, string attribute, EquatableArray<GeneratedFile> files, EquatableArray<DiagnosticInfo> diagnostics)
        where TSpec : class
    {
        var names = model.ContainingTypes.Select(t => SimpleName(t.Name)).Append(SimpleName(model.TypeName)).ToArray();
        var field = SimpleName(model.FieldName);
        foreach (var file in files)
        {
            if (DeclaresMember(file.Source, SimpleName(model.TypeName), field))
            {
                var location = model.NameLocation ?? DeclarationValidator.Locate(model, "");
                return new Result<EmittedDeclaration>(null, new EquatableArray<DiagnosticInfo>(diagnostics.Append(new DiagnosticInfo(
                    DeclarationErrorIds.NameClash,
                    $"The code generated for the [{attribute}] type '{SimpleName(model.TypeName)}' declares a member named '{field}', like the declaration field, " +
                    "so the generated code would not compile; rename the field (Spec is usual).",
                    location))));
            }
            if (Captured(file.Source, names, SimpleName(model.TypeName), model.FieldName) is not { } name) continue;
            var at = model.NameLocation ?? DeclarationValidator.Locate(model, "");
            return new Result<EmittedDeclaration>(null, new EquatableArray<DiagnosticInfo>(diagnostics.Append(new DiagnosticInfo(
                DeclarationErrorIds.NameClash,
                $"The code generated for the [{attribute}] type '{SimpleName(model.TypeName)}' declares or reads the name '{name}' for something else, " +
                $"which the type named '{name}' would capture, so the generated code would not compile; rename the type.",
                at))));
        }
        return new Result<EmittedDeclaration>(new EmittedDeclaration(files), diagnostics);
    }

    /// <summary>
    /// The first of <paramref name="names"/> that <paramref name="source"/> uses as a simple name, or declares as a member
    /// of the declaring type itself, other than to re-open the partial types or to read the declaration field. A name
    /// declared deeper (a member of a generated nested type, a local) captures nothing.
    /// </summary>
    private static string? Captured(string source, IReadOnlyCollection<string> names, string typeName, string fieldName)
    {
        var tokens = SyntaxFactory.ParseTokens(source).ToArray();
        // Using directives and the namespace's own name bind outside the type: start at its first re-opening.
        var start = Array.FindIndex(tokens, t => t.IsKind(SyntaxKind.PartialKeyword) || t.ValueText == "partial");
        var memberDepth = MemberDepth(tokens, start, typeName);
        // A use of a name some generated nested type declares (a trainer's Device) binds to that member, not to the type.
        var declaredDeeper = new HashSet<string>(StringComparer.Ordinal);
        for (int i = Math.Max(start, 1), depth = 0; i < tokens.Length; i++)
        {
            if (tokens[i].IsKind(SyntaxKind.OpenBraceToken)) depth++;
            else if (tokens[i].IsKind(SyntaxKind.CloseBraceToken)) depth--;
            else if (tokens[i].IsKind(SyntaxKind.IdentifierToken) && depth > memberDepth && Declares(tokens[i - 1]) && !ReopensPartialType(tokens, i))
                declaredDeeper.Add(tokens[i].ValueText);
        }

        var depthHere = 0;
        for (var i = Math.Max(start, 0); i < tokens.Length; i++)
        {
            var token = tokens[i];
            if (token.IsKind(SyntaxKind.OpenBraceToken)) depthHere++;
            else if (token.IsKind(SyntaxKind.CloseBraceToken)) depthHere--;
            if (!token.IsKind(SyntaxKind.IdentifierToken) || !names.Contains(token.ValueText)) continue;
            var previous = i > 0 ? tokens[i - 1] : default;
            var next = i + 1 < tokens.Length ? tokens[i + 1] : default;
            if (ReopensPartialType(tokens, i)) continue;
            if (previous.IsKind(SyntaxKind.DotToken) || previous.IsKind(SyntaxKind.ColonColonToken)) continue;
            // A generic name (Module<Tensor, Tensor>) is another name than a non-generic type's; contextual keywords
            // (nameof(…), record X, the discard _) are not looked up as names.
            if (next.IsKind(SyntaxKind.LessThanToken) || token.ValueText == "_") continue;
            if (token.ValueText == "nameof" && next.IsKind(SyntaxKind.OpenParenToken)) continue;
            if (token.ValueText == "record" && (next.IsKind(SyntaxKind.IdentifierToken) || next.IsKind(SyntaxKind.StructKeyword) || next.IsKind(SyntaxKind.ClassKeyword))) continue;
            if (token.ValueText == typeName && next.IsKind(SyntaxKind.DotToken) && i + 2 < tokens.Length && tokens[i + 2].ValueText == fieldName) continue;
            if (Declares(previous) ? depthHere != memberDepth : declaredDeeper.Contains(token.ValueText)) continue;
            return token.ValueText;
        }
        return null;
    }

    /// <summary>Whether <paramref name="source"/> declares a member (or nested type) named <paramref name="name"/> directly in the declaring type.</summary>
    private static bool DeclaresMember(string source, string typeName, string name)
    {
        var tokens = SyntaxFactory.ParseTokens(source).ToArray();
        var start = Array.FindIndex(tokens, t => t.IsKind(SyntaxKind.PartialKeyword) || t.ValueText == "partial");
        var memberDepth = MemberDepth(tokens, start, typeName);
        for (int i = Math.Max(start, 1), depth = 0; i < tokens.Length; i++)
        {
            if (tokens[i].IsKind(SyntaxKind.OpenBraceToken)) depth++;
            else if (tokens[i].IsKind(SyntaxKind.CloseBraceToken)) depth--;
            else if (depth == memberDepth && tokens[i].IsKind(SyntaxKind.IdentifierToken) && tokens[i].ValueText == name
                     && Declares(tokens[i - 1]) && !ReopensPartialType(tokens, i))
                return true;
        }
        return false;
    }

    /// <summary>The brace depth of the declaring type's members: one below the brace after its re-opening.</summary>
    private static int MemberDepth(SyntaxToken[] tokens, int start, string typeName)
    {
        for (int i = Math.Max(start, 0), depth = 0; i < tokens.Length; i++)
        {
            if (tokens[i].IsKind(SyntaxKind.OpenBraceToken)) depth++;
            else if (tokens[i].IsKind(SyntaxKind.CloseBraceToken)) depth--;
            else if (tokens[i].ValueText == typeName && ReopensPartialType(tokens, i)) return depth + 1;
        }
        return -1;
    }

    /// <summary>Whether an identifier after <paramref name="previous"/> is a declared name (after a type or a type keyword) rather than a use.</summary>
    private static bool Declares(SyntaxToken previous) =>
        previous.IsKind(SyntaxKind.IdentifierToken) || SyntaxFacts.IsPredefinedType(previous.Kind())
        || previous.IsKind(SyntaxKind.GreaterThanToken) || previous.IsKind(SyntaxKind.CloseBracketToken) || previous.IsKind(SyntaxKind.QuestionToken)
        || previous.IsKind(SyntaxKind.ClassKeyword) || previous.IsKind(SyntaxKind.StructKeyword) || previous.IsKind(SyntaxKind.InterfaceKeyword)
        || previous.IsKind(SyntaxKind.EnumKeyword) || previous.IsKind(SyntaxKind.DelegateKeyword);

    /// <summary>Whether the identifier at <paramref name="i"/> follows <c>partial class</c> (<c>struct</c>, <c>interface</c>, <c>record</c>, <c>record struct</c>).</summary>
    private static bool ReopensPartialType(SyntaxToken[] tokens, int i)
    {
        for (var back = i - 1; back >= Math.Max(0, i - 3); back--)
        {
            var token = tokens[back];
            if (token.IsKind(SyntaxKind.PartialKeyword) || token.ValueText == "partial") return true;
            if (!(token.IsKind(SyntaxKind.ClassKeyword) || token.IsKind(SyntaxKind.StructKeyword) || token.IsKind(SyntaxKind.InterfaceKeyword)
                  || token.ValueText == "record"))
                return false;
        }
        return false;
    }

    private static string SimpleName(string name)
    {
        var generic = name.IndexOf('<');
        return (generic < 0 ? name : name.Substring(0, generic)).TrimStart('@');
    }
}

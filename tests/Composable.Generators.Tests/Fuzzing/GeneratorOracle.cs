using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Composable.Generators.Tests.Fuzzing;

/// <summary>A property of the generator did not hold for one input.</summary>
internal sealed class PropertyViolation(string message) : Exception(message);

/// <summary>
/// The properties the fuzz tests check, as plain functions that throw <see cref="PropertyViolation"/> (so CsCheck
/// shrinks the input) and return what they saw (for the long run's figures).
/// </summary>
internal static class GeneratorOracle
{
    /// <summary>The bound on one generator run; longer counts as a hang.</summary>
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    private static readonly string[] Attributes = { "MultiTaskModel", "MetaLearner", "FewShotLearner", "FineTuning" };

    /// <summary>
    /// Runs the generator on <paramref name="source"/> on a worker, failing when it takes longer than <see cref="Bound"/>
    /// twice in a row: the machine is shared, so one slow run under load is retried once; a loop that does not end, or
    /// work that grows too fast with the input, exceeds the bound both times.
    /// </summary>
    public static GeneratorRun RunBounded(string source)
    {
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var run = Task.Run(() => GeneratorHarness.Run(source));
            if (run.Wait(Bound)) return run.Result;
        }
        throw new PropertyViolation($"hang: the generator ran longer than {Bound.TotalSeconds} s, twice");
    }

    /// <summary>
    /// A valid declaration: the shared rules accept the value; the generator reports nothing and does not throw; the
    /// output compiles; and every declaring class's Graph constant equals the shared plan's rendering of the value.
    /// </summary>
    public static void CheckValid(ValidDeclaration declaration)
    {
        if (declaration.RuleErrors.Count > 0)
            throw new PropertyViolation("the fuzzer drew an invalid value (fix the generator of declarations): " +
                string.Join("; ", declaration.RuleErrors.Select(e => $"{e.Id} at {e.Path}: {e.Message}")));
        var run = RunBounded(declaration.Source);
        NoCrash(run);
        if (run.Diagnostics.Length > 0)
            throw new PropertyViolation("diagnostics on a valid declaration:\n" + run.DiagnosticsText);
        var errors = run.CompileErrors.Where(e => !GeneratorHarness.FewShotRunTimeMissing(e)).ToArray();
        if (errors.Length > 0)
            throw new PropertyViolation("the generated code does not compile:\n" + string.Join("\n", errors.Take(5)));
        foreach (var expected in declaration.Graphs)
        {
            var actual = GraphOf(run, expected.TypeName);
            if (actual != expected.Text)
                throw new PropertyViolation($"the Graph of {expected.TypeName} differs from the plan's rendering:\n--- generated\n{actual}\n--- plan\n{expected.Text}");
        }
    }

    /// <summary>
    /// Any input: the generator does not throw (no exception, no CS8784/CS8785), ends within <see cref="Bound"/>, and
    /// reports only CMP diagnostics, each inside a declaring class's text (a class carrying one of the four attributes)
    /// or that of a type containing it.
    /// A declaring class it generates nothing for is rejected; a rejection must be explained, by a CMP error inside that
    /// class's (or its containing types') text, or inside a declaring class whose field it reads, or by a C# compiler error in the input (what the
    /// user sees first). A class with a CMP error in its text gets no code (unless another declaration reads it and the
    /// error may be that one's). A class it generates code for
    /// with no CMP error, in an input without compiler errors, must compile. Returns the generator's diagnostic ids.
    /// </summary>
    public static IReadOnlyList<string> CheckAny(string source)
    {
        var run = RunBounded(source);
        NoCrash(run);
        var tree = run.Input.SyntaxTrees.Single();
        var classes = tree.GetRoot().DescendantNodes().OfType<TypeDeclarationSyntax>().Where(IsDeclaring).ToArray();
        foreach (var diagnostic in run.Diagnostics)
        {
            if (!diagnostic.Id.StartsWith("CMP", StringComparison.Ordinal))
                throw new PropertyViolation($"a diagnostic that is not the generator's own: {diagnostic}");
            // The generator's locations carry the file path and span, not the tree (models hold no syntax).
            if (diagnostic.Location.GetLineSpan().Path != tree.FilePath
                || !classes.Any(c => Scope(c).Contains(diagnostic.Location.SourceSpan)))
                throw new PropertyViolation($"{diagnostic.Id} lies outside every declaring class: {diagnostic}");
        }

        var inputErrors = run.Input.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        var cmpErrors = run.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        foreach (var declaring in classes)
        {
            var generated = run.Sources.Any(s => BelongsTo(s.HintName, declaring));
            // A declaration that reads another declaring class's field (a TrunkSource of Pretrained.Spec) reports that
            // field's errors where they are, inside the other class.
            var read = classes.Where(c => c == declaring || declaring.DescendantTokens().Any(t => t.ValueText == c.Identifier.ValueText)).ToArray();
            var explained = cmpErrors.Any(d => read.Any(c => Scope(c).Contains(d.Location.SourceSpan)));
            if (!generated && !explained && inputErrors.Length == 0)
                throw new PropertyViolation($"'{declaring.Identifier.Text}' was rejected silently: nothing generated, no CMP error in it, no compiler error");
            var readByAnother = classes.Any(c => c != declaring && c.DescendantTokens().Any(t => t.ValueText == declaring.Identifier.ValueText));
            if (generated && !readByAnother && cmpErrors.Any(d => declaring.Span.Contains(d.Location.SourceSpan)))
                throw new PropertyViolation($"'{declaring.Identifier.Text}' has CMP errors and generated code too");
        }

        if (inputErrors.Length == 0 && cmpErrors.Length == 0 && run.Sources.Count > 0)
        {
            var errors = run.CompileErrors.Where(e => !GeneratorHarness.FewShotRunTimeMissing(e)).ToArray();
            if (errors.Length > 0)
                throw new PropertyViolation("accepted without diagnostics, yet the generated code does not compile:\n" + string.Join("\n", errors.Take(5)));
        }
        return run.Diagnostics.Select(d => d.Id).ToArray();
    }

    private static void NoCrash(GeneratorRun run)
    {
        if (run.Exception is not null)
            throw new PropertyViolation("the generator threw: " + run.Exception);
        var failures = run.Diagnostics.Concat(run.Output.GetDiagnostics()).Where(d => d.Id is "CS8784" or "CS8785").ToArray();
        if (failures.Length > 0)
            throw new PropertyViolation("generator failure: " + failures[0]);
    }

    /// <summary>
    /// Where diagnostics about <paramref name="declaring"/> may lie: its text, or that of the outermost type containing it
    /// (a containing type that is not partial is reported at its own name).
    /// </summary>
    private static Microsoft.CodeAnalysis.Text.TextSpan Scope(TypeDeclarationSyntax declaring) =>
        declaring.AncestorsAndSelf().OfType<TypeDeclarationSyntax>().Last().Span;

    private static bool IsDeclaring(TypeDeclarationSyntax type) =>
        type.AttributeLists.SelectMany(l => l.Attributes).Any(a => Attributes.Contains(LastName(a.Name)));

    private static string LastName(NameSyntax name)
    {
        var text = name switch
        {
            QualifiedNameSyntax q => q.Right.Identifier.ValueText,
            AliasQualifiedNameSyntax a => a.Name.Identifier.ValueText,
            SimpleNameSyntax s => s.Identifier.ValueText,
            _ => name.ToString(),
        };
        return text.EndsWith("Attribute", StringComparison.Ordinal) ? text.Substring(0, text.Length - "Attribute".Length) : text;
    }

    /// <summary>Hint names are <c>{Namespace}.{Outer}.{Type}.{Part}.g.cs</c>.</summary>
    private static bool BelongsTo(string hintName, TypeDeclarationSyntax declaring)
    {
        var parts = hintName.Split('.');
        var name = declaring.Identifier.ValueText + (declaring.TypeParameterList is { } p ? "{" + string.Join(", ", p.Parameters.Select(t => t.Identifier.ValueText)) + "}" : "");
        return parts.Length >= 4 && parts[^4] == name;
    }

    /// <summary>The text of the <c>Graph</c> constant generated for <paramref name="typeName"/> (a verbatim string).</summary>
    public static string GraphOf(GeneratorRun run, string typeName)
    {
        var file = run.Sources.SingleOrDefault(s => s.HintName == $"{typeName}.Graph.g.cs" || s.HintName.EndsWith($".{typeName}.Graph.g.cs", StringComparison.Ordinal));
        if (file.SourceText is null)
            throw new PropertyViolation($"no Graph was generated for {typeName}; files: {string.Join(", ", run.Sources.Select(s => s.HintName))}");
        var root = CSharpSyntaxTree.ParseText(file.SourceText).GetRoot();
        var graph = root.DescendantNodes().OfType<VariableDeclaratorSyntax>().Single(v => v.Identifier.Text == "Graph");
        return (string)((LiteralExpressionSyntax)graph.Initializer!.Value).Token.Value!;
    }
}

using System;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Operations;
using Xunit;

namespace Composable.Generators.Tests;

/// <summary>
/// The run-time library never hands TorchSharp a bare number where it takes a <c>Scalar</c>: TorchSharp makes a
/// temporary scalar that the collector may free while libtorch reads it (see <c>Composable.Training.Scalars</c>).
/// The library's source is compiled here and every implicit conversion to <c>TorchSharp.Scalar</c> is listed.
/// </summary>
public sealed class LibraryScalarTests
{
    [Fact]
    public void The_library_passes_no_temporary_scalar_to_TorchSharp()
    {
        var compilation = LibraryCompilation();
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Take(5).ToArray();
        Assert.True(errors.Length == 0, "the library's source did not compile here:\n" + string.Join("\n", errors.Select(e => e.ToString())));

        var found = compilation.SyntaxTrees.SelectMany(tree => ImplicitScalars(compilation, tree)).ToArray();

        Assert.True(found.Length == 0, "implicit conversions to TorchSharp.Scalar (use Scalars or ToScalar() in a using):\n" + string.Join("\n", found));
    }

    [Fact]
    public void Generated_code_passes_no_temporary_scalar_to_TorchSharp()
    {
        // Every sample declaration (each family and topology the snapshots pin) compiled with its generated sources.
        var samples = typeof(SampleDeclarations).GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (Name: f.Name, Source: (string)f.GetRawConstantValue()!))
            .ToArray();
        Assert.True(samples.Length >= 30, $"only {samples.Length} samples found");

        var found = samples.SelectMany(sample =>
        {
            var run = GeneratorHarness.Run(sample.Source);
            var generated = run.Output.SyntaxTrees.Except(run.Input.SyntaxTrees).ToArray();
            return generated.SelectMany(tree => ImplicitScalars(run.Output, tree)).Select(hit => $"{sample.Name}: {hit}");
        }).ToArray();

        Assert.True(found.Length == 0, "implicit conversions to TorchSharp.Scalar in generated code (emit Scalars.Of):\n" + string.Join("\n", found));
    }

    [Fact]
    public void The_scan_finds_a_bare_number_given_for_a_scalar()
    {
        // The check above is only as good as its scan: a bare number where TorchSharp takes a Scalar must be found.
        var tree = CSharpSyntaxTree.ParseText("using static TorchSharp.torch; static class Probe { static Tensor Half(Tensor t) => t.mul_(0.5); }", GeneratorHarness.ParseOptions, "Probe.cs");
        var compilation = CSharpCompilation.Create("probe", [tree], References(), new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var model = compilation.GetSemanticModel(tree);

        var conversions = tree.GetRoot().DescendantNodes().Select(n => model.GetOperation(n)).Where(op => op is { Parent: null })
            .SelectMany(op => op!.DescendantsAndSelf()).OfType<IConversionOperation>()
            .Count(c => c.IsImplicit && c.OperatorMethod is not null && c.Type?.ToDisplayString() == "TorchSharp.Scalar");

        Assert.Equal(1, conversions);
    }

    /// <summary>
    /// Every place in <paramref name="tree"/> where TorchSharp gets a temporary <c>TorchSharp.Scalar</c>, as file:line:
    /// expression: an implicit conversion of a number to a Scalar in our code, and the TorchSharp members that make one
    /// inside themselves (<see cref="TemporaryInside"/>).
    /// </summary>
    private static string[] ImplicitScalars(Compilation compilation, SyntaxTree tree)
    {
        var model = compilation.GetSemanticModel(tree);
        return tree.GetRoot().DescendantNodes()
            .Select(node => model.GetOperation(node))
            .Where(op => op is { Parent: null })
            .SelectMany(op => op!.DescendantsAndSelf())
            .Where(op => op is IConversionOperation { IsImplicit: true, OperatorMethod: not null } c && c.Type?.ToDisplayString() == "TorchSharp.Scalar"
                         || TemporaryInside(op) is not null)
            .Select(op => $"{Path.GetFileName(tree.FilePath)}:{op.Syntax.GetLocation().GetLineSpan().StartLinePosition.Line + 1}: {op.Syntax}{(TemporaryInside(op) is { } why ? $" ({why})" : "")}")
            .Distinct()
            .ToArray();
    }

    /// <summary>
    /// Why <paramref name="op"/> makes TorchSharp 0.107 create a Scalar inside itself that it does not keep alive through
    /// the native call, or null: <c>Tensor + x</c> (<c>add(x)</c> passes a temporary alpha of 1), an arithmetic operator
    /// with a bare number operand (the operator converts it), <c>Scalar − Tensor</c> (<c>negative().add(left)</c>), and
    /// <c>add</c>, <c>add_</c>, <c>addcdiv</c>, <c>addcdiv_</c> without their alpha or value, <c>square()</c> (it is
    /// <c>pow(2)</c>), and <c>elu</c> / <c>celu</c> with doubles (TorchSharp's <c>nn.functional.elu</c> too).
    /// </summary>
    private static string? TemporaryInside(IOperation op) => op switch
    {
        IBinaryOperation { OperatorMethod: { ContainingType: var type } method } binary when IsTensor(type) =>
            method.Parameters.Any(p => p.Type.SpecialType is >= SpecialType.System_SByte and <= SpecialType.System_Double) ? "operator with a bare number"
            : binary.OperatorKind == BinaryOperatorKind.Add ? "Tensor + x is add(x) with a temporary alpha: use add(x, Scalars.One)"
            : binary.OperatorKind == BinaryOperatorKind.Subtract && method.Parameters[0].Type.Name == "Scalar" ? "Scalar - Tensor adds with a temporary alpha"
            : null,
        IInvocationOperation { TargetMethod: { Name: "add" or "add_" or "addcdiv" or "addcdiv_", ContainingType: var type } method }
            when IsTensor(type) && !method.Parameters.Any(p => p.Name is "alpha" or "value") => $"{method.Name} without its alpha or value makes a temporary one",
        IInvocationOperation { TargetMethod.Name: "square" or "square_" } => "square() is pow(2) with a temporary exponent: use pow(Scalars.Two)",
        IInvocationOperation { TargetMethod: { Name: "elu" or "elu_" or "celu" or "celu_" } method } when !method.Parameters.Any(p => p.Type.Name == "Scalar")
            => $"{method.Name} with a double makes temporary scalars: use the overload taking Scalars",
        _ => null,
    };

    private static bool IsTensor(ITypeSymbol type) => type.ToDisplayString() == "TorchSharp.torch.Tensor";

    private static CSharpCompilation LibraryCompilation()
    {
        var source = Path.Combine(Repository.Root, "src", "Composable");
        var trees = Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), GeneratorHarness.ParseOptions, f))
            .ToArray();
        return CSharpCompilation.Create("Composable.Scan", trees, References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable));
    }

    /// <summary>The framework and every assembly beside the tests (TorchSharp, LanguageExt, …) but the library and the generator.</summary>
    private static MetadataReference[] References()
    {
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var beside = Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll");
        return trusted.Concat(beside)
            .Where(p => Path.GetFileName(p) is not "Composable.dll" && !Path.GetFileName(p).StartsWith("Composable.Generators", StringComparison.Ordinal))
            .GroupBy(Path.GetFileName).Select(g => g.First())
            .Where(IsAssembly)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToArray();
    }

    private static bool IsAssembly(string path)
    {
        try
        {
            System.Reflection.AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }
}

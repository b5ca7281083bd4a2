extern alias generator;

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using DeclarationGenerator = generator::Composable.Generators.DeclarationGenerator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Composable.Generators.Tests;

/// <summary>A generator run: the driver (for re-runs), its result and the compilation with generated sources added.</summary>
internal sealed record GeneratorRun(GeneratorDriver Driver, GeneratorDriverRunResult Result, Compilation Input, Compilation Output)
{
    public IReadOnlyList<GeneratedSourceResult> Sources => Result.Results.Single().GeneratedSources;

    public ImmutableArray<Diagnostic> Diagnostics => Result.Results.Single().Diagnostics;

    public Exception? Exception => Result.Results.Single().Exception;

    /// <summary>Compiler errors of the compilation with the generated sources (what a user would see).</summary>
    public IReadOnlyList<Diagnostic> CompileErrors => Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();

    /// <summary>The source text a diagnostic location covers (generator locations carry a path, not a tree).</summary>
    public string TextAt(Location location)
    {
        var path = location.GetLineSpan().Path;
        var tree = Input.SyntaxTrees.Single(t => t.FilePath == path);
        return tree.GetText().ToString(location.SourceSpan);
    }

    /// <summary>Diagnostics as stable text: id, 1-based line:column range, message.</summary>
    public string DiagnosticsText => string.Join("\n", Diagnostics
        .OrderBy(d => d.Location.SourceSpan.Start)
        .Select(d =>
        {
            var span = d.Location.GetLineSpan().Span;
            return $"{d.Id} ({span.Start.Line + 1},{span.Start.Character + 1})-({span.End.Line + 1},{span.End.Character + 1}): {d.GetMessage()}";
        })) + "\n";
}

/// <summary>
/// Drives <see cref="DeclarationGenerator"/> with <see cref="CSharpGeneratorDriver"/> over in-memory sources,
/// compiled against the running runtime's assemblies and the real Composable assemblies (no packages are
/// downloaded at test time). The driver gets the compilation's parse options.
/// </summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Preview);

    private static readonly Lazy<MetadataReference[]> References = new(() =>
    {
        // The generator assembly holds its own copy of the schema; a user compilation never references it.
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => !Path.GetFileName(p).StartsWith("Composable.Generators", StringComparison.Ordinal));
        var own = new[]
        {
            typeof(MultiTaskSpec).Assembly.Location,
            typeof(Composable.Training.IMultiTaskModule).Assembly.Location,
            typeof(TorchSharp.torch).Assembly.Location,
            typeof(LanguageExt.Unit).Assembly.Location,
        };
        return trusted.Concat(own).Distinct().Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToArray();
    });

    /// <summary>Whether the referenced run time has the few-shot building blocks that generated [FewShotLearner] code calls.</summary>
    public static readonly bool HasFewShotRunTime =
        typeof(Composable.Training.IMultiTaskModule).Assembly.GetType("Composable.FewShot.IEpisodicClassifier") is not null;

    /// <summary>
    /// Until the few-shot run time is in the referenced Composable assembly, generated [FewShotLearner] code can only
    /// fail to find its building blocks (unknown types, namespaces and names, and Prototypes.Logits still taking the
    /// old distance enum); every other compiler error still fails. Once the run time is there, nothing is excused.
    /// </summary>
    public static bool FewShotRunTimeMissing(Diagnostic error) =>
        !HasFewShotRunTime && error.Id is "CS0246" or "CS0234" or "CS0103" or "CS1503";

    public static CSharpCompilation Compile(params string[] sources) => Compile(OutputKind.DynamicallyLinkedLibrary, sources);

    /// <summary>The sources as a console program (top-level statements allowed in one of them).</summary>
    public static CSharpCompilation CompileProgram(params string[] sources) => Compile(OutputKind.ConsoleApplication, sources);

    private static CSharpCompilation Compile(OutputKind kind, string[] sources) =>
        CSharpCompilation.Create(
            "Declarations",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Declaration{i}.cs")),
            References.Value,
            new CSharpCompilationOptions(kind, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorRun Run(params string[] sources) => Run(Compile(sources));

    public static GeneratorRun Run(Compilation compilation, bool trackSteps = false)
    {
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            new[] { new DeclarationGenerator().AsSourceGenerator() },
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: trackSteps));
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        return new GeneratorRun(driver, driver.GetRunResult(), compilation, output);
    }
}

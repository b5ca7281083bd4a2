using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace Composable.Generators.Tests;

/// <summary>
/// README's C# snippets build as a user would paste them: the tour's declaration with its training code, and the MAML
/// training code with the example's declarations it names, each compiled as a console program through the generator
/// against the real Composable assemblies, with no error. A snippet's <c>using</c>s must name every library namespace
/// it uses; the user's own declaration namespace is imported for it (a program beside the declaration would), and so
/// are the implicit usings of a <c>dotnet new console</c> project.
/// </summary>
public sealed class ReadmeSnippetsTests
{
    /// <summary>What <c>ImplicitUsings</c> gives a console project (Microsoft.NET.Sdk).</summary>
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    private static readonly IReadOnlyList<(int Line, string Code)> Blocks = CSharpBlocks(File.ReadAllLines(Path.Combine(Repository.Root, "README.md")));

    private static IReadOnlyList<(int Line, string Code)> CSharpBlocks(string[] lines)
    {
        var blocks = new List<(int, string)>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].TrimEnd() != "```csharp") continue;
            var close = Array.FindIndex(lines, i + 1, l => l.TrimEnd() == "```");
            Assert.True(close > i, $"README.md:{i + 1}: a csharp block is not closed.");
            blocks.Add((i + 2, string.Join("\n", lines[(i + 1)..close])));
            i = close;
        }
        return blocks;
    }

    /// <summary>The one README block that contains <paramref name="text"/>.</summary>
    private static (int Line, string Code) BlockWith(string text)
    {
        var found = Blocks.Where(b => b.Code.Contains(text, StringComparison.Ordinal)).ToArray();
        Assert.True(found.Length == 1, $"README.md: {found.Length} csharp blocks contain '{text}', expected one.");
        return found[0];
    }

    private static void AssertBuilds(string what, (int Line, string Code) program, params string[] declarations)
    {
        var run = GeneratorHarness.Run(GeneratorHarness.CompileProgram([program.Code, ImplicitUsings, .. declarations]));
        Assert.Null(run.Exception);
        Assert.Empty(run.Diagnostics.Where(d => d.Id.StartsWith("CMP", StringComparison.Ordinal)));
        var errors = run.CompileErrors.Select(e => $"{e.Location.GetLineSpan().Path}({e.Location.GetLineSpan().StartLinePosition.Line + 1}): {e.Id} {e.GetMessage()}").ToArray();
        Assert.True(errors.Length == 0, $"{what} (README.md:{program.Line}, Declaration0.cs is that block) does not build:\n" + string.Join("\n", errors));
    }

    [Fact]
    public void The_tours_declaration_and_training_code_build()
    {
        var declaration = BlockWith("[MultiTaskModel]");
        Assert.Contains("namespace Demo;", declaration.Code);
        AssertBuilds("The tour's training code", BlockWith("Census.Trainer.Create(seed: 1)"), declaration.Code, "global using Demo;");
    }

    [Fact]
    public void The_maml_training_code_builds_with_the_examples_declarations()
    {
        var learners = File.ReadAllText(Path.Combine(Repository.Root, "examples", "MetaSinusoid", "Learners.cs"));
        Assert.Matches(new Regex(@"^namespace MetaSinusoid;", RegexOptions.Multiline), learners);
        AssertBuilds("The MAML training code", BlockWith("MamlSinusoid.Trainer.Create(seed: 1)"), learners, "global using MetaSinusoid;");
    }

    [Fact]
    public void A_snippet_that_misses_a_using_fails_to_build()
    {
        var declaration = BlockWith("[MultiTaskModel]");
        var training = BlockWith("Census.Trainer.Create(seed: 1)");
        var withoutRoot = training.Code.Replace("using Composable;\n", "", StringComparison.Ordinal);
        Assert.NotEqual(training.Code, withoutRoot);
        var run = GeneratorHarness.Run(GeneratorHarness.CompileProgram(withoutRoot, ImplicitUsings, declaration.Code, "global using Demo;"));
        Assert.Contains(run.CompileErrors, e => e.Id == "CS0103" && e.GetMessage().Contains("'Metric'", StringComparison.Ordinal));
    }
}

extern alias generator;

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Xunit;
using DiagnosticDescriptors = generator::Composable.Generators.Diagnostics.DiagnosticDescriptors;
using DiagnosticInfo = generator::Composable.Generators.Model.DiagnosticInfo;
using LocationInfo = generator::Composable.Generators.Model.LocationInfo;

namespace Composable.Generators.Tests;

/// <summary>
/// <see cref="DiagnosticCatalog"/> is the one list of ids: every id the rules or the generator can produce is in it, each
/// entry has its anchor in docs/diagnostics.md, its help link to that anchor and its line in an analyzer release file,
/// and an id outside it is reported as an internal error naming that id.
/// </summary>
public sealed class DiagnosticCatalogTests
{
    private static readonly string[] CatalogIds = DiagnosticCatalog.Entries.Select(e => e.Id).ToArray();

    [Fact]
    public void Catalog_lists_every_id_constant_once_and_nothing_else()
    {
        var constants = typeof(DeclarationErrorIds)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToArray();

        Assert.Equal(CatalogIds.Distinct().Count(), CatalogIds.Length);
        Assert.Equal(constants.Order(StringComparer.Ordinal), CatalogIds.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_id_spelled_in_the_rules_or_the_generator_is_in_the_catalog()
    {
        var sources = SourceFiles("src/Composable.Declarations").Concat(SourceFiles("generators/Composable.Generators")).ToArray();
        Assert.NotEmpty(sources);

        var constantNames = typeof(DeclarationErrorIds).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => f.Name).ToHashSet();
        var unknown = new List<string>();
        foreach (var file in sources.Where(f => Path.GetFileName(f) != "DeclarationErrorIds.cs"))
        {
            var text = File.ReadAllText(file);
            unknown.AddRange(Regex.Matches(text, "\"(CMP\\d{4})\"").Select(m => m.Groups[1].Value)
                .Where(id => !CatalogIds.Contains(id)).Select(id => $"{Path.GetFileName(file)}: {id}"));
            unknown.AddRange(Regex.Matches(text, @"DeclarationErrorIds\.(\w+)").Select(m => m.Groups[1].Value)
                .Where(name => !constantNames.Contains(name)).Select(name => $"{Path.GetFileName(file)}: DeclarationErrorIds.{name}"));
        }
        Assert.Empty(unknown);
    }

    [Fact]
    public void Every_catalog_id_has_one_anchor_in_diagnostics_md_and_every_anchor_an_id()
    {
        var anchors = Regex.Matches(File.ReadAllText(RepositoryFile("docs/diagnostics.md")), "<a id=\"(cmp\\d{4})\"></a>")
            .Select(m => m.Groups[1].Value)
            .ToArray();

        Assert.Equal(anchors.Distinct().Count(), anchors.Length);
        Assert.Equal(DiagnosticCatalog.Entries.Select(e => e.Anchor).Order(StringComparer.Ordinal), anchors.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_descriptor_links_to_its_anchor_in_the_documented_page()
    {
        Assert.EndsWith("/blob/main/docs/diagnostics.md", DiagnosticCatalog.DocumentUrl);
        Assert.StartsWith(DiagnosticCatalog.RepositoryUrl + "/", DiagnosticCatalog.DocumentUrl);
        Assert.True(File.Exists(RepositoryFile("docs/diagnostics.md")));

        var descriptors = DiagnosticDescriptors.All.ToArray();
        Assert.Equal(CatalogIds, descriptors.Select(d => d.Id));
        foreach (var descriptor in descriptors)
            Assert.Equal($"{DiagnosticCatalog.DocumentUrl}#{descriptor.Id.ToLowerInvariant()}", descriptor.HelpLinkUri);
    }

    [Fact]
    public void Every_catalog_id_is_in_one_analyzer_release_with_its_title_and_severity()
    {
        var rows = new[] { "AnalyzerReleases.Shipped.md", "AnalyzerReleases.Unshipped.md" }
            .SelectMany(name => File.ReadAllLines(RepositoryFile("generators/Composable.Generators/" + name)))
            .Where(line => line.StartsWith("CMP", StringComparison.Ordinal))
            .Select(line => line.Split('|').Select(cell => cell.Trim()).ToArray())
            .ToArray();

        Assert.Equal(rows.Select(r => r[0]).Distinct().Count(), rows.Length);
        Assert.Equal(CatalogIds.Order(StringComparer.Ordinal), rows.Select(r => r[0]).Order(StringComparer.Ordinal));
        foreach (var entry in DiagnosticCatalog.Entries)
        {
            var row = rows.Single(r => r[0] == entry.Id);
            Assert.Equal(["Composable", entry.Level.ToString(), entry.Title], row.Skip(1));
        }
    }

    [Fact]
    public void Unknown_id_is_reported_as_CMP0090_naming_that_id_and_keeping_the_message()
    {
        var at = new LocationInfo("Declaration0.cs", new TextSpan(3, 4), new LinePositionSpan(new(0, 3), new(0, 7)));

        var diagnostic = DiagnosticDescriptors.Create(new DiagnosticInfo("CMP9999", "Something went wrong.", at));

        Assert.Equal(DeclarationErrorIds.UnknownDiagnosticId, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Contains("'CMP9999'", diagnostic.GetMessage());
        Assert.Contains("Something went wrong.", diagnostic.GetMessage());
        Assert.Equal(new TextSpan(3, 4), diagnostic.Location.SourceSpan);
        Assert.Equal($"{DiagnosticCatalog.DocumentUrl}#cmp0090", diagnostic.Descriptor.HelpLinkUri);
    }

    [Fact]
    public void Known_id_keeps_its_descriptor_and_finished_message()
    {
        var at = new LocationInfo("Declaration0.cs", new TextSpan(0, 1), new LinePositionSpan(new(0, 0), new(0, 1)));

        var diagnostic = DiagnosticDescriptors.Create(new DiagnosticInfo(DeclarationErrorIds.InvalidWeight, "Task 'A' has weight -1.", at));

        Assert.Equal("CMP0008", diagnostic.Id);
        Assert.Equal("Task 'A' has weight -1.", diagnostic.GetMessage());
        Assert.Equal("Task weight must be finite and positive", diagnostic.Descriptor.Title.ToString());
    }

    [Fact]
    public void Reported_diagnostics_carry_the_help_link_of_their_id()
    {
        var run = GeneratorHarness.Run("""
            using Composable;
            [MultiTaskModel]
            public static partial class Census
            {
                public static readonly MultiTaskSpec Spec = new(new Features(0), [new TaskSpec("Income", new Binary(), Weight: -1)], new HardSharing([8]));
            }
            """);

        Assert.Equal(["CMP0006", "CMP0008"], run.Diagnostics.Select(d => d.Id).Order(StringComparer.Ordinal));
        Assert.All(run.Diagnostics, d => Assert.Equal($"{DiagnosticCatalog.DocumentUrl}#{d.Id.ToLowerInvariant()}", d.Descriptor.HelpLinkUri));
    }

    private static IEnumerable<string> SourceFiles(string folder) =>
        Directory.EnumerateFiles(RepositoryFile(folder), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                     && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    private static string RepositoryFile(string relative, [CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", relative));
}

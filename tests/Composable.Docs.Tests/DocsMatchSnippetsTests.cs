using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace Composable.Docs.Tests;

/// <summary>
/// Every <c>&lt;!-- snippet: name --&gt;</c> in docs/*.md is followed by a fenced block equal to the region
/// <c>// begin-snippet: name</c> … <c>// end-snippet</c> under Snippets/, and every region is shown by some page:
/// a changed snippet fails until its page is updated, and the other way round.
/// </summary>
public sealed class DocsMatchSnippetsTests
{
    private static readonly string Root = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Composable.sln"))) return dir.FullName;
        throw new InvalidOperationException("Composable.sln not found above " + AppContext.BaseDirectory);
    }

    private static IReadOnlyDictionary<string, string> Regions()
    {
        var regions = new Dictionary<string, string>();
        foreach (var file in Directory.GetFiles(Path.Combine(Root, "tests/Composable.Docs.Tests/Snippets"), "*.cs"))
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var begin = Regex.Match(lines[i], @"^\s*// begin-snippet: (\S+)\s*$");
                if (!begin.Success) continue;
                var end = Array.FindIndex(lines, i + 1, l => l.Trim() == "// end-snippet");
                Assert.True(end > i, $"{Path.GetFileName(file)}: region '{begin.Groups[1].Value}' has no '// end-snippet'.");
                Assert.False(regions.ContainsKey(begin.Groups[1].Value), $"Region '{begin.Groups[1].Value}' is defined twice.");
                regions[begin.Groups[1].Value] = Normalise(lines[(i + 1)..end]);
                i = end;
            }
        }
        return regions;
    }

    private static IReadOnlyList<(string Page, string Name, string Code)> DocSnippets()
    {
        var found = new List<(string, string, string)>();
        foreach (var page in Directory.GetFiles(Path.Combine(Root, "docs"), "*.md"))
        {
            var lines = File.ReadAllLines(page);
            for (var i = 0; i < lines.Length; i++)
            {
                var marker = Regex.Match(lines[i], @"^<!-- snippet: (\S+) -->\s*$");
                if (!marker.Success) continue;
                var name = marker.Groups[1].Value;
                var open = i + 1;
                Assert.True(open < lines.Length && lines[open].StartsWith("```", StringComparison.Ordinal),
                    $"{Path.GetFileName(page)}:{i + 1}: snippet '{name}' is not followed by a fenced block.");
                var close = Array.FindIndex(lines, open + 1, l => l.TrimEnd() == "```");
                Assert.True(close > open, $"{Path.GetFileName(page)}:{open + 1}: the block of '{name}' is not closed.");
                found.Add((Path.GetFileName(page), name, Normalise(lines[(open + 1)..close])));
                i = close;
            }
        }
        return found;
    }

    /// <summary>Trailing blanks and blank edge lines dropped, the lines' common indentation removed.</summary>
    internal static string Normalise(IEnumerable<string> lines)
    {
        var trimmed = lines.Select(l => l.TrimEnd()).ToList();
        while (trimmed.Count > 0 && trimmed[0].Length == 0) trimmed.RemoveAt(0);
        while (trimmed.Count > 0 && trimmed[^1].Length == 0) trimmed.RemoveAt(trimmed.Count - 1);
        var indent = trimmed.Where(l => l.Length > 0).Select(l => l.Length - l.TrimStart().Length).DefaultIfEmpty(0).Min();
        return string.Join("\n", trimmed.Select(l => l.Length == 0 ? l : l[indent..]));
    }

    [Fact]
    public void Every_snippet_in_the_docs_equals_its_region_in_the_sources()
    {
        var regions = Regions();
        var snippets = DocSnippets();
        Assert.NotEmpty(snippets);
        foreach (var (page, name, code) in snippets)
        {
            Assert.True(regions.TryGetValue(name, out var source), $"{page}: snippet '{name}' has no region in Snippets/.");
            Assert.True(source == code, $"{page}: snippet '{name}' differs from its region.\n--- region\n{source}\n--- page\n{code}");
        }
    }

    [Fact]
    public void Every_region_is_shown_by_some_page()
    {
        var shown = DocSnippets().Select(s => s.Name).ToHashSet();
        var unused = Regions().Keys.Where(name => !shown.Contains(name)).OrderBy(n => n).ToArray();
        Assert.True(unused.Length == 0, "Regions no page shows: " + string.Join(", ", unused));
    }

    [Fact]
    public void Normalising_removes_common_indentation_and_blank_edges() =>
        Assert.Equal("a\n  b\n\nc", Normalise(["", "    a  ", "      b", "", "    c", ""]));
}

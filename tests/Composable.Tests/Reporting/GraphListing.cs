using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;
using static TorchSharp.torch;

namespace Composable.Tests.Reporting;

/// <summary>
/// The parameters a generated <c>Graph</c> text lists, read back from the text alone, so that tests can hold them
/// against what a built module registers rather than against another rendering of the same plan.
/// </summary>
internal sealed record GraphListing(
    IReadOnlyList<(string Name, long[] Shape, long Count)> Parameters,
    long Total,
    int Tensors,
    IReadOnlyList<string> InnerRates,
    long LearnedRates)
{
    private static readonly Regex ParameterLine = new(@"^[│ ]*[├└]─ (?<name>[\w.]+) \[(?<shape>[\d, ]*)\] (?<count>[\d,]+)( \((adapted|shared|own [\w ]+|block_\d+|layer_\d+|trunk_\d+|head)\))?$", RegexOptions.CultureInvariant);
    private static readonly Regex TotalLine = new(@"^parameters: (?<total>[\d,]+) in (?<tensors>\d+) tensors(, \d+ adapted)?$", RegexOptions.CultureInvariant);
    private static readonly Regex InnerRatesLine = new(@"^inner rates: (?<names>.+) \((?<learned>[\d,]+) learned\)$", RegexOptions.CultureInvariant);

    private static long Number(string text) => long.Parse(text, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);

    public static GraphListing Parse(string graph)
    {
        var parameters = new List<(string, long[], long)>();
        long? total = null;
        var tensors = 0;
        var innerRates = new List<string>();
        long learned = 0;
        foreach (var line in graph.Replace("\r\n", "\n").Split('\n'))
        {
            if (ParameterLine.Match(line) is { Success: true } p)
            {
                var shape = p.Groups["shape"].Value.Length == 0
                    ? Array.Empty<long>()
                    : p.Groups["shape"].Value.Split(", ").Select(long.Parse).ToArray();
                parameters.Add((p.Groups["name"].Value, shape, Number(p.Groups["count"].Value)));
            }
            else if (TotalLine.Match(line) is { Success: true } t)
            {
                total = Number(t.Groups["total"].Value);
                tensors = int.Parse(t.Groups["tensors"].Value, CultureInfo.InvariantCulture);
            }
            else if (InnerRatesLine.Match(line) is { Success: true } r)
            {
                innerRates.AddRange(r.Groups["names"].Value.Split(", "));
                learned = Number(r.Groups["learned"].Value);
            }
        }
        Assert.True(total is not null, "the graph has no 'parameters: N in M tensors' line");
        return new GraphListing(parameters, total!.Value, tensors, innerRates, learned);
    }

    /// <summary>
    /// Every parameter line of <paramref name="graph"/> names a parameter <paramref name="module"/> registers, with its
    /// shape and element count; no registered parameter is missing; the totals are the module's. Parameters under
    /// <c>inner_lr.</c> (Meta-SGD's learned rates) are listed by name on the graph's <c>inner rates</c> line instead.
    /// </summary>
    public static void AssertDescribes(string graph, nn.Module module)
    {
        var listed = Parse(graph);
        var registered = module.named_parameters().Select(p => (p.name, Shape: p.parameter.shape, Count: p.parameter.numel())).ToArray();
        var network = registered.Where(p => !p.name.StartsWith("inner_lr.", StringComparison.Ordinal)).ToArray();
        var rates = registered.Where(p => p.name.StartsWith("inner_lr.", StringComparison.Ordinal)).ToArray();

        static string Line(string name, long[] shape) => $"{name} [{string.Join(", ", shape)}]";
        Assert.Equal(
            network.Select(p => Line(p.name, p.Shape)).Order(StringComparer.Ordinal),
            listed.Parameters.Select(p => Line(p.Name, p.Shape)).Order(StringComparer.Ordinal));
        foreach (var (name, shape, count) in listed.Parameters)
            Assert.True(count == shape.Aggregate(1L, (a, d) => a * d), $"{name}: {count} elements listed for shape [{string.Join(", ", shape)}]");
        Assert.Equal(network.Sum(p => p.Count), listed.Total);
        Assert.Equal(network.Length, listed.Tensors);
        // As for the parameters, in any order: a module lists its own rates (a head's) before its children's (a conv block's).
        Assert.Equal(rates.Select(p => p.name).Order(StringComparer.Ordinal), listed.InnerRates.Order(StringComparer.Ordinal));
        Assert.Equal(rates.Sum(p => p.Count), listed.LearnedRates);
    }

    /// <summary>
    /// <paramref name="graph"/> describes <paramref name="module"/>, and each copy with one line edited by a
    /// <c>(From, To)</c> corruption does not: a corruption must change the text, and the edited copy must fail.
    /// </summary>
    public static void AssertCorruptionsFail(string graph, nn.Module module, params (string From, string To)[] corruptions)
    {
        AssertDescribes(graph, module);
        foreach (var (from, to) in corruptions)
        {
            var corrupted = graph.Replace(from, to, StringComparison.Ordinal);
            Assert.True(corrupted != graph, $"'{from}' is not in the graph");
            Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => AssertDescribes(corrupted, module));
        }
    }
}

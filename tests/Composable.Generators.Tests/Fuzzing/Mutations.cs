using System;
using System.Collections.Generic;
using System.Linq;
using CsCheck;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Composable.Generators.Tests.Fuzzing;

/// <summary>A mutated source and the name of the mutation that made it (for the report).</summary>
internal sealed record Mutant(string Kind, string Source)
{
    public override string ToString() => $"// {Kind}\n{Source}";
}

/// <summary>
/// Random edits of valid declarations, as a user (or a bad paste) makes them: a token deleted or duplicated, two
/// literals swapped, a schema type swapped for another, numbers out of range (zero, negative, int.MinValue/MaxValue,
/// NaN, infinities, overflowing literals), strange names (unicode, keywords, empty, very long), deep nesting, huge
/// collections, and a prefix of the file as it is being typed.
/// </summary>
internal static class Mutations
{
    private static readonly string[] Numbers =
    {
        "0", "-1", "-0.0", "1", "2", "int.MaxValue", "int.MinValue", "2147483648", "1e308", "-1e308", "double.Epsilon",
        "double.NaN", "double.PositiveInfinity", "double.NegativeInfinity", "double.MaxValue", "0.5", "1.5", "1e-320", "99999",
    };

    private static readonly string[] Strings =
    {
        "\"\"", "\"Größe\"", "\"名前\"", "\"𝒜lpha\"", "\"a\\u0301\"", "\"class\"", "\"@class\"", "\"x y\"", "\"Total\"", "\"_\"", "\"__\"",
        "\"head\"", "\"layer_0\"", "\"trunk_0\"", "\"block_0\"", "\"head.weight\"", "\"A\\0B\"", "\"\\uD800\"", "\"Ⅻ\"", "null",
        "\"" + new string('a', 600) + "\"",
    };

    private static readonly string[] TypeNames =
    {
        "Features", "TaskSpec", "Binary", "Regression", "MultiClass", "MultiLabel", "Independent", "HardSharing", "TaskConditioned",
        "MixtureOfExperts", "SoftSharing", "CrossStitch", "Sluice", "Composition", "OneHot", "LearnedEmbedding", "WeightedSum", "PCGrad",
        "Mgda", "GradNorm", "Adam", "AdamW", "Sgd", "MultiTaskSpec", "MetaLearnerSpec", "FewShotLearnerSpec", "FineTuningSpec",
        "Maml", "Reptile", "MetaSgd", "Anil", "FewShotRegression", "FewShotClassification", "MlpBackbone", "ConvBackbone", "Image",
        "Prototypical", "Matching", "Relation", "LstmReader", "AttentionReader", "BackboneSource", "TrunkSource", "GradualUnfreezing",
        "DiscriminativeRates", "ExplicitRates", "LayerRate", "WarmupCosine", "WarmupStep", "Activation", "Loss", "Conditioning", "Gating",
        "ValueList", "MultiTaskModel", "MetaLearner", "FewShotLearner", "FineTuning", "Outer", "Pretrained", "Model", "Trainer", "Graph",
        "Größe", "名前", "@class", "_", "var", "dynamic", "object", "string", "int",
    };

    public static Gen<Mutant> Of(Gen<ValidDeclaration> valid) =>
        from declaration in valid
        from mutant in Mutate(declaration.Source)
        select mutant;

    public static Gen<Mutant> Mutate(string source)
    {
        var tokens = CSharpSyntaxTree.ParseText(source, GeneratorHarness.ParseOptions).GetRoot().DescendantTokens().ToArray();
        var numbers = tokens.Where(t => t.IsKind(SyntaxKind.NumericLiteralToken)).ToArray();
        var strings = tokens.Where(t => t.IsKind(SyntaxKind.StringLiteralToken)).ToArray();
        var literals = numbers.Concat(strings).OrderBy(t => t.SpanStart).ToArray();
        var identifiers = tokens.Where(t => t.IsKind(SyntaxKind.IdentifierToken)).ToArray();
        var lists = tokens.Where(t => t.IsKind(SyntaxKind.OpenBracketToken)).ToArray();
        var options = new List<(int, Gen<Mutant>)>
        {
            (3, Gen.Int[0, tokens.Length - 1].Select(i => new Mutant("delete token", Replace(source, tokens[i], "")))),
            (2, Gen.Int[0, tokens.Length - 1].Select(i => new Mutant("duplicate token", Replace(source, tokens[i], tokens[i].Text + " " + tokens[i].Text)))),
            (3, Gen.Int[0, source.Length].Select(n => new Mutant("prefix", source.Substring(0, n)))),
            (1, Gen.Int[0, source.Length].Select(n => new Mutant("suffix", source.Substring(n)))),
            (2, from i in Gen.Int[0, identifiers.Length - 1] from name in Draw.Const(TypeNames)
                select new Mutant("swap identifier", Replace(source, identifiers[i], name))),
        };
        if (numbers.Length > 0)
            options.Add((4, from i in Gen.Int[0, numbers.Length - 1] from number in Draw.Const(Numbers)
                            select new Mutant("out-of-range number", Replace(source, numbers[i], number))));
        if (strings.Length > 0)
            options.Add((3, from i in Gen.Int[0, strings.Length - 1] from text in Draw.Const(Strings)
                            select new Mutant("strange string", Replace(source, strings[i], text))));
        if (literals.Length > 1)
            options.Add((2, from i in Gen.Int[0, literals.Length - 1] from j in Gen.Int[0, literals.Length - 1]
                            select new Mutant("swap literals", Swap(source, literals[Math.Min(i, j)], literals[Math.Max(i, j)]))));
        if (literals.Length > 0)
            options.Add((1, from i in Gen.Int[0, literals.Length - 1] from depth in Gen.Int[1, 300]
                            select new Mutant($"parentheses ×{depth}", Replace(source, literals[i], new string('(', depth) + literals[i].Text + new string(')', depth)))));
        if (lists.Length > 0)
            options.Add((1, from i in Gen.Int[0, lists.Length - 1] from count in Gen.Int[50, 3000] from item in Draw.Const("8", "1", "\"head\"", "new TaskSpec(\"T\", new Binary())")
                            select new Mutant($"huge collection ×{count}", Replace(source, lists[i], "[" + string.Concat(Enumerable.Repeat(item + ", ", count))))));
        options.Add((1, from depth in Gen.Int[1, 400]
                        select new Mutant($"nested compositions ×{depth}", SampleDeclarations.Census(
                            "new(new Features(4), [new TaskSpec(\"A\", new Binary()), new TaskSpec(\"B\", new Regression())], "
                            + string.Concat(Enumerable.Repeat("new Composition([8], ", depth)) + "new Sluice([8])" + new string(')', depth) + ")"))));
        return Draw.Weighted(options.ToArray());
    }

    private static string Replace(string source, SyntaxToken token, string text) =>
        source.Substring(0, token.SpanStart) + text + source.Substring(token.Span.End);

    private static string Swap(string source, SyntaxToken first, SyntaxToken second) =>
        first.SpanStart == second.SpanStart
            ? source
            : source.Substring(0, first.SpanStart) + second.Text + source.Substring(first.Span.End, second.SpanStart - first.Span.End)
              + first.Text + source.Substring(second.Span.End);
}

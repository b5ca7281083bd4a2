using System;
using System.Diagnostics;
using System.Linq;
using CsCheck;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using Xunit.Abstractions;

namespace Composable.Generators.Tests.Fuzzing;

/// <summary>
/// The CI-sized fuzz run: seeded, a bounded number of inputs (the class runs in well under a minute on two cores).
/// A failure prints CsCheck's shrunk input and the seed that replays it. The long run is <c>tools/Fuzz</c>.
/// </summary>
public sealed class GeneratorFuzzTests(ITestOutputHelper output)
{
    // Fixed seeds: the same inputs on every run, so CI is reproducible; tools/Fuzz draws fresh ones.
    private const string ValidSeed = "0N0XIzNsQ0O2";
    private const string MutantSeed = "3sdrhA4Bq8C1";

    [Fact]
    public void Random_valid_declarations_compile_without_diagnostics_and_their_graph_is_the_plans()
    {
        var clock = Stopwatch.StartNew();
        var families = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        FixedSample.Check(ValidDeclarations.Any, declaration =>
        {
            GeneratorOracle.CheckValid(declaration);
            families.AddOrUpdate(declaration.Family, 1, (_, n) => n + 1);
        }, ValidSeed, 48);
        output.WriteLine($"valid: {families.Values.Sum()} declarations ({string.Join(", ", families.OrderBy(f => f.Key).Select(f => $"{f.Key} {f.Value}"))}) in {clock.Elapsed.TotalSeconds:F1} s");
    }

    [Theory]
    [InlineData("MultiTaskModel")]
    [InlineData("MetaLearner")]
    [InlineData("FewShotLearner")]
    [InlineData("FineTuning")]
    public void Every_family_is_drawn_valid(string family)
    {
        var gen = family switch
        {
            "MultiTaskModel" => ValidDeclarations.MultiTask(),
            "MetaLearner" => ValidDeclarations.Meta(),
            "FewShotLearner" => ValidDeclarations.FewShot(),
            _ => ValidDeclarations.FineTuning(),
        };
        FixedSample.Check(gen, GeneratorOracle.CheckValid, ValidSeed, 6);
    }

    [Theory]
    [InlineData("MultiTaskModel")]
    [InlineData("MetaLearner")]
    public void Declarations_over_a_random_conv_backbone_compile_match_the_plan_and_train_alike(string family)
    {
        // A quarter of the multi-task and meta-learner draws read images through a conv backbone; these are only those.
        var withBackbone = (family == "MultiTaskModel" ? ValidDeclarations.MultiTask() : ValidDeclarations.Meta())
            .Where(d => d.Source.Contains("new ConvBackbone(", StringComparison.Ordinal));
        FixedSample.Check(withBackbone, GeneratorOracle.CheckValid, ValidSeed, 8);
        FixedSample.Check(withBackbone, NumericOracle.CheckGeneratedEqualsInterpreted, ValidSeed, 3);
    }

    [Fact]
    public void A_sample_of_random_valid_declarations_gives_the_same_numbers_generated_and_interpreted()
    {
        var clock = Stopwatch.StartNew();
        var families = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        FixedSample.Check(ValidDeclarations.Any, declaration =>
        {
            NumericOracle.CheckGeneratedEqualsInterpreted(declaration);
            families.AddOrUpdate(declaration.Family, 1, (_, n) => n + 1);
        }, ValidSeed, 8);
        output.WriteLine($"numeric: {families.Values.Sum()} declarations ({string.Join(", ", families.OrderBy(f => f.Key).Select(f => $"{f.Key} {f.Value}"))}) in {clock.Elapsed.TotalSeconds:F1} s");
    }

    [Fact]
    public void Mutated_declarations_never_crash_or_hang_the_generator_and_every_rejection_is_explained()
    {
        var clock = Stopwatch.StartNew();
        var ids = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        FixedSample.Check(Mutations.Of(ValidDeclarations.Any), mutant =>
        {
            foreach (var id in GeneratorOracle.CheckAny(mutant.Source)) ids.AddOrUpdate(id, 1, (_, n) => n + 1);
        }, MutantSeed, 150);
        output.WriteLine($"mutants: 150 in {clock.Elapsed.TotalSeconds:F1} s; diagnostic ids: {string.Join(", ", ids.OrderBy(i => i.Key).Select(i => $"{i.Key}×{i.Value}"))}");
    }

    [Theory]
    [InlineData(nameof(SampleDeclarations.HardSharing))]
    [InlineData(nameof(SampleDeclarations.AttentionReaderLearner))]
    [InlineData(nameof(SampleDeclarations.TrunkToFourthTask))]
    public void Every_prefix_of_a_declaration_as_it_is_typed_is_handled(string sample)
    {
        var source = (string)typeof(SampleDeclarations).GetField(sample)!.GetValue(null)!;
        // Every token boundary (every character in the long run): the states an editor passes through while typing.
        var ends = CSharpSyntaxTree.ParseText(source).GetRoot().DescendantTokens().Select(t => t.Span.End).Distinct();
        foreach (var end in ends)
        {
            try
            {
                GeneratorOracle.CheckAny(source.Substring(0, end));
            }
            catch (PropertyViolation violation)
            {
                throw new Xunit.Sdk.XunitException($"prefix of {end} characters:\n{source.Substring(0, end)}\n{violation.Message}");
            }
        }
    }
}

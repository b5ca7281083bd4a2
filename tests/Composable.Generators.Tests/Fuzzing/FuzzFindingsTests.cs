using System.Linq;
using CsCheck;
using Xunit;

namespace Composable.Generators.Tests.Fuzzing;

/// <summary>
/// Inputs the fuzzer drew, shrunk, kept as named tests; and checks that the fuzz properties can fail (an oracle that
/// accepts everything would make the fuzz run pass for nothing).
/// </summary>
public sealed class FuzzFindingsTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const string Tasks = """[new TaskSpec("Income", new Binary()), new TaskSpec("Depth", new Binary())]""";

    [Fact]
    public void A_fine_tuning_of_an_invalid_trunk_is_reported_at_the_trunks_argument_and_generates_nothing()
    {
        // Found by the long run: the FineTuning class reads Pretrained.Spec, whose task weight is infinite; the error of
        // both declarations lies in Pretrained's text, at the weight.
        var source = """
            using Composable;

            namespace Fuzz;

            [MultiTaskModel]
            public static partial class Pretrained
            {
                public static readonly MultiTaskSpec Spec = new(new Features(13),
                    [new("Income", new MultiClass(4)), new("Depth", new Binary(), double.PositiveInfinity)], new HardSharing([3, 13, 2]));
            }

            [FineTuning]
            public static partial class Learner
            {
                public static readonly FineTuningSpec Declaration = new(new TrunkSource(Pretrained.Spec), [new("Income", new MultiClass(4))],
                    Head: HeadInitialisation.Keep);
            }
            """;

        var run = GeneratorOracle.RunBounded(source);

        Assert.Null(run.Exception);
        Assert.NotEmpty(run.Diagnostics);
        Assert.All(run.Diagnostics, d => Assert.Equal(("CMP0008", "double.PositiveInfinity"), (d.Id, run.TextAt(d.Location))));
        Assert.Empty(run.Sources);
        GeneratorOracle.CheckAny(source);
    }

    [Fact]
    public void A_backbone_source_with_declared_widths_has_as_many_blocks_as_widths()
    {
        // Found by the CI-sized run: the fine-tuning plan counted a conv source's blocks from Blocks (4 by default)
        // even when Widths set them, so freezing a block the network does not have passed the rules.
        var source = """
            using Composable;

            namespace Fuzz;

            [FineTuning]
            public static partial class Tuned
            {
                public static readonly FineTuningSpec Spec = new(
                    new BackboneSource(new ConvBackbone(new Image(1, 8, 8), Widths: [4, 8]), [new("Share", new Binary())]),
                    [new("Edge", new Binary())], Frozen: ["block_0", "block_3"]);
            }
            """;

        var run = GeneratorOracle.RunBounded(source);

        Assert.Null(run.Exception);
        var only = Assert.Single(run.Diagnostics);
        Assert.Equal(("CMP0081", "\"block_3\""), (only.Id, run.TextAt(only.Location)));
        Assert.Contains("its blocks, bottom first: block_0, block_1.", only.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(["block_0", "block_1"], FineTuningPlan.BlockNamesOf(new BackboneSource(new ConvBackbone(new Image(1, 8, 8), Widths: [4, 8]), [new("Share", new Binary())])));
    }

    [Fact]
    public void A_type_containing_a_declaration_that_is_not_partial_is_reported_at_its_own_name()
    {
        // Found by the CI-sized run (a 'partial' deleted from the outer class): the diagnostic lies outside the declaring
        // class, at the containing type's name; the oracle's scope of a declaration is its outermost containing type.
        var source = $$"""
            using Composable;

            public static class Outer
            {
                [MultiTaskModel]
                internal static partial class M0
                {
                    public static readonly MultiTaskSpec Spec = new(new Features(1), {{Tasks}}, new CrossStitch([1]));
                }
            }
            """;

        var run = GeneratorOracle.RunBounded(source);

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal(("CMP0002", "Outer"), (diagnostic.Id, run.TextAt(diagnostic.Location)));
        GeneratorOracle.CheckAny(source);
    }

    [Fact]
    public void A_cross_stitch_of_two_thousand_layers_is_generated_within_the_bound()
    {
        // Found by the long run as a time-out under load (a collection of 2,321 widths pasted into Layers); alone it takes
        // well under the bound, so one slow run is now retried before it counts as a hang.
        var layers = string.Join(", ", Enumerable.Repeat("1", 2321));
        var source = SampleDeclarations.Census($"new(new Features(1), {Tasks}, new CrossStitch(At: [0], Layers: [{layers}]))");

        var run = GeneratorOracle.RunBounded(source);

        Assert.Null(run.Exception);
        Assert.Empty(run.Diagnostics);
        Assert.Contains(run.Sources, s => s.HintName == "Samples.Census.Graph.g.cs");
    }

    [Fact]
    public void Sixteen_hundred_tasks_of_one_name_are_reported_within_the_bound()
    {
        // Reported by the long run as a hang while the machine ran two trainings beside it: 1,685 copies of one task
        // pasted into Tasks. Alone, the generator takes about 0.2 s on it (4 s on a cold start under load).
        var tasks = string.Join(", ", Enumerable.Repeat("new TaskSpec(\"T\", new Binary())", 1685));
        var source = SampleDeclarations.Census($"new MultiTaskSpec(Optimizer: new Sgd(1, 0.7872822662191231, 0), Dropout: 0, Input: new Features(3), Objective: new GeometricLoss(), Tasks: [{tasks}])");

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var ids = GeneratorOracle.CheckAny(source);
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F2} s; {string.Join(", ", ids)}");

        Assert.Contains(ids, id => id.StartsWith("CMP", System.StringComparison.Ordinal));
    }

    [Fact]
    public void A_mixture_of_99999_levels_is_CMP0041_at_its_argument_not_a_hang()
    {
        // Found by the long run as a hang: an out-of-range number in Levels made the generator emit every level.
        var source = SampleDeclarations.Census("new(new Features(Width: 2), [new TaskSpec(\"A\", new Binary()), new TaskSpec(\"B\", new Binary())], " +
            "new Composition(Trunk: ValueList.Of(8, 6), Then: new MixtureOfExperts(2, [3], [4, 3], Gating.PerTask, 2, 99999)), new GeometricLoss())");

        var run = GeneratorOracle.RunBounded(source);

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal(("CMP0041", "99999"), (diagnostic.Id, run.TextAt(diagnostic.Location)));
        GeneratorOracle.CheckAny(source);
    }

    [Fact]
    public void Fine_tuning_a_trunk_of_1790_layers_is_generated_within_the_bound()
    {
        // Found by the long run as a hang: the fine-tuning plan matched every block against every layer against every
        // block name (cubic); 4.6 s at 1,790 layers, now linear (0.2 s).
        var trunk = string.Join(", ", Enumerable.Repeat("8", 1790));
        var source = "using Composable;\n[MultiTaskModel]\npublic static partial class Pretrained { public static readonly MultiTaskSpec Spec = " +
            $"new(Input: new Features(6), Tasks: [new(\"Edge\", new Binary())], Sharing: new HardSharing(Trunk: [{trunk}])); }}\n" +
            "[FineTuning]\npublic static partial class Tuned { public static readonly FineTuningSpec Spec = new(new TrunkSource(Pretrained.Spec), [new TaskSpec(\"Edge\", new Binary())]); }\n";

        var run = GeneratorOracle.RunBounded(source);

        Assert.Null(run.Exception);
        Assert.Empty(run.Diagnostics);
        Assert.Contains(run.Sources, s => s.HintName.EndsWith("Tuned.Graph.g.cs", System.StringComparison.Ordinal));
        GeneratorOracle.CheckAny(source);
    }

    [Fact]
    public void Fine_tuning_2665_tasks_of_one_name_is_reported_within_the_bound()
    {
        // Found by the long run as a hang: 2,665 copies of one task pasted into a fine-tuning declaration's Tasks.
        var tasks = string.Join(", ", Enumerable.Repeat("new TaskSpec(\"T\", new Binary())", 2665));
        var source = "using Composable;\n[MultiTaskModel]\npublic static partial class Pretrained { public static readonly MultiTaskSpec Spec = " +
            "new(Input: new Features(12), Tasks: [new(\"Edge\", new Binary())], Sharing: new HardSharing(Trunk: [16, 4], Towers: [12])); }\n" +
            $"[FineTuning]\npublic static partial class Tuned {{ public static readonly FineTuningSpec Spec = new(new TrunkSource(Pretrained.Spec), [{tasks}]); }}\n";

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var ids = GeneratorOracle.CheckAny(source);
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F2} s; {string.Join(", ", ids.GroupBy(id => id).Select(g => $"{g.Key}×{g.Count()}"))}");

        Assert.Contains(ids, id => id == "CMP0004");
    }

    [Fact]
    public void The_valid_property_fails_when_the_graph_differs_from_the_plans()
    {
        var declaration = ValidDeclarations.MultiTask().Single(_ => true, "0N0XIzNsQ0O2");
        var wrong = declaration with { Graphs = declaration.Graphs.Select(g => g with { Text = g.Text + " " }).ToArray() };

        GeneratorOracle.CheckValid(declaration);
        var violation = Assert.Throws<PropertyViolation>(() => { GeneratorOracle.CheckValid(wrong); });
        Assert.Contains("differs from the plan's rendering", violation.Message);
    }

    [Fact]
    public void The_valid_property_fails_on_a_declaration_the_generator_rejects()
    {
        var invalid = new ValidDeclaration("MultiTaskModel", SampleDeclarations.Census($"new(new Features(0), {Tasks}, new HardSharing([8]))"),
            System.Array.Empty<ExpectedGraph>(), System.Array.Empty<DeclarationError>());

        var violation = Assert.Throws<PropertyViolation>(() => { GeneratorOracle.CheckValid(invalid); });
        Assert.Contains("CMP0006", violation.Message);
    }

    [Fact]
    public void The_any_property_fails_on_a_diagnostic_outside_every_declaring_class()
    {
        // The same declaration, its attribute applied through a using alias, which the oracle (reading syntax) does not
        // take for a declaring class while the generator does: the generator's CMP0006 then lies outside every class the
        // oracle knows.
        var source = "using Declare = Composable.MultiTaskModelAttribute;\n" +
            SampleDeclarations.Census($"new(new Features(0), {Tasks}, new HardSharing([8]))").Replace("[MultiTaskModel]", "[Declare]");

        Assert.Contains(GeneratorHarness.Run(source).Diagnostics, d => d.Id == "CMP0006");
        Assert.Throws<PropertyViolation>(() => { GeneratorOracle.CheckAny(source); });
    }
}

/// <summary>
/// Found by the fuzzer (an identifier swapped for <c>var</c>): a declaring class named like something the generated code
/// declares or reads unqualified used to be accepted and gave generated code that does not compile; it is CMP0015 at
/// the class's name now. Names that capture nothing still compile, keywords as verbatim identifiers included.
/// </summary>
public sealed class DeclaringTypeNameTests
{
    private static string Declaration(string kind, string name) => kind switch
    {
        "MultiTaskModel" => SampleDeclarations.Census("new(new Features(4), [new TaskSpec(\"A\", new Binary())], new HardSharing([8]))").Replace("class Census", "class " + name),
        "MetaLearner" => SampleDeclarations.MetaLearner("new(new Features(1), [8], 1, new FewShotRegression(2, 2), new Maml())").Replace("class Learner", "class " + name),
        "FewShotLearner" => SampleDeclarations.FewShotLearner("new(new MlpBackbone(new Features(4), [8]), new FewShotClassification(3, 1, 2), new Prototypical())").Replace("class Learner", "class " + name),
        _ => SampleDeclarations.FineTuning("new(new BackboneSource(new MlpBackbone(new Features(4), [8])), [new TaskSpec(\"A\", new Binary())])").Replace("class Tuned", "class " + name),
    };

    [Theory]
    [InlineData("MultiTaskModel", "var")]
    [InlineData("MultiTaskModel", "Model")]
    [InlineData("MultiTaskModel", "Losses")]
    [InlineData("MultiTaskModel", "Tensor")]
    [InlineData("MetaLearner", "Network")]
    [InlineData("MetaLearner", "torch")]
    [InlineData("FewShotLearner", "Trainer")]
    [InlineData("FewShotLearner", "var")]
    [InlineData("FineTuning", "Target")]
    [InlineData("FineTuning", "Graph")]
    public void A_declaring_type_named_like_what_the_generated_code_uses_is_CMP0015_at_its_name(string kind, string name)
    {
        var run = GeneratorHarness.Run(Declaration(kind, name));

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal(("CMP0015", name), (diagnostic.Id, run.TextAt(diagnostic.Location)));
        Assert.Empty(run.Sources);
    }

    [Theory]
    [InlineData("MultiTaskModel", "Graph")]
    [InlineData("MultiTaskModel", "Trainer")]
    [InlineData("MetaLearner", "Graph")]
    [InlineData("MetaLearner", "Network")]
    [InlineData("FewShotLearner", "Trainer")]
    [InlineData("FineTuning", "Graph")]
    public void A_declaration_field_named_like_a_generated_member_is_CMP0015(string kind, string field)
    {
        // Found by fuzzing (an identifier swap renamed a meta-learner's field to Graph): it was accepted, and the
        // generated const Graph clashed with it.
        var source = Declaration(kind, "Named").Replace("MetaLearnerSpec Spec =", $"MetaLearnerSpec {field} =")
            .Replace("MultiTaskSpec Spec =", $"MultiTaskSpec {field} =").Replace("FewShotLearnerSpec Spec =", $"FewShotLearnerSpec {field} =")
            .Replace("FineTuningSpec Spec =", $"FineTuningSpec {field} =");
        Assert.Contains($" {field} =", source);

        var run = GeneratorHarness.Run(source);

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("CMP0015", diagnostic.Id);
        Assert.Contains($"declares a member named '{field}'", diagnostic.GetMessage());
        Assert.Empty(run.Sources);
    }

    [Theory]
    [InlineData("MultiTaskModel", "@class")]
    [InlineData("MultiTaskModel", "System")]
    [InlineData("MultiTaskModel", "nameof")]
    [InlineData("MetaLearner", "@int")]
    [InlineData("MetaLearner", "record")]
    [InlineData("FewShotLearner", "Module")]
    [InlineData("FewShotLearner", "Model")]
    [InlineData("FineTuning", "Größe")]
    [InlineData("FineTuning", "Network")]
    public void A_declaring_type_name_that_captures_nothing_compiles(string kind, string name)
    {
        var run = GeneratorHarness.Run(Declaration(kind, name));

        Assert.Empty(run.Diagnostics);
        Assert.NotEmpty(run.Sources);
        Assert.DoesNotContain(run.CompileErrors, e => !GeneratorHarness.FewShotRunTimeMissing(e));
    }
}

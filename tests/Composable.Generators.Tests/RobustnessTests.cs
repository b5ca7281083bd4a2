using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Composable.Generators.Tests;

/// <summary>The generator never throws: incomplete and malformed code gives diagnostics or nothing, never a crash.</summary>
public sealed class RobustnessTests
{
    public static IEnumerable<object[]> Malformed() => new[]
    {
        ("Unterminated initializer", Wrap("new(")),
        ("Missing arguments", Wrap("new(new Features())")),
        ("Wrong argument type", Wrap("""new(new Features("wide"), [], new HardSharing([8]))""")),
        ("Default literal", Wrap("default!")),
        ("Null arguments", Wrap("new MultiTaskSpec(Input: null!, Tasks: [], Sharing: null!)")),
        ("Null task name", Wrap("""new(new Features(4), [new TaskSpec(null!, new Binary())], new HardSharing([8]))""")),
        ("Null target", Wrap("""new(new Features(4), [new TaskSpec("A", null!)], new HardSharing([8]))""")),
        ("Undefined enum value", Wrap("""new(new Features(4), [new TaskSpec("A", new Binary())], new HardSharing([8]), Activation: (Activation)42)""")),
        ("Self reference", Wrap("""new(new Features(4), [A], new HardSharing([8]))""", "static readonly TaskSpec A = new(\"A\", new Binary(), Weight: B.Weight); static readonly TaskSpec B = A;")),
        ("Cyclic fields", Wrap("""new(new Features(4), [A], new HardSharing([8]))""", "static readonly TaskSpec A = B; static readonly TaskSpec B = A;")),
        ("Lambda", Wrap("""((System.Func<MultiTaskSpec>)(() => null!))()""")),
        ("Non-declaration record", Wrap("""new(new Features(4), [new TaskSpec("A", new Binary())], new HardSharing([8]), Objective: new MyObjective())""", "sealed record MyObjective;")),
        ("Incomplete class", "using Composable; [MultiTaskModel] public static partial class"),
        ("Attribute on a record", "using Composable; [MultiTaskModel] public partial record R { public static readonly MultiTaskSpec Spec = new(new Features(4), [new TaskSpec(\"A\", new Binary())], new HardSharing([8])); }"),
        ("Generic type", "using Composable; [MultiTaskModel] public static partial class G<T> { public static readonly MultiTaskSpec Spec = new(new Features(4), [new TaskSpec(\"A\", new Binary())], new HardSharing([8])); }"),
        ("Garbage", "[MultiTaskModel] }}} class ((( = new(;"),
        ("Huge widths", Wrap("""new(new Features(int.MaxValue), [new TaskSpec("A", new MultiClass(int.MaxValue))], new HardSharing([int.MaxValue]))""")),
        ("Few-shot: unterminated initializer", SampleDeclarations.FewShotLearner("new(")),
        ("Few-shot: null backbone", SampleDeclarations.FewShotLearner("new(null!, new FewShotClassification(5, 1, 5), new Prototypical())")),
        ("Few-shot: null learner", SampleDeclarations.FewShotLearner("new(new MlpBackbone(new Features(4), [8]), new FewShotClassification(5, 1, 5), null!)")),
        ("Few-shot: null episodes", SampleDeclarations.FewShotLearner("new(new MlpBackbone(new Features(4), [8]), null!, new Prototypical())")),
        ("Few-shot: default literal", SampleDeclarations.FewShotLearner("default!")),
        ("Few-shot: undefined distance", SampleDeclarations.FewShotLearner("new(new MlpBackbone(new Features(4), [8]), new FewShotClassification(5, 1, 5), new Prototypical((Distance)7))")),
        ("Few-shot: huge blocks", SampleDeclarations.FewShotLearner("new(new ConvBackbone(new Image(1, 28, 28), Blocks: int.MaxValue), new FewShotClassification(5, 1, 5), new Prototypical())")),
        ("Few-shot: huge image", SampleDeclarations.FewShotLearner("new(new ConvBackbone(new Image(int.MaxValue, int.MaxValue, int.MaxValue), Blocks: 1, Channels: int.MaxValue), new FewShotClassification(int.MaxValue, 1, 5), new Relation([int.MaxValue]))")),
        ("Few-shot: huge reader", SampleDeclarations.FewShotLearner("new(new MlpBackbone(new Features(int.MaxValue), [int.MaxValue]), new FewShotClassification(int.MaxValue, 1, 5), new LstmReader(int.MaxValue, int.MaxValue))")),
        ("Few-shot: zero heads", SampleDeclarations.FewShotLearner("new(new MlpBackbone(new Features(4), [8]), new FewShotClassification(5, 1, 5), new AttentionReader(Width: 0, Heads: 0, Layers: -1))")),
        ("Few-shot: non-declaration learner", SampleDeclarations.FewShotLearner("new(new MlpBackbone(new Features(4), [8]), new FewShotClassification(5, 1, 5), new Prototypical() with { CosineScale = 2 })")),
        ("Fine-tuning: unterminated initializer", SampleDeclarations.FineTuning("new(")),
        ("Fine-tuning: null source", SampleDeclarations.FineTuning("new(null!, [new TaskSpec(\"A\", new Binary())])")),
        ("Fine-tuning: null tasks", SampleDeclarations.FineTuning("new(new BackboneSource(new MlpBackbone(new Features(4), [8])), null!)")),
        ("Fine-tuning: null frozen name", SampleDeclarations.FineTuning("new(new BackboneSource(new MlpBackbone(new Features(4), [8])), [new TaskSpec(\"A\", new Binary())], Frozen: [null!])")),
        ("Fine-tuning: null rate name", SampleDeclarations.FineTuning("new(new BackboneSource(new MlpBackbone(new Features(4), [8])), [new TaskSpec(\"A\", new Binary())], Rates: new ExplicitRates([new LayerRate(null!, 1e-3)]))")),
        ("Fine-tuning: trunk source of a null network", SampleDeclarations.FineTuning("new(new TrunkSource(null!), [new TaskSpec(\"A\", new Binary())])")),
        ("Fine-tuning: huge unfreezing", SampleDeclarations.FineTuning("new(new BackboneSource(new ConvBackbone(new Image(1, 28, 28), Blocks: int.MaxValue)), [new TaskSpec(\"A\", new Binary())], Unfreezing: new GradualUnfreezing(int.MaxValue, int.MaxValue))")),
        ("Fine-tuning: NaN rates", SampleDeclarations.FineTuning("new(new BackboneSource(new MlpBackbone(new Features(4), [8])), [new TaskSpec(\"A\", new Binary())], Rates: new DiscriminativeRates(double.NaN), Schedule: new WarmupCosine(int.MinValue, int.MaxValue, double.NaN))")),
        ("Fine-tuning: kept head of a null source task", SampleDeclarations.FineTuning("new(new BackboneSource(new MlpBackbone(new Features(4), [8]), [null!]), [new TaskSpec(\"A\", new Binary())], Head: HeadInitialisation.Keep)")),
        ("Few-shot: garbage", "[FewShotLearner] }}} class ((( = new(;"),
        ("Few-shot: generic type", "using Composable; [FewShotLearner] public static partial class G<T> { public static readonly FewShotLearnerSpec Spec = new(new MlpBackbone(new Features(4), [8]), new FewShotClassification(5, 1, 5), new Matching()); }"),
    }.Select(c => new object[] { c.Item1, c.Item2 });

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_code_never_crashes_the_generator(string name, string source)
    {
        var run = GeneratorHarness.Run(source);

        Assert.True(run.Exception is null, $"{name}: the generator threw {run.Exception}");
        Assert.DoesNotContain(run.Output.GetDiagnostics(), d => d.Id is "CS8784" or "CS8785");
        Assert.All(run.Diagnostics, d => Assert.StartsWith("CMP", d.Id));
    }

    [Fact]
    public void Undefined_enum_value_is_reported_at_the_cast()
    {
        var run = GeneratorHarness.Run(Wrap("""new(new Features(4), [new TaskSpec("A", new Binary())], new HardSharing([8]), Activation: (Activation)42)"""));

        var diagnostic = Assert.Single(run.Diagnostics);
        Assert.Equal("CMP0001", diagnostic.Id);
        Assert.Equal("(Activation)42", run.TextAt(diagnostic.Location));
    }

    [Fact]
    public void Cyclic_field_references_are_reported_not_followed_forever()
    {
        var run = GeneratorHarness.Run(Wrap("""new(new Features(4), [A], new HardSharing([8]))""", "static readonly TaskSpec A = B; static readonly TaskSpec B = A;"));

        Assert.Contains(run.Diagnostics, d => d.Id == "CMP0001" && d.GetMessage().Contains("refers to itself"));
    }

    private static string Wrap(string initializer, string members = "") => SampleDeclarations.Census(initializer, members);
}

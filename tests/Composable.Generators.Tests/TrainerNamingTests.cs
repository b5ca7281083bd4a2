using System.Linq;
using Xunit;

namespace Composable.Generators.Tests;

/// <summary>
/// The generated multi-task <c>Trainer</c> names its declaring class plainly, and in full (<c>global::</c>) only when
/// the class is named like one of the trainer's own members, where the plain name would mean the member.
/// </summary>
public sealed class TrainerNamingTests
{
    private const string Declaration = """new(new Features(4), [new TaskSpec("A", new Binary())], new HardSharing([8]))""";

    [Theory]
    [InlineData("Device")]
    [InlineData("Steps")]
    [InlineData("Fit")]
    public void A_declaring_class_named_like_a_trainer_member_is_named_in_full_and_compiles(string name)
    {
        var run = GeneratorHarness.Run(SampleDeclarations.Census(Declaration).Replace("class Census", $"class {name}"));

        Assert.Empty(run.Diagnostics);
        Assert.Empty(run.CompileErrors.Select(e => $"{System.IO.Path.GetFileName(e.Location.SourceTree?.FilePath)}: {e.GetMessage()} [{e.Location.SourceTree?.GetText().ToString(e.Location.SourceSpan)}]"));
        Assert.Contains($"Optimizers.CreateForTrainer(global::Samples.{name}.Spec.Optimizer, Model.parameters())", TrainerSource(run));
    }

    [Fact]
    public void Any_other_declaring_class_is_named_plainly()
    {
        var run = GeneratorHarness.Run(SampleDeclarations.Census(Declaration));

        Assert.Empty(run.CompileErrors.Select(e => $"{System.IO.Path.GetFileName(e.Location.SourceTree?.FilePath)}: {e.GetMessage()} [{e.Location.SourceTree?.GetText().ToString(e.Location.SourceSpan)}]"));
        Assert.Contains("Optimizers.CreateForTrainer(Census.Spec.Optimizer, Model.parameters())", TrainerSource(run));
        // The library's own types may be written in full (global::Composable.Training.Scalars); the declaring class is not.
        Assert.DoesNotContain("global::Samples", TrainerSource(run));
        Assert.DoesNotContain("global::Census", TrainerSource(run));
    }

    private static string TrainerSource(GeneratorRun run) =>
        run.Sources.Single(s => s.HintName.EndsWith(".Trainer.g.cs", System.StringComparison.Ordinal)).SourceText.ToString();
}

using System;
using System.Linq;
using Xunit;

namespace Composable.Tests.Declarations;

/// <summary>
/// One run-time Validate stage for every declaration family: <c>Declarations.Validate</c> gathers every error (id,
/// argument path, message) and <c>Declarations.ThrowIfInvalid</c> throws one <see cref="InvalidDeclarationException"/>
/// listing them all under the declaration type.
/// </summary>
public sealed class DeclarationValidationTests
{
    private static readonly MultiTaskSpec BadMultiTask = new(
        new Features(0), [new TaskSpec("A", new MultiClass(1), Weight: -1)], new HardSharing([8]), Dropout: 1.5);

    private static readonly MetaLearnerSpec BadMeta = new(
        new Features(1), [40], 1, new FewShotRegression(0, 0), new Maml(InnerSteps: 0));

    private static readonly FewShotLearnerSpec BadFewShot = new(
        new MlpBackbone(new Features(8), []), new FewShotClassification(1, 1, 1), new Matching(CosineScale: 0), MetaBatch: 0);

    private static readonly (string Id, string Path)[] MultiTaskErrors =
    [
        ("CMP0006", "Input.Width"), ("CMP0007", "Tasks[0].Target.Classes"), ("CMP0008", "Tasks[0].Weight"), ("CMP0011", "Dropout"),
    ];

    private static readonly (string Id, string Path)[] MetaErrors =
    [
        ("CMP0020", "Learner.InnerSteps"), ("CMP0024", "Episodes.Shots"), ("CMP0025", "Episodes.Queries"),
    ];

    private static readonly (string Id, string Path)[] FewShotErrors =
    [
        ("CMP0013", "Backbone.Layers"), ("CMP0022", "MetaBatch"), ("CMP0023", "Episodes.Ways"), ("CMP0062", "Learner.CosineScale"),
    ];

    [Fact]
    public void Validate_gathers_every_error_of_a_multi_task_declaration() =>
        Assert.Equal(Sorted(MultiTaskErrors), Failures(Composable.Declarations.Validate(BadMultiTask)));

    [Fact]
    public void Validate_gathers_every_error_of_a_meta_learner_declaration() =>
        Assert.Equal(Sorted(MetaErrors), Failures(Composable.Declarations.Validate(BadMeta)));

    [Fact]
    public void Validate_gathers_every_error_of_a_few_shot_learner_declaration() =>
        Assert.Equal(Sorted(FewShotErrors), Failures(Composable.Declarations.Validate(BadFewShot)));

    [Fact]
    public void Validate_returns_a_valid_declaration_of_each_family_unchanged()
    {
        var multiTask = new MultiTaskSpec(new Features(4), [new TaskSpec("A", new Binary())], new HardSharing([8]));
        var meta = new MetaLearnerSpec(new Features(1), [40], 1, new FewShotRegression(5, 5), new Maml());
        var fewShot = new FewShotLearnerSpec(new MlpBackbone(new Features(8), [16]), new FewShotClassification(5, 1, 3), new Prototypical());

        Assert.Equal(multiTask, Composable.Declarations.Validate(multiTask).Match(s => s, _ => null!));
        Assert.Equal(meta, Composable.Declarations.Validate(meta).Match(s => s, _ => null!));
        Assert.Equal(fewShot, Composable.Declarations.Validate(fewShot).Match(s => s, _ => null!));
        Composable.Declarations.ThrowIfInvalid(multiTask);
        Composable.Declarations.ThrowIfInvalid(meta);
        Composable.Declarations.ThrowIfInvalid(fewShot);
    }

    [Fact]
    public void ThrowIfInvalid_lists_every_error_of_a_multi_task_declaration() =>
        AssertListsEvery(Assert.Throws<InvalidDeclarationException>(() => Composable.Declarations.ThrowIfInvalid(BadMultiTask)), "MultiTaskSpec", MultiTaskErrors);

    [Fact]
    public void ThrowIfInvalid_lists_every_error_of_a_meta_learner_declaration() =>
        AssertListsEvery(Assert.Throws<InvalidDeclarationException>(() => Composable.Declarations.ThrowIfInvalid(BadMeta)), "MetaLearnerSpec", MetaErrors);

    [Fact]
    public void ThrowIfInvalid_lists_every_error_of_a_few_shot_learner_declaration() =>
        AssertListsEvery(Assert.Throws<InvalidDeclarationException>(() => Composable.Declarations.ThrowIfInvalid(BadFewShot)), "FewShotLearnerSpec", FewShotErrors);

    [Fact]
    public void Invalid_declaration_exception_is_an_argument_exception_naming_the_spec_and_the_help_page()
    {
        ArgumentException error = Assert.Throws<InvalidDeclarationException>(() => Composable.Declarations.ThrowIfInvalid(BadMeta));

        Assert.Equal("spec", error.ParamName);
        Assert.Contains(DiagnosticCatalog.DocumentUrl, error.Message);
    }

    private static void AssertListsEvery(InvalidDeclarationException error, string typeName, (string Id, string Path)[] expected)
    {
        Assert.Equal(typeName, error.DeclarationType.Name);
        Assert.StartsWith($"Invalid {typeName} declaration: {expected.Length} errors.", error.Message);
        Assert.Equal(Sorted(expected), Sorted(error.Errors.Select(e => (e.Id, e.Path))));
        foreach (var e in error.Errors)
            Assert.Contains($"  {e.Id} at {e.Path}: {e.Message}", error.Message);
        Assert.Equal(expected.Length, error.Message.Split("CMP0").Length - 1);
    }

    private static (string Id, string Path)[] Failures<TSpec>(LanguageExt.Validation<DeclarationError, TSpec> result) =>
        Sorted(result.Match(_ => [], errors => errors.Select(e => (e.Id, e.Path))));

    private static (string Id, string Path)[] Sorted(System.Collections.Generic.IEnumerable<(string Id, string Path)> errors) =>
        errors.OrderBy(e => e.Id, StringComparer.Ordinal).ThenBy(e => e.Path, StringComparer.Ordinal).ToArray();
}

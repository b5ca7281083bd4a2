extern alias generator;

using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Composable.Generators.Tests;

/// <summary>The pipeline caches: re-runs leave every tracked step Cached or Unchanged, and models hold plain values only.</summary>
public sealed class CachingTests
{
    private static readonly string[] TrackedSteps = { "Parse", "Validate", "Emit" };
    private static readonly string[] MetaSteps = { "MetaParse", "MetaValidate", "MetaEmit" };
    private static readonly string[] FewShotSteps = { "FewShotParse", "FewShotValidate", "FewShotEmit" };
    private static readonly string[] FineTuningSteps = { "FineTuningParse", "FineTuningValidate", "FineTuningEmit" };

    [Fact]
    public void Rerun_on_a_cloned_compilation_leaves_every_step_cached_or_unchanged()
    {
        var compilation = GeneratorHarness.Compile(SampleDeclarations.HardSharing, SampleDeclarations.AdditiveEmbedding);
        var first = GeneratorHarness.Run(compilation, trackSteps: true);

        var second = first.Driver.RunGenerators(compilation.Clone()).GetRunResult();

        AssertAllCached(second);
    }

    [Fact]
    public void An_unrelated_edit_leaves_every_step_cached_or_unchanged() =>
        AssertAllCached(RunAfterUnrelatedEdit(SampleDeclarations.HardSharing, SampleDeclarations.FilmSharedHead));

    [Fact]
    public void Editing_a_declaration_regenerates_only_that_declaration() =>
        AssertOnlyEditedRegenerates("Emit", SampleDeclarations.HardSharing, SampleDeclarations.AdditiveEmbedding, ("Dropout: 0.1", "Dropout: 0.2"));

    [Fact]
    public void Pipeline_models_hold_no_symbols_syntax_or_compilations()
    {
        var run = GeneratorHarness.Run(
            GeneratorHarness.Compile(SampleDeclarations.HardSharing, SampleDeclarations.ConcatenatedOneHot, """
                using Composable;
                [MultiTaskModel] public static partial class Broken { public static readonly MultiTaskSpec Spec = new(new Features(0), [], new HardSharing([])); }
                """),
            trackSteps: true);

        var steps = run.Result.Results.Single().TrackedSteps;
        foreach (var name in TrackedSteps)
            foreach (var output in steps[name].SelectMany(s => s.Outputs))
                AssertPlainValues(output.Value, $"{name} output", new HashSet<object>(ReferenceEqualityComparer.Instance));
    }

    [Fact]
    public void An_unrelated_edit_leaves_every_meta_step_cached_or_unchanged()
    {
        var second = RunAfterUnrelatedEdit(SampleDeclarations.MamlSinusoid, SampleDeclarations.MetaSgdPerLayerClassifier, SampleDeclarations.HardSharing);

        AssertAllCached(second, MetaSteps);
        AssertAllCached(second);
    }

    [Fact]
    public void Editing_a_meta_declaration_regenerates_only_that_declaration() =>
        AssertOnlyEditedRegenerates("MetaEmit", SampleDeclarations.MamlSinusoid, SampleDeclarations.ReptileSinusoid, ("InnerSteps: 1", "InnerSteps: 2"));

    [Fact]
    public void Meta_pipeline_models_hold_no_symbols_syntax_or_compilations()
    {
        var run = GeneratorHarness.Run(
            GeneratorHarness.Compile(SampleDeclarations.AnilFewShotClassification, SampleDeclarations.MetaLearner(
                "new(new Features(1), [40], 1, new FewShotRegression(5, 5), new Maml(InnerLearningRate: 0))")),
            trackSteps: true);

        var steps = run.Result.Results.Single().TrackedSteps;
        foreach (var name in MetaSteps)
            foreach (var output in steps[name].SelectMany(s => s.Outputs))
                AssertPlainValues(output.Value, $"{name} output", new HashSet<object>(ReferenceEqualityComparer.Instance));
    }

    [Fact]
    public void Every_family_caches_on_a_cloned_compilation()
    {
        var compilation = GeneratorHarness.Compile(SampleDeclarations.HardSharing, SampleDeclarations.MamlSinusoid, SampleDeclarations.RelationNetwork);
        var first = GeneratorHarness.Run(compilation, trackSteps: true);

        var second = first.Driver.RunGenerators(compilation.Clone()).GetRunResult();

        AssertAllCached(second, TrackedSteps);
        AssertAllCached(second, MetaSteps);
        AssertAllCached(second, FewShotSteps);
    }

    [Fact]
    public void An_unrelated_edit_leaves_every_few_shot_step_cached_or_unchanged()
    {
        var second = RunAfterUnrelatedEdit(SampleDeclarations.RelationNetwork, SampleDeclarations.PrototypicalCosineConv, SampleDeclarations.HardSharing);

        AssertAllCached(second, FewShotSteps);
        AssertAllCached(second);
    }

    [Fact]
    public void Editing_a_few_shot_declaration_regenerates_only_that_declaration() =>
        AssertOnlyEditedRegenerates("FewShotEmit", SampleDeclarations.RelationNetwork, SampleDeclarations.LstmReaderLearner, ("Layers: [8]", "Layers: [12]"));

    [Fact]
    public void An_unrelated_edit_leaves_every_fine_tuning_step_cached_or_unchanged()
    {
        var second = RunAfterUnrelatedEdit(SampleDeclarations.TrunkToFourthTask, SampleDeclarations.ConvGradualUnfreezing);

        AssertAllCached(second, FineTuningSteps);
        AssertAllCached(second);
    }

    [Fact]
    public void Editing_a_fine_tuning_declaration_regenerates_only_that_declaration() =>
        AssertOnlyEditedRegenerates("FineTuningEmit", SampleDeclarations.ConvGradualUnfreezing, SampleDeclarations.ConvLinearProbe, ("EveryEpochs: 2", "EveryEpochs: 3"));

    [Fact]
    public void Fine_tuning_pipeline_models_hold_no_symbols_syntax_or_compilations()
    {
        var run = GeneratorHarness.Run(GeneratorHarness.Compile(SampleDeclarations.TrunkToFourthTask, SampleDeclarations.ConvLinearProbe), trackSteps: true);

        var steps = run.Result.Results.Single().TrackedSteps;
        foreach (var name in FineTuningSteps)
            foreach (var output in steps[name].SelectMany(s => s.Outputs))
                AssertPlainValues(output.Value, $"{name} output", new HashSet<object>(ReferenceEqualityComparer.Instance));
    }

    [Fact]
    public void Few_shot_pipeline_models_hold_no_symbols_syntax_or_compilations()
    {
        var run = GeneratorHarness.Run(
            GeneratorHarness.Compile(SampleDeclarations.AttentionReaderLearner, SampleDeclarations.FewShotLearner(
                "new(new MlpBackbone(new Features(0), []), new FewShotRegression(1, 1), new Matching(0))")),
            trackSteps: true);

        var steps = run.Result.Results.Single().TrackedSteps;
        foreach (var name in FewShotSteps)
            foreach (var output in steps[name].SelectMany(s => s.Outputs))
                AssertPlainValues(output.Value, $"{name} output", new HashSet<object>(ReferenceEqualityComparer.Instance));
    }

    /// <summary>Runs the generator over <paramref name="sources"/>, then again after adding an unrelated file.</summary>
    private static GeneratorDriverRunResult RunAfterUnrelatedEdit(params string[] sources)
    {
        var compilation = GeneratorHarness.Compile(sources);
        var first = GeneratorHarness.Run(compilation, trackSteps: true);
        Assert.NotEmpty(first.Sources);

        var edited = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(
            "namespace Samples; public static class Unrelated { public static int Answer => 42; }", GeneratorHarness.ParseOptions, path: "Unrelated.cs"));
        return first.Driver.RunGenerators(edited).GetRunResult();
    }

    /// <summary>Editing <paramref name="edited"/> (by <paramref name="edit"/>) modifies its output of <paramref name="emitStep"/> and leaves <paramref name="other"/>'s cached.</summary>
    private static void AssertOnlyEditedRegenerates(string emitStep, string edited, string other, (string Old, string New) edit)
    {
        var compilation = GeneratorHarness.Compile(edited, other);
        var first = GeneratorHarness.Run(compilation, trackSteps: true);
        var tree = compilation.SyntaxTrees.First();
        var changed = compilation.ReplaceSyntaxTree(tree, tree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(edited.Replace(edit.Old, edit.New))));

        var second = first.Driver.RunGenerators(changed).GetRunResult();

        var reasons = second.Results.Single().TrackedSteps[emitStep].SelectMany(s => s.Outputs).Select(o => o.Reason).ToArray();
        Assert.Contains(IncrementalStepRunReason.Modified, reasons);
        Assert.Contains(reasons, r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged);
    }

    private static void AssertAllCached(GeneratorDriverRunResult result) => AssertAllCached(result, TrackedSteps);

    private static void AssertAllCached(GeneratorDriverRunResult result, string[] trackedSteps)
    {
        var steps = result.Results.Single().TrackedSteps;
        foreach (var name in trackedSteps)
        {
            Assert.True(steps.ContainsKey(name), $"Step {name} was not tracked.");
            foreach (var output in steps[name].SelectMany(s => s.Outputs))
                Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                    $"Step {name} produced {output.Reason}.");
        }
    }

    private static void AssertPlainValues(object? value, string path, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || !seen.Add(value)) return;
        Assert.False(value is ISymbol or SyntaxNode or Compilation or SemanticModel or Location or SyntaxTree,
            $"{path} holds a {value.GetType().Name}, which defeats caching.");
        if (value is IEnumerable sequence)
        {
            var i = 0;
            foreach (var item in sequence) AssertPlainValues(item, $"{path}[{i++}]", seen);
        }
        foreach (var field in value.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            AssertPlainValues(field.GetValue(value), $"{path}.{field.Name}", seen);
    }
}

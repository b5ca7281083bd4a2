using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Composable.Data;
using Composable.FewShot;
using Composable.Interpretation;
using Composable.Meta;
using Composable.Training;
using Composable.Transfer;
using static TorchSharp.torch;

namespace Composable.Generators.Tests.Fuzzing;

/// <summary>
/// Generated == interpreted for a random valid declaration: its generated code is compiled, loaded into a collectible
/// load context and run beside the run time's interpreted trainer of the very value the source declares. Both are
/// built with the same seed and must hold the same state (names, shapes and values, bit for bit); multi-task and
/// fine-tuning declarations then train a few steps on the same synthetic batches and must give the same losses and
/// the same parameters.
/// </summary>
internal static class NumericOracle
{
    private const int Seed = 11;
    private const int Steps = 3;

    public static void CheckGeneratedEqualsInterpreted(ValidDeclaration declaration)
    {
        var run = GeneratorOracle.RunBounded(declaration.Source);
        using var image = new MemoryStream();
        var emitted = run.Output.Emit(image);
        if (!emitted.Success)
            throw new PropertyViolation("the output does not emit:\n" + string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error).Take(5)));
        image.Position = 0;

        var context = new AssemblyLoadContext($"fuzz-{Guid.NewGuid():N}", isCollectible: true);
        try
        {
            var assembly = context.LoadFromStream(image);
            var typeName = declaration.Graphs[0].TypeName;
            var declaring = assembly.GetTypes().Single(t => t.Name == typeName && t.GetNestedType("Trainer") is not null);
            var spec = declaring.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
                .Single(f => f.FieldType.Assembly == typeof(MultiTaskSpec).Assembly && f.FieldType.Name.EndsWith("Spec", StringComparison.Ordinal))
                .GetValue(null)!;
            var create = declaring.GetNestedType("Trainer")!.GetMethod("Create", BindingFlags.Public | BindingFlags.Static)!;

            using var scope = NewDisposeScope();
            using var generated = (ITrainer)create.Invoke(null, new object?[] { Seed, null })!;
            using ITrainer interpreted = spec switch
            {
                MultiTaskSpec s => InterpretedTrainer.Create(s, Seed),
                MetaLearnerSpec s => MetaTrainer.Create(s, Seed),
                FewShotLearnerSpec s => EpisodicTrainer.Create(s, Seed),
                FineTuningSpec s => FineTuningTrainer.Create(s, Seed),
                _ => throw new PropertyViolation($"no interpreted trainer for {spec.GetType().Name}"),
            };
            SameState("after construction", generated.Module, interpreted.Module);

            var target = spec switch
            {
                MultiTaskSpec s => s,
                FineTuningSpec s => FineTuningPlan.TargetOf(s),
                _ => null,
            };
            if (target is not null)
                SameTraining(target, (IMultiTaskTrainer)generated, (IMultiTaskTrainer)interpreted);
        }
        finally
        {
            context.Unload();
        }
    }

    private static void SameTraining(MultiTaskSpec target, IMultiTaskTrainer generated, IMultiTaskTrainer interpreted)
    {
        using var data = SyntheticTasks.Generate(target, new SyntheticOptions(Examples: 48, Seed: 3));
        var sampling = target.Objective is WeightedSum w ? w.Sampling : TaskSampling.AllTasks;
        var generatedStream = new BatchStream(data, sampling, 16, Seed);
        var interpretedStream = new BatchStream(data, sampling, 16, Seed);
        for (var step = 0; step < Steps; step++)
        {
            StepResult actual, expected;
            using (NewDisposeScope())
            {
                manual_seed(1000 + step);
                actual = generated.Step(generatedStream.Next());
            }
            using (NewDisposeScope())
            {
                manual_seed(1000 + step);
                expected = interpreted.Step(interpretedStream.Next());
            }
            if (actual.Total != expected.Total || !actual.TaskLosses.SequenceEqual(expected.TaskLosses))
                throw new PropertyViolation($"step {step + 1}: generated losses {actual.Total:R} [{string.Join(", ", actual.TaskLosses)}], interpreted {expected.Total:R} [{string.Join(", ", expected.TaskLosses)}]");
        }
        SameState($"after {Steps} steps", generated.Module, interpreted.Module);
    }

    private static void SameState(string when, nn.Module generated, nn.Module interpreted)
    {
        var actual = generated.state_dict();
        var expected = interpreted.state_dict();
        if (!actual.Keys.SequenceEqual(expected.Keys))
            throw new PropertyViolation($"{when}: generated state [{string.Join(", ", actual.Keys)}], interpreted [{string.Join(", ", expected.Keys)}]");
        foreach (var (name, tensor) in expected)
        {
            if (!tensor.shape.SequenceEqual(actual[name].shape))
                throw new PropertyViolation($"{when}: '{name}' has shape [{string.Join(", ", actual[name].shape)}] generated, [{string.Join(", ", tensor.shape)}] interpreted");
            if (!tensor.equal(actual[name]).all().item<bool>())
                throw new PropertyViolation($"{when}: '{name}' differs between generated and interpreted");
        }
    }
}

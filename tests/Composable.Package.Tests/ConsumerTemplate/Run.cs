using Composable.Data;
using Composable.Training;

namespace Consumer;

/// <summary>What the consumer does with Composable: train three generated trainers and print what they did.</summary>
public static class Run
{
    /// <summary>Prints what MKL chooses its kernels by here (<see cref="CpuKernels.Configure"/>).</summary>
    public static void PrintMklSetting() => Console.WriteLine($"mkl={CpuKernels.Configure().Mkl.Kind}");

    /// <summary>Trains a declaration of each kind and prints before and after.</summary>
    public static void Trainers()
    {
        using var data = SyntheticTasks.Generate(Census.Spec, new SyntheticOptions(Examples: 512, Relatedness: 0.8, Seed: 1));
        using var trainer = Census.Trainer.Create(seed: 1);
        var before = trainer.Evaluate(data).MeanLoss;
        var result = trainer.Fit(data, new FitOptions(BatchSize: 64, Steps: 30));
        var after = trainer.Evaluate(data).MeanLoss;
        Console.WriteLine(FormattableString.Invariant($"steps={result.Steps} before={before:R} after={after:R}"));

        using var sceneData = SyntheticTasks.Generate(Scene.Spec, new SyntheticOptions(Examples: 256, Seed: 2));
        using var sceneTrainer = Scene.Trainer.Create(seed: 2);
        var sceneBefore = sceneTrainer.Evaluate(sceneData).MeanLoss;
        StepResult? last = null;
        sceneTrainer.Fit(sceneData, new FitOptions(BatchSize: 64, Steps: 30) { Callbacks = [FitCallbacks.OnStep((step, _) => last = step)] });
        var sceneAfter = sceneTrainer.Evaluate(sceneData).MeanLoss;
        Console.WriteLine(FormattableString.Invariant($"cagrad before={sceneBefore:R} after={sceneAfter:R} coefficients={string.Join(";", last!.TaskWeights!)}"));

        using var cornerData = SyntheticTasks.Generate(SceneEdges.Target, new SyntheticOptions(Examples: 128, Seed: 3));
        using var transfer = SceneEdges.Trainer.Create(seed: 3);
        transfer.LoadSource(sceneTrainer.Model);
        var transferBefore = transfer.Evaluate(cornerData).MeanLoss;
        transfer.Fit(cornerData, new FitOptions(BatchSize: 32, Epochs: 2));
        var transferAfter = transfer.Evaluate(cornerData).MeanLoss;
        Console.WriteLine(FormattableString.Invariant($"transfer before={transferBefore:R} after={transferAfter:R} training={string.Join(";", transfer.Blocks.Training)}"));
    }
}

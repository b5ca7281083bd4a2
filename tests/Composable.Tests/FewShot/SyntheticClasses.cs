using System;
using System.Linq;
using Composable.Data.Episodes;
using static TorchSharp.torch;

namespace Composable.Tests.FewShot;

/// <summary>An easy class-indexed family for few-shot tests: Gaussian-like clusters around random class centres.</summary>
internal static class SyntheticClasses
{
    public const int Width = 32;

    /// <summary>
    /// <paramref name="classes"/> classes, <paramref name="perClass"/> examples each: class centres uniform in
    /// [−1, 1]^<paramref name="width"/> (32 by default) and examples the centre plus uniform noise of half-width
    /// <paramref name="noise"/>.
    /// </summary>
    public static ClassIndexedFamily Family(FewShotClassification shape, int classes = 60, int perClass = 12, double noise = 0.6, int width = Width)
    {
        var random = new Random(4);
        var centres = Enumerable.Range(0, classes).Select(_ => Enumerable.Range(0, width).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray()).ToArray();
        var labels = Enumerable.Range(0, classes).SelectMany(c => Enumerable.Repeat(c, perClass)).ToArray();
        var features = labels.SelectMany(c => centres[c].Select(v => v + (float)(noise * (random.NextDouble() * 2 - 1)))).ToArray();
        return new ClassIndexedFamily(tensor(features).reshape(labels.Length, width), labels, shape, splitSeed: 2);
    }

    /// <summary>A declaration over the synthetic inputs with an MLP backbone 64 → 32.</summary>
    public static FewShotLearnerSpec Spec(FewShotLearner learner, FewShotClassification shape, double learningRate = 1e-3) =>
        new(new MlpBackbone(new Features(Width), [64, 32]), shape, learner, new Adam(LearningRate: learningRate));
}

using System.Collections.Generic;
using System.Linq;
using Composable.Data.Episodes;
using Composable.FewShot.Baselines;
using Xunit;
using Xunit.Abstractions;

namespace Composable.Tests.FewShot;

public class FineTunedClassifierTests(ITestOutputHelper output)
{
    private static readonly FewShotClassification Shape = new(5, 1, 5);
    private static readonly Backbone Mlp = new MlpBackbone(new Features(SyntheticClasses.Width), [64, 32]);

    [Fact]
    public void Pretraining_then_a_new_head_on_the_support_set_beats_chance_clearly()
    {
        var family = SyntheticClasses.Family(Shape);
        using var baseline = new FineTunedClassifier(Mlp, family.ClassesOf(MetaSplit.Train).Count, new FineTuning(BatchSize: 32, HeadSteps: 50), seed: 1);
        var losses = new List<double>();
        baseline.Pretrain(family, 200, progress: (_, loss) => losses.Add(loss));
        var accuracy = baseline.Evaluate(family, MetaSplit.Test, 50);
        output.WriteLine($"fine-tuned: {accuracy}; loss {losses.Take(20).Average():F3} → {losses.Skip(180).Average():F3}");
        Assert.Equal(200, baseline.Steps);
        Assert.True(losses.Skip(180).Average() < losses.Take(20).Average() / 2, "pretraining loss falls");
        Assert.True(accuracy.Mean > 0.7, $"accuracy {accuracy}; chance is 20 %");
    }

    [Fact]
    public void Same_seed_gives_the_same_losses_and_accuracies()
    {
        var family = SyntheticClasses.Family(Shape);
        (double[] Losses, double Accuracy) Run()
        {
            using var baseline = new FineTunedClassifier(Mlp, family.ClassesOf(MetaSplit.Train).Count, new FineTuning(BatchSize: 16, HeadSteps: 10), seed: 5);
            var losses = new List<double>();
            baseline.Pretrain(family, 5, seed: 2, progress: (_, loss) => losses.Add(loss));
            return (losses.ToArray(), baseline.Evaluate(family, MetaSplit.Validation, 5, seed: 3).Mean);
        }
        var first = Run();
        var second = Run();
        Assert.Equal(first.Losses, second.Losses);
        Assert.Equal(first.Accuracy, second.Accuracy);
    }

    [Fact]
    public void The_family_exposes_its_meta_train_examples_by_class()
    {
        var family = SyntheticClasses.Family(Shape);
        var train = family.ClassesOf(MetaSplit.Train);
        Assert.All(train, c => Assert.Equal(12, family.ExamplesOf(c).Count));
        Assert.All(train, c => Assert.All(family.ExamplesOf(c), i => Assert.Equal(c, family.Examples.Labels[(int)i])));
        using var rows = family.Examples.Gather(family.ExamplesOf(train[0]).ToArray());
        Assert.Equal(new long[] { 12, SyntheticClasses.Width }, rows.shape);
        using var baseline = new FineTunedClassifier(Mlp, train.Count + 1);
        Assert.Contains($"{train.Count} meta-train classes", Assert.Throws<System.ArgumentException>(() => baseline.Pretrain(family, 1)).Message);
    }
}

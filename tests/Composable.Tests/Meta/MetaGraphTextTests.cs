using System.Linq;
using Composable.Meta;
using Xunit;

namespace Composable.Tests.Meta;

public class MetaGraphTextTests
{
    [Fact]
    public void Graph_text_names_every_parameter_marks_the_adapted_ones_and_matches_the_built_network()
    {
        var spec = new MetaLearnerSpec(new Features(1), [40, 40], 1, new FewShotRegression(10, 10),
            new MetaSgd(Rate: LearnedRate.PerLayer), Adapt: ["layer_1", "head"]);
        var plan = MetaPlan.For(spec);
        var text = MetaGraphText.Render("Sinusoid", plan);
        Assert.Equal(
            """
            Sinusoid: Meta-SGD (PerLayer), 1 inner step(s), initial inner lr 0.01, meta-batch 25
            episodes: 10-shot regression, 10 queries
            input: 1 features; activation: Relu; outer: Adam { LearningRate = 0.001, WeightDecay = 0, Beta1 = 0.9, Beta2 = 0.999 }
            adapt: [layer_1, head]
            modules:
            ├─ layer_0: Linear(1 -> 40)
            │  ├─ layer_0.weight [40, 1] 40
            │  └─ layer_0.bias [40] 40
            ├─ layer_1: Linear(40 -> 40)
            │  ├─ layer_1.weight [40, 40] 1,600 (adapted)
            │  └─ layer_1.bias [40] 40 (adapted)
            └─ head: Linear(40 -> 1)
               ├─ head.weight [1, 40] 40 (adapted)
               └─ head.bias [1] 1 (adapted)
            parameters: 1,761 in 6 tensors, 4 adapted
            inner rates: inner_lr.layer_1, inner_lr.head (2 learned)

            """.Replace("\r\n", "\n"),
            text);

        using var trainer = MetaTrainer.Create(spec, 0);
        var built = trainer.Network.state_dict();
        foreach (var parameter in plan.Parameters)
            Assert.Equal(parameter.Shape.Select(d => (long)d), built[parameter.Name].shape);
        Assert.Equal(plan.Parameters.Count() + 2, built.Count);
    }
}

using Composable.Meta;
using Composable.Tests.Reporting;
using Xunit;

namespace Composable.Tests.Meta;

public class MetaGraphTextTests
{
    /// <summary>Every [MetaLearner] sample the tests declare: its spec, generated Graph and a fresh generated Network.</summary>
    public static TheoryData<string> Samples => new(SampleByName.Keys);

    private static readonly System.Collections.Generic.Dictionary<string, (MetaLearnerSpec Spec, string Graph, System.Func<TorchSharp.torch.nn.Module> Network)> SampleByName = new()
    {
        [nameof(SinusoidLearner)] = (SinusoidLearner.Spec, SinusoidLearner.Graph, () => new SinusoidLearner.Network()),
        [nameof(TanhClassifier)] = (TanhClassifier.Spec, TanhClassifier.Graph, () => new TanhClassifier.Network()),
        [nameof(SecondOrderMaml)] = (SecondOrderMaml.Spec, SecondOrderMaml.Graph, () => new SecondOrderMaml.Network()),
        [nameof(FirstOrderMaml)] = (FirstOrderMaml.Spec, FirstOrderMaml.Graph, () => new FirstOrderMaml.Network()),
        [nameof(SmallReptile)] = (SmallReptile.Spec, SmallReptile.Graph, () => new SmallReptile.Network()),
        [nameof(PerParameterMetaSgd)] = (PerParameterMetaSgd.Spec, PerParameterMetaSgd.Graph, () => new PerParameterMetaSgd.Network()),
        [nameof(PerLayerMetaSgd)] = (PerLayerMetaSgd.Spec, PerLayerMetaSgd.Graph, () => new PerLayerMetaSgd.Network()),
        [nameof(RegressionAnil)] = (RegressionAnil.Spec, RegressionAnil.Graph, () => new RegressionAnil.Network()),
        [nameof(PartialMaml)] = (PartialMaml.Spec, PartialMaml.Graph, () => new PartialMaml.Network()),
        [nameof(ClassifyingMetaSgd)] = (ClassifyingMetaSgd.Spec, ClassifyingMetaSgd.Graph, () => new ClassifyingMetaSgd.Network()),
        [nameof(SinusoidDeclaration)] = (SinusoidDeclaration.Spec, SinusoidDeclaration.Graph, () => new SinusoidDeclaration.Network()),
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void Generated_graph_lists_the_parameters_of_the_generated_network(string sample)
    {
        using var scope = TorchSharp.torch.NewDisposeScope();
        using var network = SampleByName[sample].Network();

        GraphListing.AssertDescribes(SampleByName[sample].Graph, network);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Generated_graph_lists_the_parameters_of_the_run_time_network(string sample)
    {
        using var scope = TorchSharp.torch.NewDisposeScope();
        using var trainer = MetaTrainer.Create(SampleByName[sample].Spec, 0);

        GraphListing.AssertDescribes(SampleByName[sample].Graph, trainer.Network);
    }

    [Fact]
    public void Graph_listing_rejects_an_inner_rate_the_network_does_not_learn()
    {
        using var scope = TorchSharp.torch.NewDisposeScope();
        using var network = new PerLayerMetaSgd.Network();

        GraphListing.AssertCorruptionsFail(PerLayerMetaSgd.Graph, network,
            ("inner_lr.layer_1, inner_lr.head", "inner_lr.layer_0, inner_lr.head"),
            ("(2 learned)", "(3 learned)"),
            ("layer_1.weight [12, 12] 144", "layer_1.weight [12, 1] 12"));
    }

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
        GraphListing.AssertDescribes(text, trainer.Network);
    }
}

using System.Linq;
using Xunit;

namespace Composable.Tests.Meta;

public class MetaRulesTests
{
    private static MetaLearnerSpec Sinusoid(MetaLearner? learner = null) => new(
        new Features(1), [40, 40], 1, new FewShotRegression(Shots: 10, Queries: 10), learner ?? new Maml());

    private static MetaLearnerSpec FiveWay(MetaLearner? learner = null) => new(
        new Features(16), [32], 5, new FewShotClassification(Ways: 5, Shots: 1, Queries: 5), learner ?? new Maml());

    private static (string Id, string Path)[] Errors(MetaLearnerSpec spec) =>
        MetaRules.Validate(spec).Select(e => (e.Id, e.Path)).ToArray();

    [Fact]
    public void Valid_declarations_have_no_errors()
    {
        Assert.Empty(MetaRules.Validate(Sinusoid()));
        Assert.Empty(MetaRules.Validate(Sinusoid(new Reptile())));
        Assert.Empty(MetaRules.Validate(Sinusoid(new MetaSgd(Rate: LearnedRate.PerLayer))));
        Assert.Empty(MetaRules.Validate(Sinusoid(new Anil())));
        Assert.Empty(MetaRules.Validate(FiveWay()));
        Assert.Empty(MetaRules.Validate(Sinusoid() with { Adapt = ["layer_1", "head.bias"] }));
    }

    [Fact]
    public void Defaults_adapt_every_layer_and_anil_only_the_head()
    {
        Assert.Equal(ValueList.Of("layer_0", "layer_1", "head"), Sinusoid().Adapt);
        Assert.Equal(ValueList.Of("head"), Sinusoid(new Anil()).Adapt);
        Assert.Equal(new Adam(), Sinusoid().Outer);
        var plan = MetaPlan.For(Sinusoid(new Anil()));
        Assert.Equal(["layer_0.weight", "layer_0.bias", "layer_1.weight", "layer_1.bias", "head.weight", "head.bias"],
            plan.Parameters.Select(p => p.Name));
        Assert.Equal(["head.weight", "head.bias"], plan.Adapted);
        Assert.Equal(1 * 40 + 40 + 40 * 40 + 40 + 40 + 1, plan.ParameterCount);
    }

    [Fact]
    public void Declarations_compare_by_value()
    {
        Assert.Equal(Sinusoid(), Sinusoid());
        Assert.NotEqual(Sinusoid(), Sinusoid(new Maml(FirstOrder: true)));
    }

    [Theory]
    [InlineData(0, DeclarationErrorIds.InvalidInnerSteps, "Learner.InnerSteps")]
    [InlineData(-1, DeclarationErrorIds.InvalidInnerSteps, "Learner.InnerSteps")]
    public void Non_positive_inner_steps_report_CMP0020(int steps, string id, string path) =>
        Assert.Equal([(id, path)], Errors(Sinusoid(new Maml(InnerSteps: steps))));

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Non_positive_or_non_finite_inner_learning_rate_reports_CMP0021(double rate)
    {
        Assert.Equal([(DeclarationErrorIds.InvalidInnerLearningRate, "Learner.InnerLearningRate")], Errors(Sinusoid(new Reptile(InnerLearningRate: rate))));
        Assert.Equal([(DeclarationErrorIds.InvalidInnerLearningRate, "Learner.InnerLearningRate")], Errors(Sinusoid(new MetaSgd(InnerLearningRate: rate))));
    }

    [Fact]
    public void Empty_meta_batch_reports_CMP0022() =>
        Assert.Equal([(DeclarationErrorIds.InvalidMetaBatch, "Learner.MetaBatch")], Errors(Sinusoid(new Anil(MetaBatch: 0))));

    [Fact]
    public void One_way_classification_reports_CMP0023_at_ways() =>
        Assert.Equal([(DeclarationErrorIds.TooFewWays, "Episodes.Ways")],
            Errors(FiveWay() with { Outputs = 1, Episodes = new FewShotClassification(1, 1, 5) }));

    [Fact]
    public void Zero_shots_reports_CMP0024() =>
        Assert.Equal([(DeclarationErrorIds.InvalidShots, "Episodes.Shots")], Errors(Sinusoid() with { Episodes = new FewShotRegression(0, 10) }));

    [Fact]
    public void Empty_query_reports_CMP0025() =>
        Assert.Equal([(DeclarationErrorIds.EmptyQuery, "Episodes.Queries")], Errors(FiveWay() with { Episodes = new FewShotClassification(5, 1, 0) }));

    [Fact]
    public void Selection_matching_nothing_reports_CMP0026_at_the_entry()
    {
        Assert.Equal([(DeclarationErrorIds.AdaptMatchesNothing, "Adapt[1]")], Errors(Sinusoid() with { Adapt = ["head", "layer_7"] }));
        Assert.Equal([(DeclarationErrorIds.AdaptMatchesNothing, "Adapt[0]")], Errors(Sinusoid() with { Adapt = ["head.gamma"] }));
        Assert.Equal([(DeclarationErrorIds.AdaptMatchesNothing, "Adapt")], Errors(Sinusoid() with { Adapt = [] }));
    }

    [Fact]
    public void Anil_adapting_the_body_or_without_a_body_reports_CMP0027()
    {
        Assert.Equal([(DeclarationErrorIds.AnilAdaptsBody, "Adapt[0]")], Errors(Sinusoid(new Anil()) with { Adapt = ["layer_0", "head"] }));
        Assert.Equal([(DeclarationErrorIds.AnilAdaptsBody, "Layers")], Errors(Sinusoid(new Anil()) with { Layers = [] }));
    }

    [Fact]
    public void Head_not_matching_ways_reports_CMP0028_at_outputs() =>
        Assert.Equal([(DeclarationErrorIds.OutputsDoNotFitEpisodes, "Outputs")], Errors(FiveWay() with { Outputs = 3 }));

    [Fact]
    public void Widths_and_outer_optimizer_reuse_the_foundation_ids()
    {
        var spec = Sinusoid() with { Input = new Features(0), Layers = [40, -1], Outputs = 0, Outer = new Sgd(LearningRate: 0) };
        Assert.Equal(
            [
                (DeclarationErrorIds.NonPositiveWidth, "Input.Width"), (DeclarationErrorIds.NonPositiveWidth, "Layers[1]"),
                (DeclarationErrorIds.NonPositiveWidth, "Outputs"), (DeclarationErrorIds.InvalidOptimizer, "Outer.LearningRate"),
            ],
            Errors(spec));
    }

    [Fact]
    public void Several_errors_are_all_reported() =>
        Assert.Equal(3, MetaRules.Validate(Sinusoid(new Maml(InnerSteps: 0, InnerLearningRate: 0, MetaBatch: 0))).Count);
}

public class MetaRunTimeValidationTests
{
    [Fact]
    public void Run_time_validation_gathers_every_error_and_the_trainer_refuses_an_invalid_declaration()
    {
        var spec = new MetaLearnerSpec(new Features(1), [40], 1, new FewShotRegression(0, 0), new Maml(InnerSteps: 0));
        var errors = Composable.Declarations.Validate(spec).Match(_ => new string[0], e => e.Select(x => x.ToString()).ToArray());
        Assert.Equal(3, errors.Length);
        Assert.Contains(errors, m => m.StartsWith("CMP0025 at Episodes.Queries", System.StringComparison.Ordinal));
        var thrown = Assert.Throws<InvalidDeclarationException>(() => Composable.Meta.MetaTrainer.Create(spec, 0));
        Assert.Contains("CMP0020 at Learner.InnerSteps", thrown.Message);
        Assert.Equal(3, thrown.Errors.Count);
        Assert.True(Composable.Declarations.Validate(spec with { Episodes = new FewShotRegression(5, 5), Learner = new Maml() }).IsSuccess);
    }
}

[MetaLearner]
public static partial class SinusoidDeclaration
{
    public static readonly MetaLearnerSpec Spec = new(
        Input: new Features(1),
        Layers: [40, 40],
        Outputs: 1,
        Episodes: new FewShotRegression(Shots: 10, Queries: 10),
        Learner: new Maml(InnerSteps: 1, InnerLearningRate: 0.01, MetaBatch: 25));
}

public class MetaLearnerAttributeTests
{
    [Fact]
    public void MetaLearner_attribute_resolves_beside_the_MetaLearner_record_and_the_declaration_is_valid()
    {
        Assert.NotNull(System.Attribute.GetCustomAttribute(typeof(SinusoidDeclaration), typeof(MetaLearnerAttribute)));
        Assert.Empty(MetaRules.Validate(SinusoidDeclaration.Spec));
    }
}

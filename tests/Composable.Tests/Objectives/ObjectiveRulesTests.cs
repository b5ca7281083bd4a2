using System.Linq;
using Composable.Interpretation;
using Xunit;

namespace Composable.Tests.Objectives;

/// <summary>The objective rules at run time: the same ids and argument paths the generator reports (CMP0070–CMP0073).</summary>
public sealed class ObjectiveRulesTests
{
    private static readonly ValueList<TaskSpec> TwoTasks = [new TaskSpec("Price", new Regression()), new TaskSpec("Churn", new Binary())];

    private static (string Id, string Path)[] Errors(Objective objective, Sharing? sharing = null, ValueList<TaskSpec>? tasks = null) =>
        MultiTaskRules.Validate(new MultiTaskSpec(new Features(4), tasks ?? TwoTasks, sharing ?? new HardSharing([8]), objective))
            .Select(e => (e.Id, e.Path)).ToArray();

    [Theory]
    [InlineData(-2.0, "Temperature")]
    [InlineData(0.0, "Temperature")]
    [InlineData(double.NaN, "Temperature")]
    public void A_dwa_temperature_must_be_positive(double temperature, string argument) =>
        Assert.Equal([("CMP0070", "Objective." + argument)], Errors(new DynamicWeightAverage(temperature)));

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.0)]
    [InlineData(double.PositiveInfinity)]
    public void Cagrad_c_must_be_in_zero_one(double c) =>
        Assert.Equal([("CMP0070", "Objective.C")], Errors(new CAGrad(c)));

    [Fact]
    public void Settings_in_range_are_valid()
    {
        foreach (var objective in new Objective[]
                 {
                     new WeightedSum(), new UncertaintyWeighting(), new DynamicWeightAverage(), new RandomLossWeighting(), new GradNorm(0),
                     new ImtlLoss(), new GeometricLoss(), new PCGrad(), new Mgda(), new Mgda(false, GradientNormalization.L2), new CAGrad(0),
                     new ImtlGradient(), new NashMtl(0, 5), new AlignedMtl(), new GradVac(1),
                 })
            Assert.Empty(Errors(objective));
    }

    [Fact]
    public void Gradient_methods_and_gradnorm_need_shared_parameters()
    {
        Assert.Equal([("CMP0071", "Objective")], Errors(new PCGrad(), new Independent([8])));
        Assert.Equal([("CMP0071", "Objective")], Errors(new GradNorm(), new SoftSharing([8], 0.1)));
        Assert.Empty(Errors(new UncertaintyWeighting(), new Independent([8])));
    }

    [Fact]
    public void A_shared_conv_backbone_gives_soft_sharing_shared_parameters_but_not_independent_towers()
    {
        var backbone = new ConvBackbone(new Image(1, 8, 8), Blocks: 2, Channels: 4);
        (string, string)[] WithBackbone(Objective objective, Sharing sharing) =>
            MultiTaskRules.Validate(new MultiTaskSpec(new Image(1, 8, 8), TwoTasks, sharing, objective, Backbone: backbone))
                .Select(e => (e.Id, e.Path)).ToArray();
        Assert.Empty(WithBackbone(new GradNorm(), new SoftSharing([8], 0.1)));
        Assert.Empty(WithBackbone(new PCGrad(), new SoftSharing([8], 0.1)));
        Assert.Equal([("CMP0071", "Objective")], WithBackbone(new GradNorm(), new Independent([8])));
        var plan = ObjectivePlan.For(ModelPlan.For(new MultiTaskSpec(new Image(1, 8, 8), TwoTasks, new SoftSharing([8], 0.1), new GradNorm(), Backbone: backbone)));
        Assert.All(plan.Shared, name => Assert.StartsWith("backbone.", name));
        Assert.Equal(["backbone.block_1.conv.weight"], plan.LastSharedLayer);
    }

    [Fact]
    public void Balancing_methods_need_two_tasks_and_the_message_names_the_task()
    {
        ValueList<TaskSpec> one = [new TaskSpec("Price", new Regression())];
        var errors = MultiTaskRules.Validate(new MultiTaskSpec(new Features(4), one, new HardSharing([8]), new CAGrad()));
        var error = Assert.Single(errors);
        Assert.Equal("CMP0072", error.Id);
        Assert.Contains("'Price'", error.Message);
        Assert.Empty(Errors(new UncertaintyWeighting(), tasks: one));
        Assert.Empty(Errors(new GeometricLoss(), tasks: one));
    }

    [Fact]
    public void Mgda_ub_needs_hard_sharing_and_plain_mgda_does_not()
    {
        Assert.Equal([("CMP0073", "Objective.UpperBound")], Errors(new Mgda(), new CrossStitch([8])));
        Assert.Empty(Errors(new Mgda(UpperBound: false), new CrossStitch([8])));
    }

    [Fact]
    public void The_interpreter_refuses_an_invalid_objective_before_building_anything()
    {
        var spec = new MultiTaskSpec(new Features(4), TwoTasks, new Independent([8]), new NashMtl());
        var error = Assert.Throws<InvalidDeclarationException>(() => InterpretedTrainer.Create(spec, seed: 1));
        Assert.Contains("CMP0071", error.Message);
    }
}

using System.Linq;
using Composable.Tests.Generated;
using Xunit;

namespace Composable.Tests.Objectives;

/// <summary>The split of a network's parameters into shared and task-owned ones, as the adaptive objectives use it.</summary>
public sealed class ObjectivePlanTests
{
    private static readonly ValueList<TaskSpec> TwoTasks = [new TaskSpec("Price", new Regression()), new TaskSpec("Churn", new Binary())];

    private static ObjectivePlan PlanOf(Sharing sharing) => ModelPlan.For(new MultiTaskSpec(new Features(6), TwoTasks, sharing)).ObjectivePlan;

    [Fact]
    public void Hard_sharing_shares_the_trunk_and_leaves_towers_and_heads_to_their_tasks()
    {
        var plan = PlanOf(new HardSharing([16, 12], Towers: [8]));
        Assert.Equal(["trunk_0.weight", "trunk_0.bias", "trunk_1.weight", "trunk_1.bias"], plan.Shared);
        Assert.Equal(["price_tower_0.weight", "price_tower_0.bias", "price_head.weight", "price_head.bias"], plan.Own[0]);
        Assert.Equal(["churn_tower_0.weight", "churn_tower_0.bias", "churn_head.weight", "churn_head.bias"], plan.Own[1]);
        Assert.Equal(["trunk_1.weight"], plan.LastSharedLayer);
        Assert.True(plan.HasSharedRepresentation);
    }

    [Fact]
    public void Independent_towers_and_soft_sharing_share_nothing()
    {
        foreach (var sharing in new Sharing[] { new Independent([8]), new SoftSharing([8], 0.1) })
        {
            var plan = PlanOf(sharing);
            Assert.Empty(plan.Shared);
            Assert.False(plan.HasShared);
            Assert.Empty(plan.LastSharedLayer);
            Assert.All(plan.Own, own => Assert.Equal(4, own.Count));
        }
    }

    [Fact]
    public void Cross_stitch_columns_are_shared_through_the_units_and_heads_stay_with_their_task()
    {
        var plan = PlanOf(new CrossStitch([10, 8]));
        Assert.Contains("price_tower_0.weight", plan.Shared);
        Assert.Contains("churn_tower_1.weight", plan.Shared);
        Assert.Contains("cross_stitch_0.weight", plan.Shared);
        Assert.Equal(["price_head.weight", "price_head.bias"], plan.Own[0]);
        Assert.Equal(["price_tower_1.weight", "churn_tower_1.weight"], plan.LastSharedLayer);
        Assert.False(plan.HasSharedRepresentation);
    }

    [Fact]
    public void Mmoe_shares_experts_while_the_fused_gates_belong_to_every_task_row_by_row()
    {
        var plan = PlanOf(new MixtureOfExperts(Experts: 3, ExpertLayers: [8, 6], TowerLayers: [4]));
        Assert.Equal(["experts_0.weight", "experts_0.bias", "experts_1.weight", "experts_1.bias"], plan.Shared);
        Assert.All(plan.Own, own => Assert.Contains("task_gates.weight", own));
        Assert.Equal(["experts_1.weight"], plan.LastSharedLayer);
    }

    [Fact]
    public void Cgc_gates_belong_to_their_task()
    {
        var plan = PlanOf(new MixtureOfExperts(Experts: 2, ExpertLayers: [8], TaskExperts: 1));
        Assert.Contains("price_gate.weight", plan.Own[0]);
        Assert.DoesNotContain("price_gate.weight", plan.Own[1]);
        Assert.Contains("churn_gate.weight", plan.Own[1]);
    }

    [Fact]
    public void A_shared_head_is_the_last_shared_layer_of_a_conditioned_network()
    {
        ValueList<TaskSpec> tasks = [new TaskSpec("A", new Binary()), new TaskSpec("B", new Binary())];
        var plan = ModelPlan.For(new MultiTaskSpec(new Features(6), tasks,
            new TaskConditioned([12, 8], Conditioning.Multiplicative, Output: TaskOutput.SharedHead))).ObjectivePlan;
        Assert.Contains("head.weight", plan.Shared);
        Assert.Equal(["head.weight"], plan.LastSharedLayer);
        Assert.All(plan.Own, Assert.Empty);
    }

    [Theory]
    [MemberData(nameof(GeneratedCase.Cases), MemberType = typeof(GeneratedCase))]
    public void Every_parameter_is_either_shared_or_owned_and_never_both(string name)
    {
        var model = ModelPlan.For(GeneratedCase.Named(name).Spec);
        var plan = model.ObjectivePlan;
        var owned = plan.Own.SelectMany(o => o).Distinct().ToArray();
        Assert.Empty(plan.Shared.Intersect(owned));
        Assert.Equal(model.Parameters.Select(p => p.Name).OrderBy(n => n), plan.Shared.Concat(owned).OrderBy(n => n));
        Assert.All(plan.LastSharedLayer, w => Assert.Contains(w, plan.Shared));
        Assert.Equal(plan.HasShared, plan.LastSharedLayer.Count > 0);
    }
}

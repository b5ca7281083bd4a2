using System.Linq;
using Xunit;

namespace Composable.Tests.FewShot;

public class FewShotRulesTests
{
    private static readonly MlpBackbone Mlp = new(new Features(8), [16, 4]);
    private static readonly FewShotClassification FiveWay = new(Ways: 5, Shots: 1, Queries: 5);

    private static FewShotLearnerSpec Spec(FewShotLearner? learner = null, Backbone? backbone = null, Episodes? episodes = null) =>
        new(backbone ?? Mlp, episodes ?? FiveWay, learner ?? new Prototypical());

    private static (string Id, string Path)[] Errors(FewShotLearnerSpec spec) =>
        FewShotRules.Validate(spec).Select(e => (e.Id, e.Path)).ToArray();

    [Fact]
    public void Valid_declarations_have_no_errors()
    {
        Assert.Empty(FewShotRules.Validate(Spec()));
        Assert.Empty(FewShotRules.Validate(Spec(new Prototypical(Distance.Cosine, 5))));
        Assert.Empty(FewShotRules.Validate(Spec(new Matching())));
        Assert.Empty(FewShotRules.Validate(Spec(new Relation([]))));
        Assert.Empty(FewShotRules.Validate(Spec(new Relation([8, 8]))));
        Assert.Empty(FewShotRules.Validate(Spec(new LstmReader())));
        Assert.Empty(FewShotRules.Validate(Spec(new AttentionReader())));
        Assert.Empty(FewShotRules.Validate(Spec(backbone: new ConvBackbone(new Image(1, 28, 28)))));
        Assert.Empty(FewShotRules.Validate(Spec(backbone: new ConvBackbone(new Image(3, 16, 16), Blocks: 4, Channels: 8))));
        Assert.Equal(new Adam(), Spec().Outer);
    }

    [Fact]
    public void Regression_episodes_report_CMP0060_at_the_episodes() =>
        Assert.Equal([(DeclarationErrorIds.FewShotNeedsClassification, "Episodes")], Errors(Spec(episodes: new FewShotRegression(5, 5))));

    [Theory]
    [InlineData(28, 28, 4, true)]
    [InlineData(28, 28, 5, false)]
    [InlineData(16, 16, 4, true)]
    [InlineData(16, 16, 5, false)]
    [InlineData(1, 1, 1, false)]
    [InlineData(2, 9, 1, true)]
    [InlineData(9, 2, 2, false)]
    public void Blocks_must_leave_at_least_one_pixel_or_report_CMP0061(int height, int width, int blocks, bool fits)
    {
        var spec = Spec(backbone: new ConvBackbone(new Image(1, height, width), Blocks: blocks, Channels: 4));
        Assert.Equal(fits, ConvPlan.FittingBlocks((ConvBackbone)spec.Backbone) == blocks);
        Assert.Equal(fits ? [] : [(DeclarationErrorIds.BackboneDoesNotFitImage, "Backbone.Blocks")], Errors(spec));
    }

    [Fact]
    public void No_blocks_report_CMP0061() =>
        Assert.Equal([(DeclarationErrorIds.BackboneDoesNotFitImage, "Backbone.Blocks")],
            Errors(Spec(backbone: new ConvBackbone(new Image(1, 28, 28), Blocks: 0))));

    [Fact]
    public void Empty_mlp_backbone_reports_CMP0013_and_bad_widths_CMP0006_at_each()
    {
        Assert.Equal([(DeclarationErrorIds.MissingLayers, "Backbone.Layers")], Errors(Spec(backbone: new MlpBackbone(new Features(8), []))));
        Assert.Equal(
            [(DeclarationErrorIds.NonPositiveWidth, "Backbone.Input.Width"), (DeclarationErrorIds.NonPositiveWidth, "Backbone.Layers[1]")],
            Errors(Spec(backbone: new MlpBackbone(new Features(0), [4, -2]))));
        Assert.Equal(
            [(DeclarationErrorIds.NonPositiveWidth, "Backbone.Input.Channels"), (DeclarationErrorIds.NonPositiveWidth, "Backbone.Input.Height"),
             (DeclarationErrorIds.NonPositiveWidth, "Backbone.Input.Width"), (DeclarationErrorIds.NonPositiveWidth, "Backbone.Channels")],
            Errors(Spec(backbone: new ConvBackbone(new Image(0, -1, 0), Blocks: 1, Channels: 0))));
        Assert.Equal([(DeclarationErrorIds.NonPositiveWidth, "Learner.Layers[1]")], Errors(Spec(new Relation([8, 0]))));
        Assert.Equal([(DeclarationErrorIds.NonPositiveWidth, "Learner.Hidden")], Errors(Spec(new LstmReader(Hidden: 0))));
        Assert.Equal([(DeclarationErrorIds.NonPositiveWidth, "Learner.Width")], Errors(Spec(new AttentionReader(Width: -4, Heads: 2))));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Cosine_scale_must_be_finite_and_positive_or_report_CMP0062(double scale)
    {
        Assert.Equal([(DeclarationErrorIds.InvalidLearnerSetting, "Learner.CosineScale")], Errors(Spec(new Matching(scale))));
        Assert.Equal([(DeclarationErrorIds.InvalidLearnerSetting, "Learner.CosineScale")], Errors(Spec(new Prototypical(Distance.Cosine, scale))));
        // Euclidean prototypes ignore the scale.
        Assert.Empty(Errors(Spec(new Prototypical(Distance.SquaredEuclidean, scale))));
    }

    [Fact]
    public void Reader_settings_out_of_range_report_CMP0062_at_the_argument()
    {
        Assert.Equal([(DeclarationErrorIds.InvalidLearnerSetting, "Learner.Heads")], Errors(Spec(new AttentionReader(Width: 10, Heads: 4))));
        Assert.Equal([(DeclarationErrorIds.InvalidLearnerSetting, "Learner.Heads")], Errors(Spec(new AttentionReader(Heads: 0))));
        Assert.Equal([(DeclarationErrorIds.InvalidLearnerSetting, "Learner.Layers")], Errors(Spec(new AttentionReader(Layers: 0))));
        Assert.Equal([(DeclarationErrorIds.InvalidLearnerSetting, "Learner.Layers")], Errors(Spec(new LstmReader(Layers: 0))));
        Assert.Equal([(DeclarationErrorIds.InvalidLearnerSetting, "Learner.Layers")], Errors(Spec(new LstmReader(Layers: FewShotRules.MaxReaderLayers + 1))));
    }

    [Fact]
    public void Episode_sizes_outer_optimiser_and_meta_batch_reuse_the_meta_learning_ids()
    {
        Assert.Equal([(DeclarationErrorIds.TooFewWays, "Episodes.Ways")], Errors(Spec(episodes: new FewShotClassification(1, 1, 1))));
        Assert.Equal([(DeclarationErrorIds.InvalidShots, "Episodes.Shots"), (DeclarationErrorIds.EmptyQuery, "Episodes.Queries")],
            Errors(Spec(episodes: new FewShotClassification(5, 0, 0))));
        Assert.Equal([(DeclarationErrorIds.InvalidOptimizer, "Outer.LearningRate"), (DeclarationErrorIds.InvalidOptimizer, "Outer.Beta1")],
            Errors(Spec() with { Outer = new Adam(LearningRate: 0, Beta1: 1) }));
        Assert.Equal([(DeclarationErrorIds.InvalidMetaBatch, "MetaBatch")], Errors(Spec() with { MetaBatch = 0 }));
    }

    [Fact]
    public void Every_rule_reports_and_messages_say_how_to_fix()
    {
        var spec = new FewShotLearnerSpec(
            new ConvBackbone(new Image(1, 8, 8), Blocks: 4, Channels: 0),
            new FewShotRegression(0, 5),
            new AttentionReader(Width: 6, Heads: 4, Layers: 0),
            new Sgd(LearningRate: -1),
            MetaBatch: 0);

        var errors = FewShotRules.Validate(spec);

        Assert.Equal(
            ["Backbone.Blocks", "Backbone.Channels", "Episodes", "Episodes.Shots", "Learner.Heads", "Learner.Layers", "Outer.LearningRate", "MetaBatch"],
            errors.Select(e => e.Path));
        Assert.Contains("use at most 3 blocks", errors[0].Message);
        Assert.Contains("FewShotClassification", errors[2].Message);
        Assert.Contains("choose Heads dividing Width (e.g. 3)", errors[4].Message);
    }
}

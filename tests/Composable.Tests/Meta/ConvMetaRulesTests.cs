using System;
using System.Linq;
using Composable.Meta;
using Xunit;

namespace Composable.Tests.Meta;

/// <summary>The rules and the plan of a meta-learning declaration with a convolutional backbone.</summary>
public class ConvMetaRulesTests
{
    private static MetaLearnerSpec Glyphs(MetaLearner? learner = null, ConvBackbone? backbone = null, InputShape? input = null) => new(
        input ?? new Image(1, 28, 28), [], 5, new FewShotClassification(Ways: 5, Shots: 1, Queries: 5), learner ?? new Maml(),
        Backbone: backbone ?? new ConvBackbone(new Image(1, 28, 28), Blocks: 2, Channels: 8));

    private static (string Id, string Path)[] Errors(MetaLearnerSpec spec) =>
        MetaRules.Validate(spec).Select(e => (e.Id, e.Path)).ToArray();

    [Fact]
    public void Valid_conv_declarations_have_no_errors()
    {
        Assert.Empty(MetaRules.Validate(Glyphs()));
        Assert.Empty(MetaRules.Validate(Glyphs(new Maml(FirstOrder: true))));
        Assert.Empty(MetaRules.Validate(Glyphs(new Reptile())));
        Assert.Empty(MetaRules.Validate(Glyphs(new Anil())));
        Assert.Empty(MetaRules.Validate(Glyphs(new MetaSgd(Rate: LearnedRate.PerLayer))));
        Assert.Empty(MetaRules.Validate(Glyphs() with { Adapt = ["block_1", "head"] }));
        Assert.Empty(MetaRules.Validate(Glyphs() with { Adapt = ["block_0.norm", "head.bias"] }));
    }

    [Fact]
    public void Defaults_adapt_every_block_and_the_head_and_anil_only_the_head()
    {
        Assert.Equal(ValueList.Of("block_0", "block_1", "head"), Glyphs().Adapt);
        Assert.Equal(ValueList.Of("head"), Glyphs(new Anil()).Adapt);
    }

    [Fact]
    public void Plan_names_the_parameters_as_functional_conv_and_shapes_them_as_its_stack()
    {
        var spec = Glyphs();
        var plan = MetaPlan.For(spec);
        var stack = new ConvStack((ConvBackbone)spec.Backbone!, spec.Outputs);

        Assert.Equal(stack.ParameterNames, plan.Parameters.Select(p => p.Name));
        Assert.Equal(stack.ParameterShapes.Select(p => p.Shape.Select(d => (int)d)), plan.Parameters.Select(p => p.Shape.AsEnumerable()));
        Assert.Equal(plan.Parameters.Select(p => p.Name), plan.Adapted);
        Assert.Equal(8 * 7 * 7, plan.HeadInput);
        Assert.Equal(0, plan.HiddenLayers);
        Assert.Equal(["8x14x14", "8x7x7"], plan.FeatureMaps.Select(m => m.ToString()));
        Assert.Equal(["head.weight", "head.bias"], MetaPlan.For(Glyphs(new Anil())).Adapted);
    }

    [Fact]
    public void Graph_shows_the_feature_map_after_every_block()
    {
        var graph = MetaGraphText.Render("Glyphs.Network", MetaPlan.For(Glyphs()));

        Assert.Contains("input: 1x28x28 images (784 floats); backbone: 2 conv blocks of 8 channels on 1x28x28 images", graph);
        Assert.Contains("feature maps: 1x28x28 -> block_0 8x14x14 -> block_1 8x7x7 -> flattened 392 -> head 5", graph);
        Assert.Contains("block_0.conv.weight [8, 1, 3, 3] 72 (adapted)", graph);
        Assert.Contains("head.weight [5, 392] 1,960 (adapted)", graph);
    }

    [Fact]
    public void A_features_input_reports_CMP0091_at_the_input_as_multi_task_declarations_do()
    {
        var error = Assert.Single(MetaRules.Validate(Glyphs(input: new Features(28))));
        Assert.Equal((DeclarationErrorIds.ImageDoesNotFitInput, "Input"), (error.Id, error.Path));
        Assert.Equal("Input is new Features(28), flat vectors, but the convolutional backbone reads 1×28×28 images (rows of 784 floats, not 28); declare Input: new Image(1, 28, 28).", error.Message);
        Assert.Equal("Input is new Features(784), flat vectors, but the convolutional backbone reads 1×28×28 images; declare Input: new Image(1, 28, 28).",
            Assert.Single(MetaRules.Validate(Glyphs(input: new Features(784)))).Message);
    }

    [Fact]
    public void An_image_input_other_than_the_backbone_image_reports_CMP0091_at_the_backbone_image()
    {
        var error = Assert.Single(MetaRules.Validate(Glyphs(input: new Image(3, 28, 28))));
        Assert.Equal((DeclarationErrorIds.ImageDoesNotFitInput, "Backbone.Input"), (error.Id, error.Path));
        Assert.Equal("The backbone reads 1×28×28 images but Input is 3×28×28; declare the data's image on both (Input and Backbone.Input).", error.Message);
    }

    [Fact]
    public void Hidden_layers_with_a_conv_backbone_report_CMP0101() =>
        Assert.Equal([(DeclarationErrorIds.ConvBackboneWithLayers, "Layers")], Errors(Glyphs() with { Layers = [64] }));

    [Fact]
    public void An_mlp_activation_with_a_conv_backbone_reports_CMP0101_at_the_activation()
    {
        var error = Assert.Single(MetaRules.Validate(Glyphs() with { Activation = Activation.Tanh }));
        Assert.Equal((DeclarationErrorIds.ConvBackboneWithLayers, "Activation"), (error.Id, error.Path));
        Assert.StartsWith("Activation is Tanh, the MLP's nonlinearity, but with a convolutional backbone there is no MLP", error.Message);
        Assert.Empty(MetaRules.Validate(Glyphs() with { Activation = Activation.Relu }));
    }

    [Fact]
    public void An_mlp_backbone_reports_CMP0102() =>
        Assert.Equal([(DeclarationErrorIds.BackboneDoesNotFitLearner, "Backbone")],
            Errors(Glyphs() with { Backbone = new MlpBackbone(new Features(784), [16]) }));

    [Fact]
    public void Backbone_rules_are_the_few_shot_ones_at_the_backbone_arguments()
    {
        Assert.Equal([(DeclarationErrorIds.BackboneDoesNotFitImage, "Backbone.Blocks")],
            Errors(Glyphs(backbone: new ConvBackbone(new Image(1, 28, 28), Blocks: 5))));
        Assert.Equal([(DeclarationErrorIds.BackboneDoesNotFitImage, "Backbone.Blocks")],
            Errors(Glyphs(backbone: new ConvBackbone(new Image(1, 28, 28), Blocks: 0))));
        Assert.Equal([(DeclarationErrorIds.NonPositiveWidth, "Backbone.Channels")],
            Errors(Glyphs(backbone: new ConvBackbone(new Image(1, 28, 28), Channels: -1))));
    }

    [Fact]
    public void Adapted_names_must_name_a_block_or_the_head()
    {
        var error = Assert.Single(MetaRules.Validate(Glyphs() with { Adapt = ["layer_0"] }));
        Assert.Equal((DeclarationErrorIds.AdaptMatchesNothing, "Adapt[0]"), (error.Id, error.Path));
        Assert.Contains("the network has block_0, block_1, head", error.Message);
        Assert.Equal([(DeclarationErrorIds.AnilAdaptsBody, "Adapt[0]")], Errors(Glyphs(new Anil()) with { Adapt = ["block_1.conv"] }));
    }

    [Fact]
    public void Run_time_throws_the_rule_message()
    {
        var thrown = Assert.Throws<InvalidDeclarationException>(() => MetaTrainer.Create(Glyphs(input: new Features(28)), 1));
        Assert.Contains("CMP0091", thrown.Message);
        Assert.Contains("Input is new Features(28), flat vectors, but the convolutional backbone reads 1×28×28 images", thrown.Message);
    }
}

using System.Linq;
using Composable.Testing;
using Xunit;

namespace Composable.Generators.Tests;

/// <summary>The generated source of one declaration per topology and conditioning mode, one snapshot per file.</summary>
public sealed class GeneratedSourceTests
{
    [Fact]
    public void Independent_towers() => Verify(SampleDeclarations.Independent);

    [Fact]
    public void Hard_sharing_with_towers_and_dropout() => Verify(SampleDeclarations.HardSharing);

    [Fact]
    public void Hard_sharing_over_a_conv_backbone_on_28x28_glyphs() => Verify(SampleDeclarations.HardSharingOnGlyphs);

    [Fact]
    public void Hard_sharing_over_5x5_group_norm_average_pooled_blocks_read_by_global_average_pooling() => Verify(SampleDeclarations.HardSharingOnGroupNormAveragePooledBackbone);

    [Fact]
    public void Independent_towers_each_with_its_own_conv_backbone() => Verify(SampleDeclarations.IndependentTowersOnGlyphs);

    [Fact]
    public void Multi_gate_mixture_of_experts_over_a_conv_backbone() => Verify(SampleDeclarations.MultiGateMixtureOnGlyphs);

    [Fact]
    public void Task_conditioned_by_concatenation_of_one_hot() => Verify(SampleDeclarations.ConcatenatedOneHot);

    [Fact]
    public void Task_conditioned_by_additive_bias_of_learned_embedding() => Verify(SampleDeclarations.AdditiveEmbedding);

    [Fact]
    public void Task_conditioned_by_film_with_shared_head_in_nested_type() => Verify(SampleDeclarations.FilmSharedHead);

    [Fact]
    public void Multi_gate_mixture_of_experts_with_two_expert_layers() => Verify(SampleDeclarations.MultiGateMixture);

    [Fact]
    public void One_gate_mixture_of_experts() => Verify(SampleDeclarations.OneGateMixture);

    [Fact]
    public void Customized_gate_control_with_task_experts() => Verify(SampleDeclarations.CustomizedGateControl);

    [Fact]
    public void Progressive_layered_extraction_with_dropout() => Verify(SampleDeclarations.ProgressiveLayeredExtraction);

    [Fact]
    public void Soft_sharing_by_distance_to_mean_at_first_layer() => Verify(SampleDeclarations.SoftParameterSharing);

    [Fact]
    public void Soft_sharing_by_trace_norm() => Verify(SampleDeclarations.TraceNormSharing);

    [Fact]
    public void Cross_stitch_units_after_two_layers_with_dropout() => Verify(SampleDeclarations.CrossStitchUnits);

    [Fact]
    public void Sluice_network_of_two_subspaces_with_default_others() => Verify(SampleDeclarations.SluiceNetwork);

    [Fact]
    public void Shared_trunk_then_mixture_of_experts() => Verify(SampleDeclarations.TrunkThenMixture);

    [Fact]
    public void Maml_sinusoid_meta_learner() => Verify(SampleDeclarations.MamlSinusoid, MetaParts);

    [Fact]
    public void Anil_few_shot_classifier_adapting_the_head_weight() => Verify(SampleDeclarations.AnilFewShotClassification, MetaParts);

    [Fact]
    public void First_order_maml_sinusoid_meta_learner() => Verify(SampleDeclarations.FirstOrderMamlSinusoid, MetaParts);

    [Fact]
    public void Reptile_sinusoid_meta_learner_with_sgd_outside() => Verify(SampleDeclarations.ReptileSinusoid, MetaParts);

    [Fact]
    public void Meta_sgd_per_parameter_adapting_a_layer_and_the_head_bias() => Verify(SampleDeclarations.MetaSgdPerParameterPartial, MetaParts);

    [Fact]
    public void Meta_sgd_per_layer_first_order_classifier() => Verify(SampleDeclarations.MetaSgdPerLayerClassifier, MetaParts);

    [Fact]
    public void Conv_maml_on_glyph_images() => Verify(SampleDeclarations.ConvMamlGlyphs, MetaParts);

    [Fact]
    public void Cross_stitched_conv_columns_stitched_after_two_of_three_blocks() => Verify(SampleDeclarations.CrossStitchedConvColumns);

    [Fact]
    public void Conv_meta_sgd_over_residual_blocks_adapting_parts() => Verify(SampleDeclarations.ConvMetaSgdOverResidualBlocks, MetaParts);

    [Fact]
    public void Conv_maml_in_passes_of_one_task() => Verify(SampleDeclarations.ConvMamlInPassesOfOneTask, MetaParts);

    [Fact]
    public void Reptile_in_passes_of_four_tasks() => Verify(SampleDeclarations.ReptileInPasses, MetaParts);

    [Fact]
    public void Conv_anil_first_order_adapting_the_head() => Verify(SampleDeclarations.ConvAnilGlyphs, MetaParts);

    [Fact]
    public void Conv_meta_sgd_per_layer_on_colour_images_adapting_parts_of_blocks() => Verify(SampleDeclarations.ConvMetaSgdPerLayer, MetaParts);

    [Fact]
    public void Conv_maml_with_layer_norm_and_unpadded_convolutions() => Verify(SampleDeclarations.ConvMamlLayerNormUnpadded, MetaParts);

    [Fact]
    public void Conv_maml_without_norm_or_pooling_read_by_global_average_pooling() => Verify(SampleDeclarations.ConvMamlWithoutNormOrPooling, MetaParts);

    private static readonly string[] MetaParts = { "Graph", "Network", "Parameters", "Trainer" };

    [Fact]
    public void Prototypical_euclidean_with_mlp_backbone() => VerifyFewShot(SampleDeclarations.PrototypicalEuclideanMlp);

    [Fact]
    public void Prototypical_cosine_with_conv_backbone_and_meta_batch() => VerifyFewShot(SampleDeclarations.PrototypicalCosineConv);

    [Fact]
    public void Prototypical_on_resnet_12() => VerifyFewShot(SampleDeclarations.PrototypicalOnResNet12);

    [Fact]
    public void Prototypical_on_a_group_norm_backbone_read_by_global_average_pooling() => VerifyFewShot(SampleDeclarations.PrototypicalOnGroupNormBackbone);

    [Fact]
    public void Matching_network_with_sgd() => VerifyFewShot(SampleDeclarations.MatchingNetwork);

    [Fact]
    public void Relation_network() => VerifyFewShot(SampleDeclarations.RelationNetwork);

    [Fact]
    public void Lstm_reader_of_two_layers() => VerifyFewShot(SampleDeclarations.LstmReaderLearner);

    [Fact]
    public void Attention_reader() => VerifyFewShot(SampleDeclarations.AttentionReaderLearner);

    [Fact]
    public void Cross_stitch_with_default_initialisation_for_three_tasks() => Verify(SampleDeclarations.CrossStitchDefaultsForThreeTasks);

    [Fact]
    public void Uncertainty_weighting_holds_its_log_variances() => Verify(SampleDeclarations.UncertaintyWeighting);

    [Fact]
    public void Dynamic_weight_average_ends_epochs_on_soft_sharing() => Verify(SampleDeclarations.DynamicWeightAverage);

    [Fact]
    public void GradNorm_on_cross_stitch_columns() => Verify(SampleDeclarations.GradNormOnCrossStitch);

    [Fact]
    public void PCGrad_combines_task_gradients_on_the_experts() => Verify(SampleDeclarations.PCGradOnMixture);

    [Fact]
    public void Mgda_upper_bound_weighs_gradients_at_the_trunk_output() => Verify(SampleDeclarations.MgdaUpperBound);

    [Fact]
    public void Linear_probe_on_a_conv_backbone() => Verify(SampleDeclarations.ConvLinearProbe);

    [Fact]
    public void Gradual_unfreezing_with_discriminative_rates_and_cosine_schedule() => Verify(SampleDeclarations.ConvGradualUnfreezing);

    [Fact]
    public void Hard_sharing_trunk_fine_tuned_to_a_fourth_task() => Verify(SampleDeclarations.TrunkToFourthTask, new[] { "Graph", "Graph", "Model", "Model", "Trainer", "Trainer", "Types", "Types" });

    private static void Verify(string source, [System.Runtime.CompilerServices.CallerMemberName] string method = "") =>
        Verify(source, new[] { "Graph", "Model", "Trainer", "Types" }, method);

    private static void VerifyFewShot(string source, [System.Runtime.CompilerServices.CallerMemberName] string method = "") =>
        Verify(source, new[] { "Graph", "Network", "Trainer" }, method, GeneratorHarness.FewShotRunTimeMissing);

    private static void Verify(string source, string[] parts, [System.Runtime.CompilerServices.CallerMemberName] string method = "") =>
        Verify(source, parts, method, _ => false);

    private static void Verify(string source, string[] parts, string method, System.Func<Microsoft.CodeAnalysis.Diagnostic, bool> excused)
    {
        var run = GeneratorHarness.Run(source);
        Assert.Null(run.Exception);
        Assert.Empty(run.Diagnostics);
        Assert.Equal(parts, run.Sources.Select(s => s.HintName.Split('.')[^3]).OrderBy(n => n));
        Assert.Empty(run.CompileErrors.Where(e => !excused(e)).Select(e => e.ToString()).Select(t => t.Substring(t.IndexOf(": ", System.StringComparison.Ordinal) + 2)));
        foreach (var file in run.Sources)
            TextSnapshot.Match(file.SourceText.ToString(), file.HintName, typeof(GeneratedSourceTests), method);
    }
}

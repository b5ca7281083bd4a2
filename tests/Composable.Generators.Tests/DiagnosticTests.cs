using System.Collections.Generic;
using System.Linq;
using Composable.Testing;
using Xunit;

namespace Composable.Generators.Tests;

/// <summary>
/// Every invalid declaration is its own diagnostic, at the offending argument, and nothing is generated for it.
/// The full diagnostics text (id, line:column range, message) of each case is a snapshot.
/// </summary>
public sealed class DiagnosticTests
{
    private const string ValidTasks = """[new TaskSpec("Income", new Binary()), new TaskSpec("Age", new Regression())]""";

    public static IEnumerable<object[]> Cases() => new (string Name, string Id, string Source, string At)[]
    {
        ("No_tasks", "CMP0003", Declaration("new(new Features(4), [], new HardSharing([8]))"), "[]"),
        ("Duplicate_task_name", "CMP0004", Declaration("""new(new Features(4), [new TaskSpec("Income", new Binary()), new TaskSpec("Income", new Regression())], new HardSharing([8]))"""), "\"Income\""),
        ("Task_names_equal_in_snake_case", "CMP0004", Declaration("""new(new Features(4), [new TaskSpec("MaritalStatus", new Binary()), new TaskSpec("Marital_Status", new Binary())], new HardSharing([8]))"""), "\"Marital_Status\""),
        ("Task_name_not_an_identifier", "CMP0005", Declaration("""new(new Features(4), [new TaskSpec("2nd task", new Binary())], new HardSharing([8]))"""), "\"2nd task\""),
        ("Task_name_is_a_keyword", "CMP0005", Declaration("""new(new Features(4), [new TaskSpec("class", new Binary())], new HardSharing([8]))"""), "\"class\""),
        ("Task_name_is_reserved", "CMP0005", Declaration("""new(new Features(4), [new TaskSpec("Total", new Binary())], new HardSharing([8]))"""), "\"Total\""),
        ("Input_width_not_positive", "CMP0006", Declaration($"new(new Features(Width: 0), {ValidTasks}, new HardSharing([8]))"), "Width: 0"),
        ("Trunk_width_not_positive", "CMP0006", Declaration($"new(new Features(4), {ValidTasks}, new HardSharing(Trunk: [8, -3]))"), "-3"),
        ("Embedding_width_not_positive", "CMP0006", Declaration($"new(new Features(4), {ValidTasks}, new TaskConditioned([8], Conditioning.Concatenation, Descriptor: new LearnedEmbedding(0)))"), "0"),
        ("Multi_class_with_one_class", "CMP0007", Declaration("""new(new Features(4), [new TaskSpec("Kind", new MultiClass(Classes: 1))], new HardSharing([8]))"""), "Classes: 1"),
        ("Regression_without_outputs", "CMP0007", Declaration("""new(new Features(4), [new TaskSpec("Age", new Regression(0))], new HardSharing([8]))"""), "0"),
        ("Negative_weight", "CMP0008", Declaration("""new(new Features(4), [new TaskSpec("Income", new Binary(), Weight: -1)], new HardSharing([8]))"""), "Weight: -1"),
        ("NaN_weight", "CMP0008", Declaration("""new(new Features(4), [new TaskSpec("Income", new Binary(), Weight: double.NaN)], new HardSharing([8]))"""), "Weight: double.NaN"),
        ("Conditioning_at_missing_layer", "CMP0009", Declaration($"new(new Features(4), {ValidTasks}, new TaskConditioned([8, 8], Conditioning.Additive, At: [0, 2]))"), "2"),
        ("Conditioning_at_same_layer_twice", "CMP0009", Declaration($"new(new Features(4), {ValidTasks}, new TaskConditioned([8, 8], Conditioning.Additive, At: [1, 1]))"), "1"),
        ("Conditioning_at_no_layer", "CMP0009", Declaration($"new(new Features(4), {ValidTasks}, new TaskConditioned([8], Conditioning.Multiplicative, At: []))"), "At: []"),
        ("Shared_head_for_mixed_targets", "CMP0009", Declaration($"new(new Features(4), {ValidTasks}, new TaskConditioned([8], Conditioning.Concatenation, Output: TaskOutput.SharedHead))"), "Output: TaskOutput.SharedHead"),
        ("Loss_does_not_fit_target", "CMP0010", Declaration("""new(new Features(4), [new TaskSpec("Income", new Binary(), Loss: Loss.MeanSquaredError)], new HardSharing([8]))"""), "Loss: Loss.MeanSquaredError"),
        ("Dropout_of_one", "CMP0011", Declaration($"new(new Features(4), {ValidTasks}, new HardSharing([8]), Dropout: 1.0)"), "Dropout: 1.0"),
        ("Zero_learning_rate", "CMP0012", Declaration($"new(new Features(4), {ValidTasks}, new HardSharing([8]), Optimizer: new Adam(LearningRate: 0))"), "LearningRate: 0"),
        ("Momentum_above_one", "CMP0012", Declaration($"new(new Features(4), {ValidTasks}, new HardSharing([8]), Optimizer: new Sgd(Momentum: 1.5))"), "Momentum: 1.5"),
        ("Hard_sharing_without_trunk", "CMP0013", Declaration($"new(new Features(4), {ValidTasks}, new HardSharing(Trunk: []))"), "Trunk: []"),
        ("No_shared_experts", "CMP0040", Declaration($"new(new Features(4), {ValidTasks}, new MixtureOfExperts(Experts: 0, ExpertLayers: [8]))"), "Experts: 0"),
        ("Negative_task_experts", "CMP0040", Declaration($"new(new Features(4), {ValidTasks}, new MixtureOfExperts(2, [8], TaskExperts: -1))"), "TaskExperts: -1"),
        ("Experts_without_layers", "CMP0013", Declaration($"new(new Features(4), {ValidTasks}, new MixtureOfExperts(2, ExpertLayers: []))"), "ExpertLayers: []"),
        ("Zero_levels", "CMP0041", Declaration($"new(new Features(4), {ValidTasks}, new MixtureOfExperts(2, [8], TaskExperts: 1, Levels: 0))"), "Levels: 0"),
        ("Levels_without_task_experts", "CMP0041", Declaration($"new(new Features(4), {ValidTasks}, new MixtureOfExperts(2, [8], Levels: 2))"), "Levels: 2"),
        ("Single_gate_with_task_experts", "CMP0042", Declaration($"new(new Features(4), {ValidTasks}, new MixtureOfExperts(2, [8], Gating: Gating.Single, TaskExperts: 1))"), "Gating: Gating.Single"),
        ("Negative_sharing_strength", "CMP0043", Declaration($"new(new Features(4), {ValidTasks}, new SoftSharing([8], Strength: -0.5))"), "Strength: -0.5"),
        ("Infinite_sharing_strength", "CMP0043", Declaration($"new(new Features(4), {ValidTasks}, new SoftSharing([8], double.PositiveInfinity))"), "double.PositiveInfinity"),
        ("Soft_sharing_at_missing_layer", "CMP0044", Declaration($"new(new Features(4), {ValidTasks}, new SoftSharing([8, 8], 0.1, At: [0, 2]))"), "2"),
        ("Soft_sharing_at_no_layer", "CMP0044", Declaration($"new(new Features(4), {ValidTasks}, new SoftSharing([8], 0.1, At: []))"), "At: []"),
        ("Soft_sharing_without_layers", "CMP0013", Declaration($"new(new Features(4), {ValidTasks}, new SoftSharing([], 0.1))"), "[]"),
        ("Cross_stitch_at_missing_layer", "CMP0044", Declaration($"new(new Features(4), {ValidTasks}, new CrossStitch([8], At: [-1]))"), "-1"),
        ("Cross_stitch_at_same_layer_twice", "CMP0044", Declaration($"new(new Features(4), {ValidTasks}, new CrossStitch([8, 8], At: [1, 1]))"), "1"),
        ("Cross_stitch_blocks_without_a_backbone", "CMP0044", Declaration($"new(new Features(4), {ValidTasks}, new CrossStitch([8], BlocksAt: [0]))"), "BlocksAt: [0]"),
        ("Cross_stitch_block_the_backbone_does_not_have", "CMP0044", Declaration($"new(new Image(1, 8, 8), {ValidTasks}, new CrossStitch([8], BlocksAt: [0, 2]), Backbone: new ConvBackbone(new Image(1, 8, 8), Blocks: 2, Channels: 4))"), "2"),
        ("Cross_stitch_blocks_under_a_composition", "CMP0044", Declaration($"new(new Image(1, 8, 8), {ValidTasks}, new Composition([8], new CrossStitch([8], BlocksAt: [1])), Backbone: new ConvBackbone(new Image(1, 8, 8), Blocks: 2, Channels: 4))"), "BlocksAt: [1]"),
        ("Cross_stitch_self_above_one", "CMP0045", Declaration($"new(new Features(4), {ValidTasks}, new CrossStitch([8], Self: 1.2, Others: 0))"), "Self: 1.2"),
        ("Cross_stitch_others_negative", "CMP0045", Declaration($"new(new Features(4), {ValidTasks}, new CrossStitch([8], Self: 1, Others: -0.1))"), "Others: -0.1"),
        ("Cross_stitch_rows_not_summing_to_one", "CMP0045", Declaration("""new(new Features(4), [new TaskSpec("A", new Binary()), new TaskSpec("B", new Binary()), new TaskSpec("C", new Binary())], new CrossStitch([8], Self: 0.9, Others: 0.1))"""), "Others: 0.1"),
        ("Sluice_without_subspaces", "CMP0046", Declaration($"new(new Features(4), {ValidTasks}, new Sluice([8], Subspaces: 0))"), "Subspaces: 0"),
        ("Sluice_layer_not_divisible_by_subspaces", "CMP0046", Declaration($"new(new Features(4), {ValidTasks}, new Sluice([8, 9], Subspaces: 2))"), "9"),
        ("Sluice_rows_not_summing_to_one", "CMP0045", Declaration($"new(new Features(4), {ValidTasks}, new Sluice([8], Self: 0.7, Others: 0.2))"), "Others: 0.2"),
        ("Dwa_negative_temperature", "CMP0070", Declaration($"new(new Features(4), {ValidTasks}, new HardSharing([8]), Objective: new DynamicWeightAverage(Temperature: -2))"), "Temperature: -2"),
        ("Cagrad_c_of_one", "CMP0070", Declaration($"new(new Features(4), {ValidTasks}, new HardSharing([8]), Objective: new CAGrad(C: 1.0))"), "C: 1.0"),
        ("GradNorm_negative_alpha", "CMP0070", Declaration($"new(new Features(4), {ValidTasks}, new HardSharing([8]), Objective: new GradNorm(Alpha: -0.5))"), "Alpha: -0.5"),
        ("GradVac_beta_zero", "CMP0070", Declaration($"new(new Features(4), {ValidTasks}, new HardSharing([8]), Objective: new GradVac(Beta: 0))"), "Beta: 0"),
        ("Nash_update_every_zero", "CMP0070", Declaration($"new(new Features(4), {ValidTasks}, new HardSharing([8]), Objective: new NashMtl(UpdateEvery: 0))"), "UpdateEvery: 0"),
        ("Nash_negative_max_norm", "CMP0070", Declaration($"new(new Features(4), {ValidTasks}, new HardSharing([8]), Objective: new NashMtl(MaxNorm: -1))"), "MaxNorm: -1"),
        ("Uncertainty_infinite_initial_log_variance", "CMP0070", Declaration($"new(new Features(4), {ValidTasks}, new HardSharing([8]), Objective: new UncertaintyWeighting(double.PositiveInfinity))"), "double.PositiveInfinity"),
        ("PCGrad_on_independent_towers", "CMP0071", Declaration($"new(new Features(4), {ValidTasks}, new Independent([8]), Objective: new PCGrad())"), "Objective: new PCGrad()"),
        ("GradNorm_on_soft_sharing", "CMP0071", Declaration($"new(new Features(4), {ValidTasks}, new SoftSharing([8], 0.1), Objective: new GradNorm())"), "Objective: new GradNorm()"),
        ("Nash_with_one_task", "CMP0072", Declaration("""new(new Features(4), [new TaskSpec("Income", new Binary())], new HardSharing([8]), Objective: new NashMtl())"""), "Objective: new NashMtl()"),
        ("Dwa_with_one_task", "CMP0072", Declaration("""new(new Features(4), [new TaskSpec("Income", new Binary())], new HardSharing([8]), Objective: new DynamicWeightAverage())"""), "Objective: new DynamicWeightAverage()"),
        ("Mgda_upper_bound_on_cross_stitch", "CMP0073", Declaration($"new(new Features(4), {ValidTasks}, new CrossStitch([8]), Objective: new Mgda(UpperBound: true))"), "UpperBound: true"),
        ("Trunk_then_hard_sharing", "CMP0047", Declaration($"new(new Features(4), {ValidTasks}, new Composition([8], Then: new HardSharing([8])))"), "Then: new HardSharing([8])"),
        ("Trunk_then_composition", "CMP0047", Declaration($"new(new Features(4), {ValidTasks}, new Composition([8], new Composition([8], new CrossStitch([8]))))"), "new Composition([8], new CrossStitch([8]))"),
        ("Composition_without_trunk", "CMP0013", Declaration($"new(new Features(4), {ValidTasks}, new Composition(Trunk: [], new Sluice([8])))"), "Trunk: []"),
        ("Error_inside_composed_topology_lands_at_its_argument", "CMP0040", Declaration($"new(new Features(4), {ValidTasks}, new Composition([8], new MixtureOfExperts(Experts: -2, ExpertLayers: [8])))"), "Experts: -2"),
        ("Type_not_partial", "CMP0002", """
            using Composable;
            [MultiTaskModel]
            public static class Census
            {
                public static readonly MultiTaskSpec Spec = new(new Features(4), [new TaskSpec("Income", new Binary())], new HardSharing([8]));
            }
            """, "Census"),
        ("Containing_type_not_partial", "CMP0002", """
            using Composable;
            public static class Outer
            {
                [MultiTaskModel]
                public static partial class Census
                {
                    public static readonly MultiTaskSpec Spec = new(new Features(4), [new TaskSpec("Income", new Binary())], new HardSharing([8]));
                }
            }
            """, "Outer"),
        ("No_declaration_field", "CMP0014", """
            using Composable;
            [MultiTaskModel]
            public static partial class Census
            {
            }
            """, "Census"),
        ("Declaration_field_not_readonly", "CMP0014", Declaration("new(new Features(4), [new TaskSpec(\"Income\", new Binary())], new HardSharing([8]))").Replace("static readonly", "static"), "Spec"),
        ("Method_call_in_initializer", "CMP0001", Declaration("new(new Features(System.Environment.ProcessorCount), [new TaskSpec(\"Income\", new Binary())], new HardSharing([8]))"), "System.Environment.ProcessorCount"),
        ("Spread_in_collection", "CMP0001", Declaration("new(new Features(4), [..Extra], new HardSharing([8]))", "static readonly TaskSpec[] Extra = [];"), "..Extra"),
        ("Error_inside_referenced_field_lands_in_that_field", "CMP0008", Declaration("new(new Features(4), [Income], new HardSharing([8]))", "static readonly TaskSpec Income = new(\"Income\", new Binary(), Weight: 0);"), "Weight: 0"),
        ("Several_errors_are_all_reported", "CMP0006", Declaration("""new(new Features(-1), [new TaskSpec("x y", new MultiClass(0), Weight: -2)], new HardSharing([0]), Dropout: -0.5)"""), "-1"),
        ("Meta_inner_learning_rate_zero", "CMP0021", SampleDeclarations.MetaLearner("new(new Features(1), [40], 1, new FewShotRegression(5, 5), new Maml(InnerLearningRate: 0))"), "InnerLearningRate: 0"),
        ("Meta_one_way_classification", "CMP0023", SampleDeclarations.MetaLearner("new(new Features(4), [8], 1, new FewShotClassification(Ways: 1, Shots: 1, Queries: 5), new Maml())"), "Ways: 1"),
        ("Meta_adapt_selection_matches_nothing", "CMP0026", SampleDeclarations.MetaLearner("new(new Features(1), [40], 1, new FewShotRegression(5, 5), new Maml(), Adapt: [\"layer_9\"])"), "\"layer_9\""),
        ("Meta_inner_steps_zero", "CMP0020", SampleDeclarations.MetaLearner("new(new Features(1), [40], 1, new FewShotRegression(5, 5), new Reptile(InnerSteps: 0))"), "InnerSteps: 0"),
        ("Meta_batch_zero", "CMP0022", SampleDeclarations.MetaLearner("new(new Features(1), [40], 1, new FewShotRegression(5, 5), new MetaSgd(MetaBatch: 0))"), "MetaBatch: 0"),
        ("Meta_with_copy_tasks_per_pass_zero", "CMP0029", SampleDeclarations.MetaLearner("new MetaLearnerSpec(new Features(1), [40], 1, new FewShotRegression(5, 5), new Maml(MetaBatch: 4), TasksPerPass: 2) with { TasksPerPass = 0 }"), "TasksPerPass = 0"),
        ("Meta_with_copy_of_a_non_record_value", "CMP0001", SampleDeclarations.MetaLearner("new MetaLearnerSpec(new Features(1), [40], 1, new FewShotRegression(5, 5), new Maml(MetaBatch: 4)) with { Outputs = System.Environment.ProcessorCount }"), "System.Environment.ProcessorCount"),
        ("Meta_tasks_per_pass_zero", "CMP0029", SampleDeclarations.MetaLearner("new(new Features(1), [40], 1, new FewShotRegression(5, 5), new Maml(MetaBatch: 4), TasksPerPass: 0)"), "TasksPerPass: 0"),
        ("Meta_tasks_per_pass_above_the_meta_batch", "CMP0029", SampleDeclarations.MetaLearner("new(new Features(1), [40], 1, new FewShotRegression(5, 5), new Reptile(MetaBatch: 4), TasksPerPass: 8)"), "TasksPerPass: 8"),
        ("Meta_zero_shots", "CMP0024", SampleDeclarations.MetaLearner("new(new Features(1), [40], 1, new FewShotRegression(Shots: 0, Queries: 5), new Maml())"), "Shots: 0"),
        ("Meta_empty_query", "CMP0025", SampleDeclarations.MetaLearner("new(new Features(1), [40], 1, new FewShotRegression(Shots: 5, Queries: 0), new Maml())"), "Queries: 0"),
        ("Meta_anil_without_a_body", "CMP0027", SampleDeclarations.MetaLearner("new(new Features(1), [], 1, new FewShotRegression(5, 5), new Anil())"), "[]"),
        ("Meta_anil_adapting_the_body", "CMP0027", SampleDeclarations.MetaLearner("new(new Features(1), [40], 1, new FewShotRegression(5, 5), new Anil(), Adapt: [\"layer_0\"])"), "\"layer_0\""),
        ("Meta_outputs_differ_from_ways", "CMP0028", SampleDeclarations.MetaLearner("new(new Features(4), [8], Outputs: 3, new FewShotClassification(Ways: 5, Shots: 1, Queries: 5), new Maml())"), "Outputs: 3"),
        ("Meta_conv_input_features_not_an_image", "CMP0091", SampleDeclarations.MetaLearner("new(new Features(28), [], 5, new FewShotClassification(5, 1, 5), new Maml(), Backbone: new ConvBackbone(new Image(1, 28, 28)))"), "new Features(28)"),
        ("Meta_conv_input_another_image", "CMP0091", SampleDeclarations.MetaLearner("new(new Image(3, 28, 28), [], 5, new FewShotClassification(5, 1, 5), new Maml(), Backbone: new ConvBackbone(new Image(1, 28, 28)))"), "new Image(1, 28, 28)"),
        ("Meta_conv_with_an_mlp_activation", "CMP0101", SampleDeclarations.MetaLearner("new(new Image(1, 28, 28), [], 5, new FewShotClassification(5, 1, 5), new Maml(), Activation: Activation.Tanh, Backbone: new ConvBackbone(new Image(1, 28, 28)))"), "Activation: Activation.Tanh"),
        ("Meta_conv_with_hidden_layers", "CMP0101", SampleDeclarations.MetaLearner("new(new Image(1, 28, 28), [64], 5, new FewShotClassification(5, 1, 5), new Maml(), Backbone: new ConvBackbone(new Image(1, 28, 28)))"), "[64]"),
        ("Meta_mlp_backbone", "CMP0102", SampleDeclarations.MetaLearner("new(new Features(8), [], 5, new FewShotClassification(5, 1, 5), new Maml(), Backbone: new MlpBackbone(new Features(8), [16]))"), "new MlpBackbone"),
        ("Meta_conv_blocks_pool_image_below_one_pixel", "CMP0061", SampleDeclarations.MetaLearner("new(new Image(1, 28, 28), [], 5, new FewShotClassification(5, 1, 5), new Maml(), Backbone: new ConvBackbone(new Image(1, 28, 28), Blocks: 5))"), "Blocks: 5"),
        ("Meta_conv_channels_not_positive", "CMP0006", SampleDeclarations.MetaLearner("new(new Image(1, 28, 28), [], 5, new FewShotClassification(5, 1, 5), new Maml(), Backbone: new ConvBackbone(new Image(1, 28, 28), Channels: 0))"), "Channels: 0"),
        ("Meta_conv_adapting_an_unknown_block", "CMP0026", SampleDeclarations.MetaLearner("new(new Image(1, 28, 28), [], 5, new FewShotClassification(5, 1, 5), new Maml(), Adapt: [\"block_4\"], Backbone: new ConvBackbone(new Image(1, 28, 28)))"), "\"block_4\""),
        ("Meta_conv_anil_adapting_a_block", "CMP0027", SampleDeclarations.MetaLearner("new(new Image(1, 28, 28), [], 5, new FewShotClassification(5, 1, 5), new Anil(), Adapt: [\"block_3\"], Backbone: new ConvBackbone(new Image(1, 28, 28)))"), "\"block_3\""),
        ("Meta_declaring_type_not_partial", "CMP0002", SampleDeclarations.MetaLearner("new(new Features(1), [40], 1, new FewShotRegression(5, 5), new Maml())").Replace("static partial class", "static class"), "Learner"),
        ("FewShot_regression_episodes", "CMP0060", FewShot("new(Mlp, new FewShotRegression(Shots: 5, Queries: 5), new Prototypical())"), "FewShotRegression"),
        ("FewShot_blocks_pool_image_below_one_pixel", "CMP0061", FewShot("new(new ConvBackbone(new Image(1, 28, 28), Blocks: 5), FiveWay, new Prototypical())"), "Blocks: 5"),
        ("FewShot_no_blocks", "CMP0061", FewShot("new(new ConvBackbone(new Image(1, 28, 28), Blocks: 0), FiveWay, new Matching())"), "Blocks: 0"),
        ("FewShot_cosine_scale_zero", "CMP0062", FewShot("new(Mlp, FiveWay, new Matching(CosineScale: 0))"), "CosineScale: 0"),
        ("FewShot_infinite_prototypical_cosine_scale", "CMP0062", FewShot("new(Mlp, FiveWay, new Prototypical(Distance.Cosine, double.PositiveInfinity))"), "double.PositiveInfinity"),
        ("FewShot_heads_not_dividing_width", "CMP0062", FewShot("new(Mlp, FiveWay, new AttentionReader(Width: 16, Heads: 3))"), "Heads: 3"),
        ("FewShot_reader_without_layers", "CMP0062", FewShot("new(Mlp, FiveWay, new LstmReader(Hidden: 16, Layers: 0))"), "Layers: 0"),
        ("FewShot_backbone_without_layers", "CMP0013", FewShot("new(new MlpBackbone(new Features(8), Layers: []), FiveWay, new Prototypical())"), "Layers: []"),
        ("FewShot_relation_width_not_positive", "CMP0006", FewShot("new(Mlp, FiveWay, new Relation([8, -1]))"), "-1"),
        ("FewShot_image_height_not_positive", "CMP0006", FewShot("new(new ConvBackbone(new Image(1, Height: 0, 28)), FiveWay, new Prototypical())"), "Height: 0"),
        ("FewShot_zero_outer_learning_rate", "CMP0012", FewShot("new(Mlp, FiveWay, new Prototypical(), Outer: new Adam(LearningRate: 0))"), "LearningRate: 0"),
        ("FewShot_meta_batch_zero", "CMP0022", FewShot("new(Mlp, FiveWay, new Prototypical(), MetaBatch: 0)"), "MetaBatch: 0"),
        ("FewShot_one_way", "CMP0023", FewShot("new(Mlp, new FewShotClassification(Ways: 1, Shots: 1, Queries: 5), new Prototypical())"), "Ways: 1"),
        ("FewShot_zero_shots", "CMP0024", FewShot("new(Mlp, new FewShotClassification(5, Shots: 0, Queries: 5), new Prototypical())"), "Shots: 0"),
        ("FewShot_empty_query", "CMP0025", FewShot("new(Mlp, new FewShotClassification(5, 1, Queries: 0), new Prototypical())"), "Queries: 0"),
        ("FineTuning_frozen_block_that_does_not_exist", "CMP0081", FineTuning("new(Conv, Twenty, Frozen: [\"block_0\", \"block_4\"])"), "\"block_4\""),
        ("FineTuning_rate_for_a_block_that_does_not_exist", "CMP0081", FineTuning("new(Conv, Twenty, Rates: new ExplicitRates([new LayerRate(\"layer_0\", 1e-3)]))"), "\"layer_0\""),
        ("FineTuning_unfreezing_past_the_bottom", "CMP0082", FineTuning("new(Conv, Twenty, Frozen: [\"block_0\"], Unfreezing: new GradualUnfreezing(1, Blocks: 4))"), "Blocks: 4"),
        ("FineTuning_unfreezing_every_zero_epochs", "CMP0082", FineTuning("new(Conv, Twenty, Unfreezing: new GradualUnfreezing(EveryEpochs: 0))"), "EveryEpochs: 0"),
        ("FineTuning_zero_block_rate", "CMP0083", FineTuning("new(Conv, Twenty, Rates: new ExplicitRates([new LayerRate(\"block_1\", 0.0)]))"), "0.0"),
        ("FineTuning_negative_discriminative_decay", "CMP0083", FineTuning("new(Conv, Twenty, Rates: new DiscriminativeRates(Decay: -2.6))"), "Decay: -2.6"),
        ("FineTuning_zero_optimizer_rate", "CMP0012", FineTuning("new(Conv, Twenty, Optimizer: new Adam(LearningRate: 0))"), "LearningRate: 0"),
        ("FineTuning_kept_head_whose_outputs_differ", "CMP0084", FineTuning("new(Conv, Twenty, Head: HeadInitialisation.Keep)"), "HeadInitialisation.Keep"),
        ("FineTuning_trunk_source_without_hard_sharing", "CMP0080", FineTuning("new(new TrunkSource(Towers), [new TaskSpec(\"D\", new Binary())])",
            "static readonly MultiTaskSpec Towers = new(new Features(8), [new TaskSpec(\"A\", new Binary())], new Independent([16]));"), "new Independent([16])"),
        ("FineTuning_warm_up_as_long_as_the_schedule", "CMP0085", FineTuning("new(Conv, Twenty, Schedule: new WarmupCosine(Steps: 100, WarmupSteps: 100))"), "WarmupSteps: 100"),
        ("FineTuning_step_schedule_gamma_above_one", "CMP0085", FineTuning("new(Conv, Twenty, Schedule: new WarmupStep(StepSize: 10, Gamma: 2.0))"), "Gamma: 2.0"),
        ("Backbone_image_differs_from_input_image", "CMP0091", Declaration($"new(new Image(1, 28, 28), {ValidTasks}, new HardSharing([8]), Backbone: new ConvBackbone(new Image(3, 28, 28), Blocks: 2, Channels: 4))"), "new Image(3, 28, 28)"),
        ("Backbone_reading_a_features_input", "CMP0091", Declaration($"new(new Features(784), {ValidTasks}, new HardSharing([8]), Backbone: new ConvBackbone(new Image(1, 28, 28), Blocks: 2, Channels: 4))"), "new Features(784)"),
        ("Input_image_channels_not_positive", "CMP0006", Declaration($"new(new Image(Channels: 0, 28, 28), {ValidTasks}, new HardSharing([8]))"), "Channels: 0"),
        ("Backbone_mlp_in_a_multi_task_declaration", "CMP0092", Declaration($"new(new Features(8), {ValidTasks}, new HardSharing([8]), Backbone: new MlpBackbone(new Features(8), [16]))"), "Backbone: new MlpBackbone(new Features(8), [16])"),
        ("Backbone_blocks_pool_image_below_one_pixel", "CMP0061", Declaration($"new(new Image(1, 8, 8), {ValidTasks}, new MixtureOfExperts(2, [8]), Backbone: new ConvBackbone(new Image(1, 8, 8), Blocks: 4))"), "Blocks: 4"),
        ("Backbone_kernel_too_large_for_the_image", "CMP0061", Declaration($"new(new Image(1, 8, 8), {ValidTasks}, new HardSharing([8]), Backbone: new ConvBackbone(new Image(1, 8, 8), Blocks: 2, Kernel: 7, Padding: 0))"), "Blocks: 2"),
        ("Backbone_kernel_not_positive", "CMP0103", Declaration($"new(new Image(1, 8, 8), {ValidTasks}, new HardSharing([8]), Backbone: new ConvBackbone(new Image(1, 8, 8), Blocks: 2, Kernel: 0))"), "Kernel: 0"),
        ("Backbone_padding_beyond_the_kernel", "CMP0103", Declaration($"new(new Image(1, 8, 8), {ValidTasks}, new HardSharing([8]), Backbone: new ConvBackbone(new Image(1, 8, 8), Blocks: 2, Padding: 3))"), "Padding: 3"),
        ("Backbone_pool_size_not_positive", "CMP0103", Declaration($"new(new Image(1, 8, 8), {ValidTasks}, new HardSharing([8]), Backbone: new ConvBackbone(new Image(1, 8, 8), Blocks: 2, Pooling: BlockPooling.Average, PoolSize: 0))"), "PoolSize: 0"),
        ("Backbone_norm_not_a_member", "CMP0001", Declaration($"new(new Image(1, 8, 8), {ValidTasks}, new HardSharing([8]), Backbone: new ConvBackbone(new Image(1, 8, 8), Blocks: 2, Norm: (BlockNorm)9))"), "(BlockNorm)9"),
        ("Backbone_norm_groups_do_not_divide", "CMP0104", Declaration($"new(new Image(1, 8, 8), {ValidTasks}, new HardSharing([8]), Backbone: new ConvBackbone(new Image(1, 8, 8), Blocks: 2, Channels: 12, Norm: BlockNorm.Group, NormGroups: 5))"), "NormGroups: 5"),
        ("Meta_conv_group_norm_groups_do_not_divide", "CMP0104", SampleDeclarations.MetaLearner("new(new Image(1, 28, 28), [], 5, new FewShotClassification(5, 1, 5), new Maml(), Backbone: new ConvBackbone(new Image(1, 28, 28), Norm: BlockNorm.Group, NormGroups: 7))"), "NormGroups: 7"),
        ("FewShot_too_many_blocks", "CMP0061", FewShot("new(new ConvBackbone(new Image(1, 28, 28), Blocks: 1000, Pooling: BlockPooling.None), FiveWay, new Prototypical())"), "Blocks: 1000"),
        ("FewShot_pools_too_large_for_the_image", "CMP0061", FewShot("new(new ConvBackbone(new Image(1, 28, 28), Blocks: 2, PoolSize: 6), FiveWay, new Prototypical())"), "Blocks: 2"),
        ("Backbone_residual_with_an_even_kernel", "CMP0103", Declaration($"new(new Image(1, 8, 8), {ValidTasks}, new HardSharing([8]), Backbone: new ConvBackbone(new Image(1, 8, 8), Widths: [4, 8], Residual: true, Kernel: 4))"), "Kernel: 4"),
        ("Backbone_blocks_disagree_with_widths", "CMP0103", Declaration($"new(new Image(1, 8, 8), {ValidTasks}, new HardSharing([8]), Backbone: new ConvBackbone(new Image(1, 8, 8), Blocks: 3, Widths: [4, 8]))"), "Blocks: 3"),
        ("Backbone_width_not_positive", "CMP0006", Declaration($"new(new Image(1, 8, 8), {ValidTasks}, new HardSharing([8]), Backbone: new ConvBackbone(new Image(1, 8, 8), Widths: [4, 0]))"), "0"),
        ("Backbone_widths_do_not_fit_the_image", "CMP0061", Declaration($"new(new Image(1, 8, 8), {ValidTasks}, new HardSharing([8]), Backbone: new ConvBackbone(new Image(1, 8, 8), Widths: [4, 8, 16, 32], Residual: true))"), "Widths: [4, 8, 16, 32]"),
        ("Backbone_image_width_not_positive", "CMP0006", Declaration($"new(new Features(64), {ValidTasks}, new Independent([8]), Backbone: new ConvBackbone(new Image(1, 8, Width: 0)))"), "Width: 0"),
        ("FineTuning_trunk_source_with_a_backbone", "CMP0092", FineTuning("new(new TrunkSource(Images), [new TaskSpec(\"D\", new Binary())])",
            "static readonly MultiTaskSpec Images = new(new Image(1, 8, 8), [new TaskSpec(\"A\", new Binary())], new HardSharing([16]), Backbone: new ConvBackbone(new Image(1, 8, 8), Blocks: 2, Channels: 4));"), "Backbone: new ConvBackbone(new Image(1, 8, 8), Blocks: 2, Channels: 4)"),
        ("FewShot_declaring_type_not_partial", "CMP0002", FewShot("new(Mlp, FiveWay, new Prototypical())").Replace("static partial class", "static class"), "Learner"),
        ("FewShot_no_declaration_field", "CMP0014", FewShot("new(Mlp, FiveWay, new Prototypical())").Replace("public static readonly FewShotLearnerSpec Spec", "public static readonly int Spec").Replace("new(Mlp, FiveWay, new Prototypical())", "1"), "Learner"),
        ("FewShot_method_call_in_initializer", "CMP0001", FewShot("new(Mlp, FiveWay, new LstmReader(Hidden: System.Environment.ProcessorCount))"), "System.Environment.ProcessorCount"),
    }.Select(c => new object[] { c.Name, c.Id, c.Source, c.At });

    [Theory]
    [MemberData(nameof(Cases))]
    public void Invalid_declaration_reports_its_diagnostic_at_the_argument(string name, string id, string source, string at)
    {
        var run = GeneratorHarness.Run(source);

        Assert.Null(run.Exception);
        Assert.Empty(run.Sources);
        var diagnostic = Assert.Single(run.Diagnostics, d => d.Id == id && run.TextAt(d.Location).Contains(at));
        Assert.Equal(Microsoft.CodeAnalysis.DiagnosticSeverity.Error, diagnostic.Severity);
        TextSnapshot.Match(run.DiagnosticsText, name, typeof(DiagnosticTests));
    }

    /// <summary>A <c>with</c> copy of a declaration is a declaration: it compiles as the record C# builds at run time.</summary>
    [Fact]
    public void A_with_copy_of_another_declaration_field_compiles_with_the_members_it_sets()
    {
        var run = GeneratorHarness.Run("""
            using Composable;

            namespace Samples.Meta;

            public static class Shared
            {
                public static readonly MetaLearnerSpec Base = new(new Features(1), [40, 40], 1, new FewShotRegression(5, 5), new Maml(MetaBatch: 8));
            }

            [MetaLearner]
            public static partial class InPasses
            {
                public static readonly MetaLearnerSpec Spec = Shared.Base with { TasksPerPass = 4, Activation = Activation.Tanh };
            }
            """);

        Assert.Null(run.Exception);
        Assert.Empty(run.Diagnostics);
        var trainer = run.Sources.Single(s => s.HintName.EndsWith(".Trainer.g.cs", System.StringComparison.Ordinal)).SourceText.ToString();
        Assert.Contains("TaskPasses.Losses(episodes, 4, PassLosses)", trainer);
        var functional = run.Sources.Single(s => s.HintName.EndsWith(".Network.g.cs", System.StringComparison.Ordinal)).SourceText.ToString();
        Assert.Contains("tanh", functional, System.StringComparison.OrdinalIgnoreCase);
        Assert.Empty(run.CompileErrors);
    }

    [Fact]
    public void Several_errors_of_one_declaration_are_reported_together()
    {
        var run = GeneratorHarness.Run(Declaration("""new(new Features(-1), [new TaskSpec("x y", new MultiClass(0), Weight: -2)], new HardSharing([0]), Dropout: -0.5)"""));

        Assert.Equal(new[] { "CMP0005", "CMP0006", "CMP0006", "CMP0007", "CMP0008", "CMP0011" }, run.Diagnostics.Select(d => d.Id).OrderBy(i => i));
    }

    [Fact]
    public void Several_errors_of_one_few_shot_declaration_are_reported_together()
    {
        var run = GeneratorHarness.Run(FewShot(
            "new(new ConvBackbone(new Image(0, 8, 8), Blocks: 4, Channels: -1), new FewShotRegression(0, 0), new AttentionReader(Width: 10, Heads: 4, Layers: 0), Outer: new Sgd(Momentum: 2), MetaBatch: 0)"));

        Assert.Empty(run.Sources);
        Assert.Equal(new[] { "CMP0006", "CMP0006", "CMP0012", "CMP0022", "CMP0024", "CMP0025", "CMP0060", "CMP0061", "CMP0062", "CMP0062" },
            run.Diagnostics.Select(d => d.Id).OrderBy(i => i));
    }

    private static string Declaration(string initializer, string members = "") => SampleDeclarations.Census(initializer, members);

    /// <summary>A [FewShotLearner] declaration; <c>Mlp</c> and <c>FiveWay</c> name a valid backbone and valid episodes.</summary>
    private static string FineTuning(string initializer, string members = "") => SampleDeclarations.FineTuning(initializer,
        "static readonly BackboneSource Conv = new(new ConvBackbone(new Image(1, 28, 28)), [new TaskSpec(\"Character\", new MultiClass(200))]); " +
        "static readonly ValueList<TaskSpec> Twenty = [new TaskSpec(\"Character\", new MultiClass(20))]; " + members);

    private static string FewShot(string initializer) => SampleDeclarations.FewShotLearner(initializer,
        "static readonly MlpBackbone Mlp = new(new Features(8), [16]); static readonly FewShotClassification FiveWay = new(5, 1, 5);");
}

using System;
using System.Collections.Generic;
using System.Linq;
using Composable.FewShot;
using Composable.FewShot.Metric;
using Composable.Interpretation;
using Composable.Meta;
using Composable.Modules;
using Composable.Tests.FewShot;
using Composable.Tests.Generated;
using Composable.Tests.Meta;
using Composable.Tests.Transfer;
using Composable.Transfer;
using Xunit;
using static TorchSharp.torch;

namespace Composable.Tests.Runtime;

/// <summary>
/// Disposing a network frees the native module of every layer in it: TorchSharp's <c>Linear</c> and convolutions free
/// only their tensors, and the C heap of a process that creates and disposes trainers grew by about 610 bytes a layer.
/// </summary>
public sealed class NativeModulesTests
{
    [Fact]
    public void TorchSharp_linear_and_conv_still_keep_their_native_module_when_disposed()
    {
        // Pins the upstream behaviour NativeModules works around: when a TorchSharp upgrade frees it in Dispose, this
        // fails and NativeModules can go.
        var linear = nn.Linear(3, 2);
        var conv = nn.Conv2d(1, 2, 3);

        linear.Dispose();
        conv.Dispose();

        Assert.True(NativeModules.HoldsNativeModule(linear));
        Assert.True(NativeModules.HoldsNativeModule(conv));
    }

    [Fact]
    public void The_native_module_handles_are_within_reach()
    {
        using var linear = nn.Linear(3, 2);

        Assert.True(NativeModules.CanRelease);
        Assert.True(NativeModules.HoldsNativeModule(linear));
    }

    [Fact]
    public void A_layer_disposed_through_NativeModules_keeps_nothing()
    {
        var linear = nn.Linear(3, 2);
        var weight = linear.weight;

        NativeModules.Dispose(linear);

        Assert.False(NativeModules.HoldsNativeModule(linear));
        Assert.True(weight.IsInvalid);
    }

    public static TheoryData<string> Networks()
    {
        var data = new TheoryData<string>();
        foreach (var name in NetworkFactories.Keys) data.Add(name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void Disposing_a_network_frees_the_native_module_of_every_layer(string network)
    {
        var module = NetworkFactories[network]();
        var modules = module.modules().Prepend(module).ToArray();
        Assert.Contains(modules, m => m is TorchSharp.Modules.Linear or TorchSharp.Modules.Conv2d);

        module.Dispose();

        Assert.Empty(modules.Where(NativeModules.HoldsNativeModule).Select(m => m.GetType().Name));
    }

    [Fact]
    public void Disposing_a_generated_trainer_frees_its_model_native_modules()
    {
        var trainer = Generated.Shared.Trainer.Create(seed: 3);
        var modules = trainer.Model.modules().Prepend(trainer.Model).ToArray();

        trainer.Dispose();

        Assert.Empty(modules.Where(NativeModules.HoldsNativeModule).Select(m => m.GetType().Name));
    }

    private static readonly Dictionary<string, Func<nn.Module>> NetworkFactories = new()
    {
        ["generated multi-task model"] = () => new Generated.Shared.Model(),
        ["generated transfer model"] = () => new FourthRelated.Model(),
        ["generated meta-learner network"] = () => new SinusoidLearner.Network(),
        ["generated few-shot network"] = () => new EuclideanPrototypes.Network(),
        ["interpreted model"] = () => new InterpretedModel(Generated.Shared.Spec),
        ["meta network"] = () => new MetaNetwork(MetaPlan.For(SinusoidLearner.Spec)),
        ["few-shot network"] = () => new FewShotNetwork(EuclideanPrototypes.Spec),
        ["backbone network"] = () => new BackboneNetwork(FineTuningPlan.For(new FineTuningSpec(TinyConvProbe.Source, TinyConvProbe.Source.Tasks))),
        ["conv embedding"] = () => new ConvEmbedding(1, 8, 8, channels: 4, blocks: 2),
        ["relation module"] = () => new RelationModule(8, [4]),
        ["attention reader"] = () => new Composable.FewShot.BlackBox.AttentionReader(embeddingWidth: 8, ways: 3, width: 8, heads: 2, layers: 1),
    };
}

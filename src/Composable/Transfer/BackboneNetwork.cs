using System;
using System.Collections.Generic;
using System.Linq;
using Composable.FewShot;
using Composable.Modules;
using Composable.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Composable.Transfer;

/// <summary>
/// The run-time network of a fine-tuning declaration over a <see cref="BackboneSource"/>: the declared backbone as
/// child <c>backbone</c> (the same module and state-dict names as a few-shot learner's, so either network's
/// checkpoint is a source), then one linear head <c>{task}_head</c> per target task on its embedding.
/// </summary>
public sealed class BackboneNetwork : nn.Module, IMultiTaskModule
{
    private readonly nn.Module<Tensor, Tensor> backbone;
    private readonly Linear[] _heads;

    /// <summary>Builds the backbone, then the heads in task order, drawing weights from torch's generator.</summary>
    public BackboneNetwork(FineTuningPlan plan) : base("BackboneNetwork")
    {
        if (plan.Spec.Source is not BackboneSource source)
            throw new ArgumentException($"A BackboneNetwork needs a BackboneSource, not {plan.Spec.Source.GetType().Name}.", nameof(plan));
        Plan = plan;
        backbone = Backbones.Create(source.Backbone);
        register_module(FineTuningPlan.Backbone, backbone);
        _heads = plan.Spec.Tasks.Select(t => nn.Linear(plan.EmbeddingWidth, t.Target.OutputWidth)).ToArray();
        for (var t = 0; t < _heads.Length; t++)
            register_module(LayerNames.Head(plan.Spec.Tasks[t].Name), _heads[t]);
    }

    /// <summary>The plan the network was built from.</summary>
    public FineTuningPlan Plan { get; }

    /// <summary>The target tasks as a multi-task declaration (<see cref="FineTuningPlan.Target"/>).</summary>
    public MultiTaskSpec Spec => Plan.Target;

    /// <inheritdoc />
    public nn.Module Module => this;

    /// <summary>Embeddings [B, E] of inputs [B, F].</summary>
    public Tensor Embed(Tensor input) => backbone.forward(input);

    /// <inheritdoc />
    public Tensor ForwardTask(int task, Tensor input) => _heads[task].forward(Embed(input));

    /// <inheritdoc />
    public IReadOnlyList<Tensor> ForwardAll(Tensor input)
    {
        var embedding = Embed(input);
        return _heads.Select(h => h.forward(embedding)).ToArray();
    }

    /// <summary>Disposes the layers, their native modules included (<see cref="NativeModules"/>).</summary>
    protected override void Dispose(bool disposing) => NativeModules.Dispose(this, disposing, base.Dispose);
}

using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;

namespace Composable.Training;

/// <summary>Builds the declared optimiser over a set of parameters.</summary>
public static class Optimizers
{
    /// <summary>The TorchSharp optimiser for <paramref name="optimizer"/>.</summary>
    public static torch.optim.Optimizer Create(Optimizer optimizer, IEnumerable<Parameter> parameters) => optimizer switch
    {
        Sgd sgd => torch.optim.SGD(parameters, sgd.LearningRate, momentum: sgd.Momentum, weight_decay: sgd.WeightDecay, nesterov: sgd.Nesterov),
        Adam adam => torch.optim.Adam(parameters, lr: adam.LearningRate, beta1: adam.Beta1, beta2: adam.Beta2, weight_decay: adam.WeightDecay),
        AdamW adamW => torch.optim.AdamW(parameters, lr: adamW.LearningRate, beta1: adamW.Beta1, beta2: adamW.Beta2, weight_decay: adamW.WeightDecay),
        _ => throw new ArgumentOutOfRangeException(nameof(optimizer), optimizer, "Unknown optimizer."),
    };

    /// <summary>
    /// The optimiser of every trainer, multi-task, meta-learner or few-shot learner (generated or interpreted, which
    /// must agree): Adam and AdamW as <see cref="FlatAdam"/> (the same updates in a few native calls), SGD as
    /// TorchSharp's. The parameters become views into one buffer; where a <c>create_graph</c> backward (second-order
    /// MAML, Meta-SGD) replaces their gradients by tensors outside it, <see cref="FlatAdam"/> copies them back in
    /// before its update, so meta-learners use it too (tests pin generated to interpreted meta-trainers with it).
    /// </summary>
    public static torch.optim.Optimizer CreateForTrainer(Optimizer optimizer, IEnumerable<Parameter> parameters) => optimizer switch
    {
        Adam adam => new FlatAdam(parameters, lr: adam.LearningRate, beta1: adam.Beta1, beta2: adam.Beta2, weight_decay: adam.WeightDecay),
        AdamW adamW => new FlatAdam(parameters, lr: adamW.LearningRate, beta1: adamW.Beta1, beta2: adamW.Beta2, weight_decay: adamW.WeightDecay, decoupled: true),
        _ => Create(optimizer, parameters),
    };

    /// <summary>TEMPORARY until the groups branch lands.</summary>
    public static torch.optim.Optimizer CreateForTrainer(Optimizer optimizer, IReadOnlyList<Training.ParameterGroup> groups) =>
        torch.optim.Adam(groups.Select(g => new TorchSharp.Modules.Adam.ParamGroup(g.Parameters, new TorchSharp.Modules.Adam.Options { LearningRate = g.LearningRate })), optimizer.LearningRate);

    /// <summary>TEMPORARY until the groups branch lands.</summary>
    public static void AddGroup(torch.optim.Optimizer optimizer, Training.ParameterGroup group) =>
        ((TorchSharp.Modules.Adam)optimizer).add_param_group(new TorchSharp.Modules.Adam.ParamGroup(group.Parameters, new TorchSharp.Modules.Adam.Options { LearningRate = group.LearningRate }));
}

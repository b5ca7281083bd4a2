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
    /// TorchSharp's (<see cref="CheckedSgd"/>); both refuse a step whose gradients hold NaN or infinity. The parameters become views into one buffer; where a <c>create_graph</c> backward (second-order
    /// MAML, Meta-SGD) replaces their gradients by tensors outside it, <see cref="FlatAdam"/> copies them back in
    /// before its update, so meta-learners use it too (tests pin generated to interpreted meta-trainers with it).
    /// </summary>
    public static torch.optim.Optimizer CreateForTrainer(Optimizer optimizer, IEnumerable<Parameter> parameters) => optimizer switch
    {
        Adam adam => new FlatAdam(parameters, lr: adam.LearningRate, beta1: adam.Beta1, beta2: adam.Beta2, weight_decay: adam.WeightDecay),
        AdamW adamW => new FlatAdam(parameters, lr: adamW.LearningRate, beta1: adamW.Beta1, beta2: adamW.Beta2, weight_decay: adamW.WeightDecay, decoupled: true),
        Sgd sgd => new CheckedSgd(parameters, sgd.LearningRate, sgd.Momentum, sgd.WeightDecay, sgd.Nesterov),
        _ => Create(optimizer, parameters),
    };

    /// <summary>
    /// The optimiser of a trainer whose parameters come in groups with their own base rates (per-layer rates for
    /// fine-tuning): Adam and AdamW as one <see cref="FlatAdam"/> with a group per group (the declared betas and weight
    /// decay; AdamW's decoupled), SGD as TorchSharp's with a parameter group per group (the declared momentum, weight
    /// decay and Nesterov). The declared learning rate is not used: each group has its own. <c>ParamGroups</c> lists one
    /// controller per group, in order.
    /// </summary>
    /// <exception cref="ArgumentException">No group, a parameter in two groups or two groups of one name (the message names them).</exception>
    public static torch.optim.Optimizer CreateForTrainer(Optimizer optimizer, IReadOnlyList<ParameterGroup> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        if (groups.Count == 0) throw new ArgumentException("No parameter groups to optimise.", nameof(groups));
        ParameterGroup.EnsureDisjoint(groups, nameof(groups));
        return optimizer switch
        {
            Adam adam => new FlatAdam(groups, beta1: adam.Beta1, beta2: adam.Beta2, weight_decay: adam.WeightDecay),
            AdamW adamW => new FlatAdam(groups, beta1: adamW.Beta1, beta2: adamW.Beta2, weight_decay: adamW.WeightDecay, decoupled: true),
            Sgd sgd => new CheckedSgd(groups.Select(SgdGroup), sgd.LearningRate, sgd.Momentum, sgd.WeightDecay, sgd.Nesterov),
            _ => throw new ArgumentOutOfRangeException(nameof(optimizer), optimizer, "Unknown optimizer."),
        };
    }

    /// <summary>
    /// Adds <paramref name="group"/> to a live optimiser made by <see cref="CreateForTrainer(Optimizer, IReadOnlyList{ParameterGroup})"/>,
    /// as when fine-tuning unfreezes a block: <see cref="FlatAdam.AddGroup"/>, or TorchSharp's <c>add_param_group</c> for
    /// SGD (the group gets the optimiser's momentum and weight decay, and its own rate). Its controller comes last in
    /// <c>ParamGroups</c>.
    /// </summary>
    /// <exception cref="ArgumentException">A parameter already in the optimiser.</exception>
    /// <exception cref="NotSupportedException">An optimiser no trainer makes.</exception>
    public static void AddGroup(torch.optim.Optimizer optimizer, ParameterGroup group)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(group);
        switch (optimizer)
        {
            case FlatAdam flat:
                flat.AddGroup(group);
                break;
            case SGD sgd:
                var present = sgd.parameters().Select(p => p.Handle).ToHashSet();
                if (group.Parameters.Any(p => present.Contains(p.Handle)))
                    throw new ArgumentException($"The parameter group '{group.Name}' holds a parameter already in the optimiser.", nameof(group));
                sgd.add_param_group(SgdGroup(group));
                break;
            default:
                throw new NotSupportedException($"Cannot add a parameter group to a {optimizer.GetType().Name}.");
        }
    }

    /// <summary>
    /// Sets every group's current learning rate to its base rate times <paramref name="factor"/> (a schedule's
    /// <see cref="LearningRateSchedules.Factor"/>), so the groups keep their ratios.
    /// </summary>
    /// <param name="optimizer">The optimiser; its <c>ParamGroups</c> in order.</param>
    /// <param name="baseRates">Each group's base rate, in the order of <c>ParamGroups</c> (e.g. the groups' <see cref="ParameterGroup.LearningRate"/>).</param>
    /// <param name="factor">The factor; finite and non-negative.</param>
    /// <exception cref="ArgumentException">Not one base rate per group.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A factor that is negative or not finite.</exception>
    public static void ScaleLearningRates(torch.optim.Optimizer optimizer, IReadOnlyList<double> baseRates, double factor)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(baseRates);
        if (!double.IsFinite(factor) || factor < 0)
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "The learning-rate factor must be finite and non-negative.");
        var controllers = optimizer.ParamGroups.ToArray();
        if (controllers.Length != baseRates.Count)
            throw new ArgumentException($"The optimiser has {controllers.Length} parameter groups but {baseRates.Count} base rates were given.", nameof(baseRates));
        for (var i = 0; i < controllers.Length; i++)
            controllers[i].LearningRate = baseRates[i] * factor;
    }

    /// <summary>Only the rate is set: the optimiser fills in its momentum, dampening, weight decay and Nesterov.</summary>
    private static SGD.ParamGroup SgdGroup(ParameterGroup group) =>
        new(group.Parameters.DistinctBy(p => p.Handle), new SGD.Options { LearningRate = group.LearningRate });
}

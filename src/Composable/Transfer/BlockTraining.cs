using System;
using System.Collections.Generic;
using System.Linq;
using Composable.Checkpoints;
using Composable.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Composable.Transfer;

/// <summary>
/// What a fine-tuning trainer, generated or interpreted, does to its network's blocks: freezes the blocks that do not
/// train yet (no gradient, not in the optimiser, their normalisation in evaluation mode so frozen features stay
/// fixed), builds the optimiser with one parameter group per training block at its declared rate, sets every group's
/// rate to base × the schedule's factor before each step, and thaws blocks as epochs end (gradual unfreezing), adding
/// their group to the live optimiser.
/// </summary>
/// <remarks>
/// A checkpoint of the trainer saves the epochs ended; loading it thaws the blocks that were training (before the
/// optimiser's state is compared and restored), so a fit resumes with the same groups. A trainer that has already thawed
/// more blocks than the checkpoint's cannot freeze them again and refuses it.
/// </remarks>
public sealed class BlockTraining : IResumable, IDisposable
{
    private readonly FineTuningPlan _plan;
    private readonly nn.Module _network;
    private readonly (BlockPlan Block, Parameter[] Parameters, nn.Module[] Modules)[] _groups;
    private readonly List<int> _active = new();

    /// <summary>Freezes what does not train in epoch 0 and builds the optimiser over the rest.</summary>
    /// <param name="plan">The declaration's plan.</param>
    /// <param name="network">The network built from it (parameters named as the plan names them), on its device.</param>
    public BlockTraining(FineTuningPlan plan, nn.Module network)
    {
        _plan = plan;
        _network = network;
        var parameters = network.named_parameters().ToArray();
        var modules = network.named_modules().ToArray();
        var blockOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var groups = plan.Groups.ToArray();
        for (var g = 0; g < groups.Length; g++)
            foreach (var layer in groups[g].Layers)
                blockOf[layer.Name] = g;
        _groups = groups.Select((block, g) => (
            block,
            parameters.Where(p => blockOf.TryGetValue(LayerOf(p.name), out var owner) && owner == g).Select(p => p.parameter).ToArray(),
            modules.Where(m => block.Layers.Any(l => l.Name == m.name)).Select(m => m.module).ToArray())).ToArray();
        var unplanned = parameters.Where(p => !blockOf.ContainsKey(LayerOf(p.name))).Select(p => p.name).ToArray();
        if (unplanned.Length > 0)
            throw new ArgumentException($"The network has parameters its plan does not place in a block: {string.Join(", ", unplanned)}.", nameof(network));

        for (var g = 0; g < _groups.Length; g++)
        {
            var trains = _groups[g].Block.TrainsAt(0);
            foreach (var p in _groups[g].Parameters) p.requires_grad_(trains);
            if (trains) _active.Add(g);
        }
        Optimizer = Optimizers.CreateForTrainer(plan.Spec.Optimizer, _active.Select(Group).ToArray());
    }

    /// <summary>The optimiser: one parameter group per training block, bottom first, heads last; thawed blocks join as they thaw.</summary>
    public optim.Optimizer Optimizer { get; }

    /// <summary>Epochs ended so far (the epoch being trained, 0-based).</summary>
    public int Epoch { get; private set; }

    /// <summary>The names of the blocks that train now, bottom first, <c>head</c> last.</summary>
    public IReadOnlyList<string> Training => _active.OrderBy(g => g).Select(g => _groups[g].Block.Name).ToArray();

    /// <summary>The schedule's factor at <paramref name="step"/> (0-based): 1 without a schedule.</summary>
    public double Factor(long step) => _plan.Spec.Schedule is { } schedule ? LearningRateSchedules.Factor(schedule, step) : 1.0;

    /// <summary>
    /// Prepares step <paramref name="step"/> (0-based) after <c>train()</c>: frozen blocks back in evaluation mode, and
    /// every group's learning rate at its base rate × the schedule's factor.
    /// </summary>
    public void BeginStep(long step)
    {
        foreach (var (block, _, modules) in _groups)
            if (!block.TrainsAt(Epoch))
                foreach (var module in modules) module.eval();
        var factor = Factor(step);
        var controllers = Optimizer.ParamGroups.ToArray();
        for (var i = 0; i < _active.Count; i++)
            controllers[i].LearningRate = _groups[_active[i]].Block.LearningRate * factor;
    }

    /// <summary>Ends an epoch: blocks that thaw at the next epoch get their gradients back and join the optimiser.</summary>
    public void EndEpoch() => ThawTo(Epoch + 1);

    /// <summary>Saves the epochs ended.</summary>
    public void Save(ResumeState state) => state.Put("epoch", Epoch);

    /// <summary>Thaws what trains at the saved epoch, so the optimiser has the saved groups.</summary>
    /// <exception cref="FormatException">This trainer has ended more epochs than the checkpoint and thawed blocks it cannot freeze again.</exception>
    public void Prepare(ResumeState state)
    {
        var epoch = (int)state.Long("epoch");
        if (epoch < Epoch && _groups.Any(g => g.Block.TrainsAt(Epoch) && !g.Block.TrainsAt(epoch)))
            throw new FormatException(
                $"the checkpoint was written after {epoch} epochs, when {string.Join(", ", Names(epoch))} trained; this trainer has ended {Epoch} and " +
                $"thawed {string.Join(", ", Names(Epoch))}, which cannot be frozen again. Load it into a new trainer.");
        ThawTo(Math.Max(epoch, Epoch));
    }

    /// <summary>Sets the epochs ended to the saved count (its blocks were thawed by <see cref="Prepare"/>).</summary>
    public void Restore(ResumeState state) => Epoch = (int)state.Long("epoch");

    private IEnumerable<string> Names(int epoch) => _groups.Where(g => g.Block.TrainsAt(epoch)).Select(g => g.Block.Name);

    /// <summary>Ends epochs up to <paramref name="epoch"/> one by one, so blocks join the optimiser in the order they thaw.</summary>
    private void ThawTo(int epoch)
    {
        while (Epoch < epoch)
        {
            Epoch++;
            for (var g = 0; g < _groups.Length; g++)
            {
                if (_active.Contains(g) || !_groups[g].Block.TrainsAt(Epoch)) continue;
                foreach (var p in _groups[g].Parameters) p.requires_grad_(true);
                Optimizers.AddGroup(Optimizer, Group(g));
                _active.Add(g);
            }
        }
    }

    /// <summary>The parameters of block <paramref name="name"/> (or <c>head</c>).</summary>
    public IReadOnlyList<Parameter> ParametersOf(string name) => _groups.First(g => g.Block.Name == name).Parameters;

    /// <summary>Releases the optimiser.</summary>
    public void Dispose() => Optimizer.Dispose();

    private ParameterGroup Group(int g) => new(_groups[g].Block.Name, _groups[g].Parameters, _groups[g].Block.LearningRate);

    private static string LayerOf(string parameterName) => parameterName.Substring(0, parameterName.LastIndexOf('.'));
}

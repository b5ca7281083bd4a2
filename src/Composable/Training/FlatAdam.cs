using System;
using System.Collections.Generic;
using System.Linq;
using Composable.Checkpoints;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Composable.Training;

/// <summary>
/// Adam, or AdamW with <c>decoupled</c>, over all parameters at once. The parameters, their gradients and both
/// moment estimates live in four contiguous buffers (each parameter and its <c>grad</c> become views into them),
/// so a step is a fixed dozen native calls instead of a dozen per parameter tensor as in TorchSharp's
/// <c>torch.optim.Adam</c>, whose C# loop dominates the step of small models.
/// </summary>
/// <remarks>
/// The update is TorchSharp's Adam/AdamW, operation for operation, applied elementwise to the buffers; it
/// keeps its semantics too: a parameter joins the updates once backward has given it a gradient, keeps its own
/// step count (bias correction), and <see cref="zero_grad"/> zeroes gradients rather than dropping them. When
/// every parameter has the same step count (the usual case: all received a gradient on the first step) one
/// update covers the whole buffer; otherwise each run of neighbouring parameters with equal counts gets its own.
/// Parameter groups (<see cref="ParameterGroup"/>) share the buffers, one after the other, each with its own learning
/// rate: runs never cross a group boundary, and <see cref="AddGroup"/> grows the buffers of a live optimiser.
/// Build it after the model is on its device and in its dtype: moving the model afterwards would detach the
/// parameters from the buffers. <c>Module.zero_grad()</c> (whose default <c>set_to_none</c> drops the gradient
/// views) and <c>create_graph</c> backward passes replace gradients by tensors outside the buffer; each step
/// notices that (one native check) and copies them back in, so the update always sees the current gradients; the
/// meta-learners' trainers, whose inner loops use such passes, therefore use it too.
/// </remarks>
public sealed class FlatAdam : optim.Optimizer, IResumable
{
    private readonly List<Group> _groups = new();
    private readonly double _beta1;
    private readonly double _beta2;
    private readonly double _eps;
    private readonly double _weightDecay;
    private readonly bool _decoupled;
    private Parameter[] _parameters = Array.Empty<Parameter>();
    private int[] _groupOf = Array.Empty<int>();
    private Segment[] _segments = Array.Empty<Segment>();
    private long[] _steps = Array.Empty<long>();
    private bool[] _joined = Array.Empty<bool>();
    private Tensor _values;
    private Tensor _gradients;
    private Tensor _expAvg;
    private Tensor _expAvgSq;
    private int _joinedCount;
    private List<(int First, int Count)> _runs = new();
    private readonly Constants _constants;

    /// <summary>Moves <paramref name="parameters"/> into one buffer and prepares the moment estimates: one group named "all".</summary>
    /// <param name="parameters">Parameters to optimise: one dtype and device; duplicates are taken once.</param>
    /// <param name="lr">Learning rate.</param>
    /// <param name="beta1">Decay of the first moment.</param>
    /// <param name="beta2">Decay of the second moment.</param>
    /// <param name="eps">Added to the denominator.</param>
    /// <param name="weight_decay">L2 penalty added to the gradient (Adam) or decoupled decay (AdamW).</param>
    /// <param name="decoupled">AdamW's decoupled weight decay instead of Adam's L2 penalty.</param>
    public FlatAdam(IEnumerable<Parameter> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weight_decay = 0, bool decoupled = false)
        : this(SingleGroup(parameters, lr), beta1, beta2, eps, weight_decay, decoupled, nameof(parameters))
    {
    }

    /// <summary>
    /// Moves the parameters of <paramref name="groups"/> into one buffer (group order, then parameter order) and prepares
    /// the moment estimates; each group starts at its own base learning rate and has its own controller in
    /// <see cref="ParamGroups"/>.
    /// </summary>
    /// <param name="groups">At least one group; no parameter in two groups, no two groups of one name; one dtype and device.</param>
    /// <param name="beta1">Decay of the first moment.</param>
    /// <param name="beta2">Decay of the second moment.</param>
    /// <param name="eps">Added to the denominator.</param>
    /// <param name="weight_decay">L2 penalty added to the gradient (Adam) or decoupled decay (AdamW).</param>
    /// <param name="decoupled">AdamW's decoupled weight decay instead of Adam's L2 penalty.</param>
    /// <exception cref="ArgumentException">No group, a parameter in two groups or two groups of one name (the message names them).</exception>
    public FlatAdam(IEnumerable<ParameterGroup> groups, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weight_decay = 0, bool decoupled = false)
        : this(GroupLayouts(groups, nameof(groups)), beta1, beta2, eps, weight_decay, decoupled, nameof(groups))
    {
    }

    private FlatAdam(IReadOnlyList<GroupLayout> groups, double beta1, double beta2, double eps, double weight_decay, bool decoupled, string parametersName)
        : base(IntPtr.Zero)
    {
        if (beta1 < 0 || beta1 >= 1.0) throw new ArgumentException($"Invalid beta1: {beta1}", nameof(beta1));
        if (beta2 < 0 || beta2 >= 1.0) throw new ArgumentException($"Invalid beta2: {beta2}", nameof(beta2));
        if (eps < 0) throw new ArgumentException($"Invalid eps: {eps}", nameof(eps));
        if (weight_decay < 0) throw new ArgumentException($"Invalid weight_decay: {weight_decay}", nameof(weight_decay));
        _beta1 = beta1;
        _beta2 = beta2;
        _eps = eps;
        _weightDecay = weight_decay;
        _decoupled = decoupled;
        _constants = new Constants(beta1, beta2, eps, weight_decay);

        var parameters = groups.SelectMany(g => g.Parameters).ToArray();
        var dtype = parameters[0].dtype;
        var device = parameters[0].device;
        EnsureOneDtypeAndDevice(parameters, dtype, device, parametersName);
        _values = Empty(0, dtype, device);
        _gradients = Empty(0, dtype, device);
        _expAvg = Empty(0, dtype, device);
        _expAvgSq = Empty(0, dtype, device);
        foreach (var group in groups) Append(group);
    }

    /// <summary>The parameters, in buffer order.</summary>
    public override IEnumerable<Parameter> parameters() => _parameters;

    /// <summary>One learning-rate controller per group, in group order, for schedulers and <see cref="Optimizers.ScaleLearningRates"/>.</summary>
    public override IEnumerable<optim.ILearningRateController> ParamGroups => _groups.Select(g => (optim.ILearningRateController)g.Rate).ToArray();

    /// <summary>The groups' names, in group (and buffer) order.</summary>
    public IReadOnlyList<string> GroupNames => _groups.Select(g => g.Name).ToArray();

    /// <summary>The groups' base learning rates (the rates they were given), in group order; schedules scale these.</summary>
    public IReadOnlyList<double> BaseLearningRates => _groups.Select(g => g.BaseRate).ToArray();

    /// <summary>
    /// Adds <paramref name="group"/> to the live optimiser, as when fine-tuning unfreezes a block. The buffers grow: the
    /// existing parameters keep their values, gradients, moments, step counts and joined state exactly (their later
    /// updates are the very ones they would have had), and the new parameters, appended after them, start with zero
    /// moments and step 0 and join the updates on their first gradient.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// A parameter already in the optimiser, a group name already used, or another dtype or device (the message names the groups).
    /// </exception>
    public void AddGroup(ParameterGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        if (_groups.Any(g => g.Name == group.Name))
            throw new ArgumentException($"The optimiser already has a parameter group named '{group.Name}'.", nameof(group));
        var layout = GroupLayouts([group], nameof(group))[0];
        var added = layout.Parameters.Select(p => p.Handle).ToHashSet();
        var present = Array.FindIndex(_parameters, p => added.Contains(p.Handle));
        if (present >= 0)
            throw new ArgumentException($"The parameter group '{group.Name}' holds a parameter already in group '{_groups[_groupOf[present]].Name}'.", nameof(group));
        EnsureOneDtypeAndDevice(layout.Parameters, _values.dtype, _values.device, nameof(group));
        Append(layout);
    }

    /// <summary>Zeroes every gradient in one call; gradients stay allocated, as with torch's <c>zero_grad</c> here.</summary>
    public override void zero_grad()
    {
        Join();
        _gradients.zero_();
    }

    /// <summary>One Adam step over every parameter that has a gradient.</summary>
    public override Tensor step(Func<Tensor>? closure = null)
    {
        Tensor? loss = null;
        if (closure is not null)
            using (enable_grad())
                loss = closure();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        Rejoin();
        Join();
        foreach (var (first, count) in _runs)
        {
            for (var i = first; i < first + count; i++) _steps[i]++;
            if (first == 0 && count == _parameters.Length)
            {
                Update(_values, _gradients, _expAvg, _expAvgSq, _steps[0], _groups[0].Rate.LearningRate);
                continue;
            }
            var start = _segments[first].Offset;
            var length = _segments[first + count - 1].Offset + _segments[first + count - 1].Count - start;
            Update(_values.narrow(0, start, length), _gradients.narrow(0, start, length), _expAvg.narrow(0, start, length), _expAvgSq.narrow(0, start, length), _steps[first], _groups[_groupOf[first]].Rate.LearningRate);
        }
        return loss!;
    }

    /// <summary>
    /// Both moment estimates (flat, in buffer order), each parameter's step count and whether it has joined the updates
    /// (a joined parameter is updated on every step, with a zero gradient when backward gave it none), and the group
    /// layout: each group's name and number of parameters.
    /// </summary>
    public void Save(ResumeState state)
    {
        state.Put("groups", _groups.Count);
        for (var g = 0; g < _groups.Count; g++)
        {
            state.Put($"group.{g}.name", _groups[g].Name);
            state.Put($"group.{g}.parameters", _groups[g].Count);
        }
        state.Put("exp_avg", _expAvg);
        state.Put("exp_avg_sq", _expAvgSq);
        using var steps = tensor(_steps);
        state.Put("step", steps);
        using var joined = tensor(_joined.Select(j => j ? 1L : 0L).ToArray());
        state.Put("joined", joined);
    }

    /// <summary>
    /// Sets the moments, step counts and joined parameters saved by <see cref="Save"/>; gradients are zeroed. The learning
    /// rates are left as they are (a schedule sets them from the step). A state saved before optimisers had groups counts as
    /// one group named "all".
    /// </summary>
    /// <exception cref="FormatException">
    /// The state is for another group layout or number of parameters (the message names the difference); nothing is changed.
    /// </exception>
    public void Restore(ResumeState state)
    {
        EnsureSameGroups(state);
        var steps = state.Tensor("step").data<long>().ToArray();
        var joined = state.Tensor("joined").data<long>().ToArray();
        if (steps.Length != _parameters.Length || joined.Length != _parameters.Length)
            throw new FormatException($"The checkpoint's optimiser state is for {steps.Length} parameters, not {_parameters.Length}.");
        foreach (var name in new[] { "exp_avg", "exp_avg_sq" })
            if (state.Tensor(name).numel() != _expAvg.numel())
                throw new FormatException($"The checkpoint's optimiser {name} holds {state.Tensor(name).numel()} values, not {_expAvg.numel()}.");
        using (no_grad())
        {
            _expAvg.copy_(state.Tensor("exp_avg"));
            _expAvgSq.copy_(state.Tensor("exp_avg_sq"));
            _gradients.zero_();
            for (var i = 0; i < _parameters.Length; i++)
            {
                _steps[i] = steps[i];
                _joined[i] = joined[i] != 0;
                var view = View(_gradients, _segments[i]);
                _parameters[i].grad = _joined[i] ? view : null;
                view.Dispose();
            }
        }
        _joinedCount = _joined.Count(j => j);
        _runs = Runs();
    }

    /// <summary>Throws unless <paramref name="state"/> was saved with this optimiser's group names and sizes.</summary>
    private void EnsureSameGroups(ResumeState state)
    {
        var saved = state.Values.ContainsKey("groups")
            ? Enumerable.Range(0, checked((int)state.Long("groups"))).Select(g => (Name: state.String($"group.{g}.name"), Count: state.Long($"group.{g}.parameters"))).ToArray()
            : new[] { (Name: "all", Count: (long)state.Tensor("step").numel()) };
        var current = _groups.Select(g => (g.Name, Count: (long)g.Count)).ToArray();
        if (saved.Length != current.Length)
            throw new FormatException($"The checkpoint's optimiser has {saved.Length} parameter groups ({string.Join(", ", saved.Select(g => g.Name))}), this one {current.Length} ({string.Join(", ", current.Select(g => g.Name))}).");
        for (var g = 0; g < current.Length; g++)
        {
            if (saved[g].Name != current[g].Name)
                throw new FormatException($"The checkpoint's optimiser has parameter group {g} named '{saved[g].Name}', this one '{current[g].Name}'.");
            if (saved[g].Count != current[g].Count)
                throw new FormatException($"The checkpoint's optimiser has {saved[g].Count} parameters in group '{saved[g].Name}', this one {current[g].Count}.");
        }
    }

    /// <summary>
    /// Appends <paramref name="layout"/>'s parameters to the buffers, which are reallocated: the existing parameters'
    /// values, moments and joined gradients are copied exactly and the parameters (and joined gradients) become views
    /// of the new buffers; the new parameters get zero moments, step 0 and no gradient view until they join.
    /// </summary>
    private void Append(GroupLayout layout)
    {
        var existing = _parameters.Length;
        var existingTotal = _values.numel();
        var total = existingTotal + layout.Parameters.Sum(p => p.numel());
        var values = Empty(total, _values.dtype, _values.device);
        var gradients = Empty(total, _values.dtype, _values.device);
        var expAvg = Empty(total, _values.dtype, _values.device);
        var expAvgSq = Empty(total, _values.dtype, _values.device);
        var group = _groups.Count;
        _parameters = [.. _parameters, .. layout.Parameters];
        _groupOf = [.. _groupOf, .. Enumerable.Repeat(group, layout.Parameters.Count)];
        _steps = [.. _steps, .. new long[layout.Parameters.Count]];
        _joined = [.. _joined, .. new bool[layout.Parameters.Count]];
        var segments = new Segment[_parameters.Length];
        Array.Copy(_segments, segments, existing);
        // The narrowed temporaries below view the new buffers: a scope frees them here rather than leaving them (and the
        // buffers' storage) to the finalizers when the optimiser is made outside any scope, as a trainer's constructor is.
        using (NewDisposeScope())
        using (no_grad())
        {
            values.narrow(0, 0, existingTotal).copy_(_values);
            expAvg.narrow(0, 0, existingTotal).copy_(_expAvg);
            expAvgSq.narrow(0, 0, existingTotal).copy_(_expAvgSq);
            var offset = existingTotal;
            for (var i = 0; i < _parameters.Length; i++)
            {
                var p = _parameters[i];
                if (i >= existing)
                {
                    segments[i] = new Segment(offset, p.numel(), p.shape);
                    offset += segments[i].Count;
                }
                using (var view = View(values, segments[i]))
                {
                    if (i >= existing) view.copy_(p);
                    p.set_(view);
                }
                if (!_joined[i]) continue;
                // A joined gradient may be a view of the old buffer or a replacement outside it (see Rejoin): copy either.
                var gradientView = View(gradients, segments[i]);
                using (var grad = p.grad)
                {
                    if (grad is not null) gradientView.copy_(grad);
                }
                p.grad = gradientView;
                gradientView.Dispose();
            }
        }
        _segments = segments;
        _values.Dispose();
        _gradients.Dispose();
        _expAvg.Dispose();
        _expAvgSq.Dispose();
        _values = values;
        _gradients = gradients;
        _expAvg = expAvg;
        _expAvgSq = expAvgSq;
        _groups.Add(new Group(layout.Name, layout.Parameters.Count, layout.LearningRate, new LearningRateController(layout.LearningRate)));
        _runs = Runs();
    }

    private static IReadOnlyList<GroupLayout> SingleGroup(IEnumerable<Parameter> parameters, double lr)
    {
        if (lr < 0) throw new ArgumentException($"Invalid learning rate: {lr}", nameof(lr));
        var distinct = parameters.DistinctBy(p => p.Handle).ToArray();
        if (distinct.Length == 0) throw new ArgumentException("No parameters to optimise.", nameof(parameters));
        return [new GroupLayout("all", distinct, lr)];
    }

    private static IReadOnlyList<GroupLayout> GroupLayouts(IEnumerable<ParameterGroup> groups, string paramName)
    {
        ArgumentNullException.ThrowIfNull(groups, paramName);
        var list = groups.ToArray();
        if (list.Length == 0) throw new ArgumentException("No parameter groups to optimise.", paramName);
        ParameterGroup.EnsureDisjoint(list, paramName);
        return list.Select(g => new GroupLayout(g.Name, g.Parameters.DistinctBy(p => p.Handle).ToArray(), g.LearningRate)).ToArray();
    }

    private static void EnsureOneDtypeAndDevice(IEnumerable<Parameter> parameters, ScalarType dtype, Device device, string paramName)
    {
        if (parameters.Any(p => p.dtype != dtype || p.device.type != device.type || p.device.index != device.index))
            throw new ArgumentException("All parameters must share one dtype and device.", paramName);
    }

    private static Tensor Empty(long length, ScalarType dtype, Device device) => zeros(length, dtype, device).DetachFromDisposeScope();

    /// <summary>
    /// TorchSharp's Adam/AdamW update, in its order of operations. Every number goes to TorchSharp as a <see cref="Scalar"/>
    /// held until the call returns (see <see cref="Scalars"/>): the constants in fields, the per-step ones in <c>using</c>s.
    /// </summary>
    private void Update(Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq, long step, double lr)
    {
        if (_decoupled)
        {
            using var decay = (1 - lr * _weightDecay).ToScalar();
            param.mul_(decay);
        }
        var biasCorrection1 = 1 - Math.Pow(_beta1, step);
        var biasCorrection2 = 1 - Math.Pow(_beta2, step);
        if (!_decoupled && _weightDecay != 0)
            grad = grad.add(param, alpha: _constants.WeightDecay);
        expAvg.mul_(_constants.Beta1).add_(grad, alpha: _constants.OneMinusBeta1);
        expAvgSq.mul_(_constants.Beta2).addcmul_(grad, grad, value: _constants.OneMinusBeta2);
        using var correction2 = Math.Sqrt(biasCorrection2).ToScalar();
        var denom = expAvgSq.sqrt().div_(correction2).add_(_constants.Eps);
        using var stepSize = (-lr / biasCorrection1).ToScalar();
        param.addcdiv_(expAvg, denom, value: stepSize);
    }

    /// <summary>
    /// Parameters that backward gave a gradient since the last call join the buffer: their gradient is copied
    /// into it and becomes a view of it, into which later backward passes accumulate in place.
    /// </summary>
    private void Join()
    {
        if (_joinedCount == _parameters.Length) return;
        var changed = false;
        using (no_grad())
        {
            for (var i = 0; i < _parameters.Length; i++)
            {
                if (_joined[i]) continue;
                using var grad = _parameters[i].grad;
                if (grad is null) continue;
                var view = View(_gradients, _segments[i]);
                view.copy_(grad);
                _parameters[i].grad = view;
                view.Dispose();
                _joined[i] = true;
                _joinedCount++;
                changed = true;
            }
        }
        if (changed) _runs = Runs();
    }

    /// <summary>
    /// <c>Module.zero_grad()</c> (set_to_none) or a <c>create_graph</c> backward replace the gradient views by fresh
    /// tensors outside the buffer, which the update would not see. Such a replacement hits every parameter at once,
    /// so the last joined parameter (at a non-zero offset in the buffer) is the sentinel: one native check per step.
    /// When it no longer views the buffer, every parameter's current gradient is copied back in and viewed again.
    /// When only the first parameter (offset 0) has joined, an offset cannot tell a view from a fresh tensor, so its
    /// gradient is copied back every step (one small copy).
    /// </summary>
    private void Rejoin()
    {
        var sentinel = Array.LastIndexOf(_joined, true);
        if (sentinel < 0) return;
        if (sentinel > 0)
            using (var grad = _parameters[sentinel].grad)
                if (grad is not null && grad.storage_offset() == _segments[sentinel].Offset)
                    return;
        for (var i = 0; i < _parameters.Length; i++)
        {
            if (!_joined[i]) continue;
            var view = View(_gradients, _segments[i]);
            using (var grad = _parameters[i].grad)
            {
                if (grad is null) view.zero_();
                else view.copy_(grad);
            }
            _parameters[i].grad = view;
            view.Dispose();
        }
    }

    /// <summary>Maximal runs of neighbouring joined parameters of one group; recomputed when one joins or a group is added.</summary>
    private List<(int First, int Count)> Runs()
    {
        // Parameters that join together share their step count for ever after, so runs only change on joins.
        var runs = new List<(int First, int Count)>();
        for (var i = 0; i < _parameters.Length; i++)
        {
            if (!_joined[i]) continue;
            var previous = runs.Count > 0 ? runs[^1].First : -1;
            if (previous >= 0 && runs[^1].First + runs[^1].Count == i && _steps[previous] == _steps[i] && _groupOf[previous] == _groupOf[i])
                runs[^1] = (runs[^1].First, runs[^1].Count + 1);
            else
                runs.Add((i, 1));
        }
        return runs;
    }

    private static Tensor View(Tensor buffer, Segment segment) =>
        buffer.narrow(0, segment.Offset, segment.Count).view(segment.Shape).DetachFromDisposeScope();

    /// <summary>Releases the buffers; the parameters keep their values (they hold the storage too).</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gradients.Dispose();
            _expAvg.Dispose();
            _expAvgSq.Dispose();
            _values.Dispose();
            _constants.Dispose();
        }
        base.Dispose(disposing);
    }

    /// <summary>The update's constant numbers as TorchSharp scalars, made once and held by the optimiser.</summary>
    private sealed class Constants(double beta1, double beta2, double eps, double weightDecay) : IDisposable
    {
        public Scalar Beta1 { get; } = beta1.ToScalar();

        public Scalar OneMinusBeta1 { get; } = (1 - beta1).ToScalar();

        public Scalar Beta2 { get; } = beta2.ToScalar();

        public Scalar OneMinusBeta2 { get; } = (1 - beta2).ToScalar();

        public Scalar Eps { get; } = eps.ToScalar();

        public Scalar WeightDecay { get; } = weightDecay.ToScalar();

        public void Dispose()
        {
            foreach (var scalar in new[] { Beta1, OneMinusBeta1, Beta2, OneMinusBeta2, Eps, WeightDecay }) scalar.Dispose();
        }
    }

    private sealed record Segment(long Offset, long Count, long[] Shape);

    private sealed record GroupLayout(string Name, IReadOnlyList<Parameter> Parameters, double LearningRate);

    /// <summary>A group's parameters are the <see cref="Count"/> after those of the groups before it.</summary>
    private sealed record Group(string Name, int Count, double BaseRate, LearningRateController Rate);

    private sealed class LearningRateController : optim.ILearningRateController
    {
        public LearningRateController(double value)
        {
            LearningRate = value;
            InitialLearningRate = value;
        }

        public double LearningRate { get; set; }

        public double InitialLearningRate { get; set; }
    }
}

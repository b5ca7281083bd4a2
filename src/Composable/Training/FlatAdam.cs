using System;
using System.Collections.Generic;
using System.Linq;
using Composable.Checkpoints;
using Composable.Data;
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
/// meta-learners' trainers, whose inner loops use such passes, therefore use it too. A step whose gradients hold a NaN
/// or an infinity is refused with a <see cref="TrainingDivergedException"/> before anything changes (one sum over the
/// gradient buffer checks them).
/// </remarks>
public sealed partial class FlatAdam : optim.Optimizer, IResumable
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
        if (!Finiteness.All(_gradients)) throw NonFiniteGradient();
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
    /// The step a gradient with a NaN or an infinity would take, refused: such a gradient can come with a finite loss
    /// (a second-order meta-gradient through batch norm did, at meta-step 2 of a Meta-SGD run), and one update would
    /// leave NaN weights behind the trainer's check of the loss. Names the first parameter whose gradient is to blame;
    /// nothing has changed (values, moments, step counts).
    /// </summary>
    private TrainingDivergedException NonFiniteGradient()
    {
        var index = Array.FindIndex(_segments, segment => !Finiteness.All(_gradients.narrow(0, segment.Offset, segment.Count)));
        return Divergence.NonFiniteGradient((_steps.Length == 0 ? 0 : _steps.Max()) + 1, index, _parameters.Length,
            index < 0 ? [] : _segments[index].Shape, index < 0 ? null : _groups[_groupOf[index]].Name);
    }

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
        var denom = expAvgSq.sqrt().div_(correction2).add_(_constants.Eps, Scalars.One);
        using var stepSize = (-lr / biasCorrection1).ToScalar();
        param.addcdiv_(expAvg, denom, value: stepSize);
    }

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

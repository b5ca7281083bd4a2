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
/// Build it after the model is on its device and in its dtype: moving the model afterwards would detach the
/// parameters from the buffers. <c>Module.zero_grad()</c> (whose default <c>set_to_none</c> drops the gradient
/// views) and <c>create_graph</c> backward passes replace gradients by tensors outside the buffer; each step
/// notices that (one native check) and copies them back in, so the update always sees the current gradients; the
/// meta-learners' trainers, whose inner loops use such passes, therefore use it too.
/// </remarks>
public sealed class FlatAdam : optim.Optimizer, IResumable
{
    private readonly Parameter[] _parameters;
    private readonly Segment[] _segments;
    private readonly long[] _steps;
    private readonly bool[] _joined;
    private readonly Tensor _values;
    private readonly Tensor _gradients;
    private readonly Tensor _expAvg;
    private readonly Tensor _expAvgSq;
    private readonly double _beta1;
    private readonly double _beta2;
    private readonly double _eps;
    private readonly double _weightDecay;
    private readonly bool _decoupled;
    private readonly LearningRateController _learningRate;
    private int _joinedCount;
    private List<(int First, int Count)> _runs = new();

    /// <summary>Moves <paramref name="parameters"/> into one buffer and prepares the moment estimates.</summary>
    /// <param name="parameters">Parameters to optimise: one dtype and device; duplicates are taken once.</param>
    /// <param name="lr">Learning rate.</param>
    /// <param name="beta1">Decay of the first moment.</param>
    /// <param name="beta2">Decay of the second moment.</param>
    /// <param name="eps">Added to the denominator.</param>
    /// <param name="weight_decay">L2 penalty added to the gradient (Adam) or decoupled decay (AdamW).</param>
    /// <param name="decoupled">AdamW's decoupled weight decay instead of Adam's L2 penalty.</param>
    public FlatAdam(IEnumerable<Parameter> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weight_decay = 0, bool decoupled = false)
        : base(IntPtr.Zero)
    {
        if (lr < 0) throw new ArgumentException($"Invalid learning rate: {lr}", nameof(lr));
        if (beta1 < 0 || beta1 >= 1.0) throw new ArgumentException($"Invalid beta1: {beta1}", nameof(beta1));
        if (beta2 < 0 || beta2 >= 1.0) throw new ArgumentException($"Invalid beta2: {beta2}", nameof(beta2));
        if (eps < 0) throw new ArgumentException($"Invalid eps: {eps}", nameof(eps));
        if (weight_decay < 0) throw new ArgumentException($"Invalid weight_decay: {weight_decay}", nameof(weight_decay));
        _beta1 = beta1;
        _beta2 = beta2;
        _eps = eps;
        _weightDecay = weight_decay;
        _decoupled = decoupled;
        _learningRate = new LearningRateController(lr);

        _parameters = parameters.DistinctBy(p => p.Handle).ToArray();
        if (_parameters.Length == 0) throw new ArgumentException("No parameters to optimise.", nameof(parameters));
        var dtype = _parameters[0].dtype;
        var device = _parameters[0].device;
        if (_parameters.Any(p => p.dtype != dtype || p.device.type != device.type || p.device.index != device.index))
            throw new ArgumentException("All parameters must share one dtype and device.", nameof(parameters));

        var total = _parameters.Sum(p => p.numel());
        _values = zeros(total, dtype, device).DetachFromDisposeScope();
        _gradients = zeros(total, dtype, device).DetachFromDisposeScope();
        _expAvg = zeros(total, dtype, device).DetachFromDisposeScope();
        _expAvgSq = zeros(total, dtype, device).DetachFromDisposeScope();
        _segments = new Segment[_parameters.Length];
        _steps = new long[_parameters.Length];
        _joined = new bool[_parameters.Length];
        using (no_grad())
        {
            var offset = 0L;
            for (var i = 0; i < _parameters.Length; i++)
            {
                var p = _parameters[i];
                var count = p.numel();
                _segments[i] = new Segment(offset, count, p.shape);
                var values = View(_values, _segments[i]);
                values.copy_(p);
                p.set_(values);
                values.Dispose();
                offset += count;
            }
        }
    }

    /// <summary>The parameters, in buffer order.</summary>
    public override IEnumerable<Parameter> parameters() => _parameters;

    /// <summary>One learning-rate controller for all parameters, for schedulers.</summary>
    public override IEnumerable<optim.ILearningRateController> ParamGroups => new[] { _learningRate };

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
                Update(_values, _gradients, _expAvg, _expAvgSq, _steps[0]);
                continue;
            }
            var start = _segments[first].Offset;
            var length = _segments[first + count - 1].Offset + _segments[first + count - 1].Count - start;
            Update(_values.narrow(0, start, length), _gradients.narrow(0, start, length), _expAvg.narrow(0, start, length), _expAvgSq.narrow(0, start, length), _steps[first]);
        }
        return loss!;
    }

    /// <summary>
    /// Both moment estimates (flat, in buffer order), each parameter's step count and whether it has joined the updates
    /// (a joined parameter is updated on every step, with a zero gradient when backward gave it none).
    /// </summary>
    public void Save(ResumeState state)
    {
        state.Put("exp_avg", _expAvg);
        state.Put("exp_avg_sq", _expAvgSq);
        using var steps = tensor(_steps);
        state.Put("step", steps);
        using var joined = tensor(_joined.Select(j => j ? 1L : 0L).ToArray());
        state.Put("joined", joined);
    }

    /// <summary>Sets the moments, step counts and joined parameters saved by <see cref="Save"/>; gradients are zeroed.</summary>
    public void Restore(ResumeState state)
    {
        var steps = state.Tensor("step").data<long>().ToArray();
        var joined = state.Tensor("joined").data<long>().ToArray();
        if (steps.Length != _parameters.Length || joined.Length != _parameters.Length)
            throw new FormatException($"The checkpoint's optimiser state is for {steps.Length} parameters, not {_parameters.Length}.");
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

    /// <summary>TorchSharp's Adam/AdamW update, in its order of operations.</summary>
    private void Update(Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq, long step)
    {
        var lr = _learningRate.LearningRate;
        if (_decoupled)
            param.mul_(1 - lr * _weightDecay);
        var biasCorrection1 = 1 - Math.Pow(_beta1, step);
        var biasCorrection2 = 1 - Math.Pow(_beta2, step);
        if (!_decoupled && _weightDecay != 0)
            grad = grad.add(param, alpha: _weightDecay);
        expAvg.mul_(_beta1).add_(grad, alpha: 1 - _beta1);
        expAvgSq.mul_(_beta2).addcmul_(grad, grad, value: 1 - _beta2);
        var denom = (expAvgSq.sqrt() / Math.Sqrt(biasCorrection2)).add_(_eps);
        var stepSize = lr / biasCorrection1;
        param.addcdiv_(expAvg, denom, value: -stepSize);
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

    /// <summary>Maximal runs of neighbouring joined parameters; recomputed when one joins.</summary>
    private List<(int First, int Count)> Runs()
    {
        // Parameters that join together share their step count for ever after, so runs only change on joins.
        var runs = new List<(int First, int Count)>();
        for (var i = 0; i < _parameters.Length; i++)
        {
            if (!_joined[i]) continue;
            if (runs.Count > 0 && runs[^1].First + runs[^1].Count == i && _steps[runs[^1].First] == _steps[i])
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
        }
        base.Dispose(disposing);
    }

    private sealed record Segment(long Offset, long Count, long[] Shape);

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

using System.Collections.Concurrent;
using TorchSharp;

namespace Composable.Training;

/// <summary>
/// The numbers library code passes where TorchSharp takes a <see cref="Scalar"/>, kept alive for the process.
/// </summary>
/// <remarks>
/// TorchSharp turns a bare number given for a <see cref="Scalar"/> parameter into a temporary whose finalizer frees the
/// native value, and TorchSharp 0.107 does not keep that temporary alive through the native call it is passed to. A
/// garbage collection started by another thread during the call (a second training, a test runner, any host with
/// threads) can then free the value while libtorch reads it: a wrong number in an update, or a crash ("Expected false to
/// be true ... toFloat"). Upstream tracks the temporaries (dotnet/TorchSharp pull requests 1434 and 1496). Composable's
/// own code therefore never passes a bare number there: constants come from this class, other values are made with
/// <c>ToScalar()</c> in a <c>using</c> that outlives the call. TorchSharp's members that make such a temporary
/// <i>inside</i> are avoided too: <c>a + b</c> (it is <c>a.add(b)</c>, with a temporary alpha of 1: write
/// <c>a.add(b, Scalars.One)</c>), arithmetic operators with a bare number operand, <c>add</c>, <c>add_</c>,
/// <c>addcdiv</c>, <c>addcdiv_</c> without their alpha or value, <c>square()</c> (it is <c>pow(2)</c>: write
/// <c>pow(Scalars.Two)</c>) and <c>elu</c> with doubles. <c>LibraryScalarTests</c> checks the whole library and
/// every generated sample for both.
/// </remarks>
public static class Scalars
{
    /// <summary>The integer 0.</summary>
    public static readonly Scalar Zero = 0.ToScalar();

    /// <summary>The integer 1.</summary>
    public static readonly Scalar One = 1.ToScalar();

    /// <summary>The integer 2.</summary>
    public static readonly Scalar Two = 2.ToScalar();

    /// <summary>The double 0.5.</summary>
    public static readonly Scalar Half = 0.5.ToScalar();

    /// <summary>The double −∞.</summary>
    public static readonly Scalar NegativeInfinity = double.NegativeInfinity.ToScalar();

    private static readonly ConcurrentDictionary<double, Scalar> Doubles = new();

    /// <summary>
    /// <paramref name="value"/> as a double <see cref="Scalar"/> that lives as long as the process, made once per distinct
    /// value: for the constants of generated code (task weights, penalty strengths, inner learning rates), which are few.
    /// </summary>
    public static Scalar Of(double value) => Doubles.GetOrAdd(value, v => v.ToScalar());
}

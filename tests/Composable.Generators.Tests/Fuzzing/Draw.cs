using System.Linq;
using CsCheck;

namespace Composable.Generators.Tests.Fuzzing;

/// <summary>CsCheck's choices with unambiguous names: its <c>OneOf</c> and <c>Frequency</c> take constants or generators by overload.</summary>
internal static class Draw
{
    /// <summary>One of <paramref name="values"/>, uniformly.</summary>
    public static Gen<T> Const<T>(params T[] values) => Gen.OneOf(values);

    /// <summary>A value of one of <paramref name="gens"/>, chosen uniformly.</summary>
    public static Gen<T> Either<T>(params Gen<T>[] gens) => Gen.OneOf(gens.Cast<IGen<T>>().ToArray());

    /// <summary>A value of one of <paramref name="options"/>, chosen in proportion to its weight.</summary>
    public static Gen<T> Weighted<T>(params (int Weight, Gen<T> Gen)[] options) =>
        Gen.Frequency(options.Select(o => (o.Weight, (IGen<T>)o.Gen)).ToArray());
}

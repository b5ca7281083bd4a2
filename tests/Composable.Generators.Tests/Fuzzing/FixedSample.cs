using System;
using CsCheck;

namespace Composable.Generators.Tests.Fuzzing;

/// <summary>
/// The CI-sized fuzz runs: exactly <c>count</c> values drawn from one seed, the same on every run and machine. CsCheck's
/// <c>Sample(seed: …)</c> fixes only the first iteration and draws the rest at random, which would let a test that
/// passed once fail on the next clean clone; the long run (<c>bench … fuzz</c>) is where random draws belong.
/// </summary>
internal static class FixedSample
{
    /// <summary>Runs <paramref name="check"/> on the <paramref name="count"/> values of <paramref name="gen"/> drawn from <paramref name="seed"/>; a failure names the case, the seed and the value.</summary>
    public static void Check<T>(Gen<T> gen, Action<T> check, string seed, int count)
    {
        var values = gen.Array[count].Single(_ => true, seed);
        for (var i = 0; i < values.Length; i++)
        {
            try
            {
                check(values[i]);
            }
            catch (Exception e)
            {
                throw new PropertyViolation($"case {i + 1} of {count} drawn from seed {seed}:\n{values[i]}\n---- {e.GetType().Name}: {e.Message}");
            }
        }
    }
}

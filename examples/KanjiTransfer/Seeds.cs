namespace Composable.Examples.KanjiTransfer;

/// <summary>Seeds derived from the run's seed, stable across processes and platforms (no <c>HashCode</c>, which is randomised per process).</summary>
public static class Seeds
{
    /// <summary>The seed of draw <paramref name="draw"/> (or of any numbered part) of run seed <paramref name="seed"/>.</summary>
    public static int Of(int seed, int draw) => unchecked((seed * 1_000_003) + (draw * 7_919) + 17);
}

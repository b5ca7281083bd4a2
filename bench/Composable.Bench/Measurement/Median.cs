using System.Collections.Generic;
using System.Linq;

namespace Composable.Bench.Measurement;

/// <summary>The median of round figures: robust to the odd round a burst of outside load lands on.</summary>
internal static class Median
{
    public static double Of(IReadOnlyCollection<double> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}

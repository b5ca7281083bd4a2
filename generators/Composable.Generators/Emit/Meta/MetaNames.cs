using System.Linq;
using System.Text;

namespace Composable.Generators.Emit.Meta;

/// <summary>C# names for the state-dict names of a [MetaLearner] network.</summary>
internal static class MetaNames
{
    /// <summary><c>layer_0.weight</c> → <c>Layer0Weight</c>, <c>head</c> → <c>Head</c>.</summary>
    internal static string Property(string name)
    {
        var sb = new StringBuilder(name.Length);
        var upper = true;
        foreach (var c in name)
        {
            if (c == '_' || c == '.')
            {
                upper = true;
                continue;
            }
            sb.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }
        return sb.ToString();
    }

    internal static string Quote(string text) => "\"" + text + "\"";
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using CsCheck;

namespace Composable.Generators.Tests.Fuzzing;

/// <summary>A declaration value and C# text that evaluates to it.</summary>
internal sealed record Code<T>(T Value, string Text)
{
    public override string ToString() => Text;
}

/// <summary>One argument of a call: its parameter name, its text, and whether the call may leave it out.</summary>
/// <param name="Name">The parameter name (for named arguments).</param>
/// <param name="Text">The argument's C# text.</param>
/// <param name="Omittable">An optional parameter holding its default value: the call may leave it out.</param>
internal sealed record Argument(string Name, string Text, bool Omittable = false);

/// <summary>
/// C# text of declaration values, in the ways people write them: positional or named arguments (named ones in any
/// order), defaults written out or left out, target-typed <c>new(...)</c> where the parameter's type allows it,
/// collection expressions or <c>ValueList.Of(...)</c>.
/// </summary>
internal static class CSharpText
{
    public static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A double as a C# literal that reads back to the same value ("R" round-trips; 1E-05 is a valid literal).</summary>
    public static string Double(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static string String(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    public static string Bool(bool value) => value ? "true" : "false";

    public static string Enum<TEnum>(TEnum value) where TEnum : struct, System.Enum => $"{typeof(TEnum).Name}.{value}";

    /// <summary>A list as a collection expression, or (when not empty, one time in three) as <c>ValueList.Of(...)</c>.</summary>
    public static Gen<string> List(IReadOnlyList<string> items) =>
        Gen.Int[0, 2].Select(style => style == 0 && items.Count > 0
            ? "ValueList.Of(" + string.Join(", ", items) + ")"
            : "[" + string.Join(", ", items) + "]");

    public static Gen<Code<ValueList<int>>> Widths(int min, int max, int widest = 16) =>
        from widths in Gen.Int[1, widest].Array[min, max]
        from text in List(widths.Select(Int).ToArray())
        select new Code<ValueList<int>>(ValueList.From(widths), text);

    public static Gen<Code<ValueList<T>>> ListOf<T>(Code<T>[] items) =>
        List(items.Select(i => i.Text).ToArray()).Select(text => new Code<ValueList<T>>(ValueList.From(items.Select(i => i.Value)), text));

    /// <summary>
    /// A call <c>new Type(...)</c> (or <c>new(...)</c> when <paramref name="targetTyped"/> may be used) of
    /// <paramref name="arguments"/> in declaration order: either positional, leaving out only trailing omittable
    /// arguments, or named, leaving out any omittable argument, in declaration or shuffled order.
    /// </summary>
    public static Gen<string> Call(string type, bool targetTyped, params Argument[] arguments) =>
        from style in Gen.Int[0, 2]
        from keep in Gen.Bool.Array[arguments.Length]
        from order in Gen.UInt.Array[arguments.Length]
        from useTarget in Gen.Bool
        select Render(targetTyped && useTarget ? "new" : "new " + type, arguments, style, keep, order);

    private static string Render(string creation, Argument[] arguments, int style, bool[] keep, uint[] order)
    {
        string[] texts;
        if (style == 0)
        {
            var count = arguments.Length;
            while (count > 0 && arguments[count - 1].Omittable && !keep[count - 1]) count--;
            texts = arguments.Take(count).Select(a => a.Text).ToArray();
        }
        else
        {
            var chosen = arguments.Select((a, i) => (a, i)).Where(x => !x.a.Omittable || keep[x.i]);
            if (style == 2) chosen = chosen.OrderBy(x => order[x.i]);
            texts = chosen.Select(x => $"{x.a.Name}: {x.a.Text}").ToArray();
        }
        return creation + "(" + string.Join(", ", texts) + ")";
    }

    /// <summary>A random subset of <paramref name="items"/> (distinct, shuffled) with between <paramref name="min"/> and all of them.</summary>
    public static Gen<T[]> Subset<T>(IReadOnlyList<T> items, int min) =>
        from keys in Gen.UInt.Array[items.Count]
        from count in Gen.Int[Math.Min(min, items.Count), items.Count]
        select items.Select((item, i) => (item, key: keys[i])).OrderBy(x => x.key).Take(count).Select(x => x.item).ToArray();
}

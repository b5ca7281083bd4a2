using System;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Composable.CommandLine;

/// <summary>Options whose values must lie in a range or have a shape; a bad value is a parse error that names the option.</summary>
internal static class RangeOptions
{
    /// <summary>A whole number of at least <paramref name="minimum"/>.</summary>
    public static Option<int> AtLeast(string name, int minimum, int defaultValue, string description) =>
        Whole(name, defaultValue, n => n >= minimum, Invariant($"a whole number >= {minimum}"), description);

    /// <summary>A whole number of at least <paramref name="minimum"/>, or null when not given.</summary>
    public static Option<int?> OptionalAtLeast(string name, int minimum, string description) => new(name)
    {
        Description = description,
        CustomParser = result => Parse<int>(result, name, Invariant($"a whole number >= {minimum}"), text => WholeNumber(text) is { } n && n >= minimum ? n : null),
    };

    /// <summary>A whole number for which <paramref name="valid"/> holds; <paramref name="expected"/> says which in the error.</summary>
    public static Option<int> Whole(string name, int defaultValue, Func<int, bool> valid, string expected, string description) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result => Parse<int>(result, name, expected,
            text => WholeNumber(text) is { } n && valid(n) ? n : null),
    };

    /// <summary>A number for which <paramref name="valid"/> holds; <paramref name="expected"/> says which in the error.</summary>
    public static Option<double> Number(string name, double defaultValue, Func<double, bool> valid, string expected, string description) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result => Parse<double>(result, name, expected,
            text => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && valid(x) ? x : null),
    };

    /// <summary>One of <paramref name="values"/>.</summary>
    public static Option<string> OneOf(string name, string defaultValue, string[] values, string description)
    {
        var option = new Option<string>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(result =>
        {
            if (result.Tokens is [{ Value: var text }] && Array.IndexOf(values, text) < 0)
                result.AddError($"{name} is {string.Join(", ", values[..^1])} or {values[^1]}, got '{text}'");
        });
        return option;
    }

    /// <summary>A file name, optional; a following option (<c>--out --quick</c>) is not taken for one.</summary>
    public static Option<string?> File(string name, string description)
    {
        var option = new Option<string?>(name) { Description = description, HelpName = "FILE" };
        option.Validators.Add(result =>
        {
            if (result.Tokens is [{ Value: var text }] && text.StartsWith('-')) result.AddError($"{name} needs a file name, got '{text}'");
        });
        return option;
    }

    /// <summary>A comma-separated list whose every item <paramref name="readItem"/> reads, throwing <see cref="FormatException"/>
    /// or <see cref="ArgumentException"/> (whose message says why) on a bad one.</summary>
    public static Option<T[]> List<T>(string name, T[] defaultValue, Func<string, T> readItem, string description) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            try
            {
                return Array.ConvertAll(text.Split(','), item => readItem(item.Trim()));
            }
            catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
            {
                result.AddError($"{name}: '{text}': {e.Message}");
                return defaultValue;
            }
        },
    };

    /// <summary>A number in invariant culture for which <paramref name="valid"/> holds, for a <see cref="List{T}"/>.</summary>
    public static double ListNumber(string text, Func<double, bool> valid, string expected) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && valid(x) ? x : throw new FormatException($"'{text}' is not {expected}");

    /// <summary>A whole number in invariant culture for which <paramref name="valid"/> holds, for a <see cref="List{T}"/>.</summary>
    public static int ListWhole(string text, Func<int, bool> valid, string expected) =>
        WholeNumber(text) is { } n && valid(n) ? n : throw new FormatException($"'{text}' is not {expected}");

    /// <summary>A whole number, or null, in invariant culture.</summary>
    private static int? WholeNumber(string text) => int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static T Parse<T>(ArgumentResult result, string name, string expected, Func<string, T?> read) where T : struct
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (read(text) is { } value) return value;
        result.AddError($"{name} needs {expected}, got '{text}'");
        return default;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

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

    /// <summary>A whole number for which <paramref name="valid"/> holds; <paramref name="expected"/> says which in the error.</summary>
    public static Option<int> Whole(string name, int defaultValue, Func<int, bool> valid, string expected, string description) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result => Parse<int>(result, name, expected,
            text => int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && valid(n) ? n : (int?)null),
    };

    /// <summary>A number for which <paramref name="valid"/> holds; <paramref name="expected"/> says which in the error.</summary>
    public static Option<double> Number(string name, double defaultValue, Func<double, bool> valid, string expected, string description) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result => Parse<double>(result, name, expected,
            text => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && valid(x) ? x : (double?)null),
    };

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

    private static T Parse<T>(ArgumentResult result, string name, string expected, Func<string, T?> read) where T : struct
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (read(text) is { } value) return value;
        result.AddError($"{name} needs {expected}, got '{text}'");
        return default;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

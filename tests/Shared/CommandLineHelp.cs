using System.Text.RegularExpressions;
using Xunit;

namespace Composable.Testing;

/// <summary>Assertions on what a System.CommandLine program prints for <c>--help</c> and for bad arguments.</summary>
internal static class CommandLineHelp
{
    /// <summary>Asserts that <paramref name="help"/> lists each option of <paramref name="defaults"/> with a value and its default,
    /// and each of <paramref name="others"/> (flags, options without a default).</summary>
    public static void AssertLists(string help, (string Option, string Default)[] defaults, params string[] others)
    {
        foreach (var (option, defaultValue) in defaults)
            Assert.Matches($@"(?m)^\s+{Regex.Escape(option)} <[^>]+>\s+.*\[default: {Regex.Escape(defaultValue)}\]\s*$", help);
        foreach (var other in others)
            Assert.Contains(other, help);
    }

    /// <summary>Asserts that <paramref name="errors"/> is an error message that mentions <paramref name="named"/>.</summary>
    public static void AssertErrorNames(string errors, string named)
    {
        Assert.StartsWith("error: ", errors);
        Assert.Contains(named, errors);
    }
}

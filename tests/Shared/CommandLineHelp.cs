using System;
using System.IO;
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

    /// <summary>
    /// Runs <paramref name="run"/> (a program's <c>Cli.Run(args, output, errors)</c>) on <paramref name="args"/> and asserts
    /// that it exits with 2, names <paramref name="named"/> in its error and prints nothing else (so it ran nothing).
    /// </summary>
    public static void AssertRejects(Func<string[], TextWriter, TextWriter, int> run, string named, string[] args)
    {
        var output = new StringWriter();
        var errors = new StringWriter();

        Assert.Equal(2, run(args, output, errors));

        AssertErrorNames(errors.ToString(), named);
        Assert.Equal("", output.ToString());
    }

    /// <summary>Asserts that <paramref name="errors"/> is an error message that mentions <paramref name="named"/>.</summary>
    public static void AssertErrorNames(string errors, string named)
    {
        Assert.StartsWith("error: ", errors);
        Assert.Contains(named, errors);
    }
}

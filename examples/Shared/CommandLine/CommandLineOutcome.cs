using System.CommandLine;
using System.CommandLine.Help;
using System.IO;

namespace Composable.CommandLine;

/// <summary>What a program does with a parsed command line before it runs: show the help, or stop on bad arguments.</summary>
internal static class CommandLineOutcome
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>Bad arguments; nothing was run.</summary>
    public const int UsageError = 2;

    /// <summary>Writes the help to <paramref name="output"/> when asked for, or every error (each names its option) to
    /// <paramref name="error"/>.</summary>
    /// <returns>The exit code when the program should stop here; null when it should run.</returns>
    public static int? HelpOrErrors(ParseResult parse, TextWriter output, TextWriter error)
    {
        if (parse.Action is HelpAction)
        {
            parse.Invoke(new InvocationConfiguration { Output = output, Error = error });
            return Ok;
        }
        if (parse.Errors.Count == 0) return null;
        foreach (var problem in parse.Errors) error.WriteLine($"error: {problem.Message}");
        error.WriteLine("Run with --help for the options and their defaults.");
        return UsageError;
    }

    /// <summary>True when <paramref name="option"/> was not on the command line (its value is the default).</summary>
    public static bool IsDefault(this ParseResult parse, Option option) => parse.GetResult(option) is null or { Implicit: true };
}

using System;
using System.Linq;
using Composable.Interpretation;

namespace Composable.Docs.Tests.Snippets;

/// <summary>The snippets of docs/diagnostics.md.</summary>
public static class DiagnosticsSnippets
{
    /// <summary>Every error of a broken declaration, as run-time validation gives them.</summary>
    public static (string[] Validated, InvalidDeclarationException Thrown) ValidateAtRunTime()
    {
        InvalidDeclarationException? thrown = null;
        // begin-snippet: validate-at-run-time
        var broken = Census.Spec with
        {
            Tasks = [new TaskSpec("Income", new Binary(), Weight: double.NaN), new TaskSpec("Age", new Regression(0))],
            Dropout = 1.0,
        };

        var errors = Declarations.Validate(broken).Match(
            Succ: _ => [],
            Fail: found => found.Select(e => $"{e.Id} at {e.Path}: {e.Message}").ToArray());
        foreach (var error in errors) Console.WriteLine(error);     // CMP0008, CMP0007 and CMP0011, each at its argument

        try
        {
            using var trainer = InterpretedTrainer.Create(broken, seed: 1);  // calls Declarations.ThrowIfInvalid
        }
        catch (InvalidDeclarationException e)                                 // an ArgumentException listing them all
        {
            thrown = e;
        }
        // end-snippet
        return (errors, thrown!);
    }
}

using System;
using System.Collections.Generic;
using System.Linq;

namespace Composable;

/// <summary>
/// A declaration broke the rules: thrown by <see cref="Declarations.ThrowIfInvalid(MultiTaskSpec)"/> and its overloads
/// (so by every interpreter and trainer that is handed an invalid declaration). The message lists every error with
/// its id and argument path, under the declaration type.
/// </summary>
public sealed class InvalidDeclarationException : ArgumentException
{
    /// <summary>An exception listing <paramref name="errors"/> of a <paramref name="declarationType"/>.</summary>
    /// <param name="declarationType">The spec type, e.g. <see cref="MetaLearnerSpec"/>.</param>
    /// <param name="errors">Every error of the declaration; at least one.</param>
    public InvalidDeclarationException(Type declarationType, IEnumerable<DeclarationError> errors)
        : this(declarationType, errors.ToArray())
    {
    }

    private InvalidDeclarationException(Type declarationType, DeclarationError[] errors)
        : base(Describe(declarationType, errors), "spec")
    {
        DeclarationType = declarationType;
        Errors = errors;
    }

    /// <summary>The spec type whose declaration is invalid.</summary>
    public Type DeclarationType { get; }

    /// <summary>Every error, in the order the rules found them.</summary>
    public IReadOnlyList<DeclarationError> Errors { get; }

    private static string Describe(Type declarationType, IReadOnlyList<DeclarationError> errors) =>
        $"Invalid {declarationType.Name} declaration: {errors.Count} {(errors.Count == 1 ? "error" : "errors")}." + Environment.NewLine
        + string.Join(Environment.NewLine, errors.Select(e => "  " + e)) + Environment.NewLine
        + $"Each id is explained at {DiagnosticCatalog.DocumentUrl}.";
}

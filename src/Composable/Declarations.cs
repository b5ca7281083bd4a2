using System;
using System.Linq;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace Composable;

/// <summary>The Validate stage at run time: the declaration rules, as LanguageExt validations.</summary>
public static class Declarations
{
    /// <summary>The declaration, or every error it has (each naming the argument path and the task).</summary>
    public static Validation<Error, MultiTaskSpec> Validate(MultiTaskSpec spec)
    {
        var errors = MultiTaskRules.Validate(spec);
        return errors.Count == 0
            ? Success<Error, MultiTaskSpec>(spec)
            : Fail<Error, MultiTaskSpec>(toSeq(errors.Select(e => Error.New(e.ToString()))));
    }

    /// <summary>Throws <see cref="ArgumentException"/> listing every error when <paramref name="spec"/> is invalid.</summary>
    public static void ThrowIfInvalid(MultiTaskSpec spec)
    {
        var errors = MultiTaskRules.Validate(spec);
        if (errors.Count > 0)
            throw new ArgumentException(
                "Invalid declaration:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  " + e)),
                nameof(spec));
    }
}

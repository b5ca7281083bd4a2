using System;
using System.Linq;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace Composable;

/// <summary>
/// Run-time checks of data and options as applicative validations: each check is a <c>Validation&lt;Error, Unit&gt;</c>,
/// checks combine with <c>(a, b, c).Apply(...)</c> so that every problem is gathered, and <see cref="ThrowIfFailed"/>
/// turns the gathered problems into one exception at the edge.
/// </summary>
internal static class Requirement
{
    /// <summary>Passes when <paramref name="holds"/>; otherwise fails with <paramref name="problem"/>.</summary>
    public static Validation<Error, Unit> That(bool holds, string problem) =>
        holds ? Success<Error, Unit>(unit) : Fail<Error, Unit>(Error.New(problem));

    /// <summary>Passes when <paramref name="problems"/> is empty; otherwise fails with all of them.</summary>
    public static Validation<Error, Unit> None(Seq<Error> problems) =>
        problems.IsEmpty ? Success<Error, Unit>(unit) : Fail<Error, Unit>(problems);

    /// <summary>The declaration's own errors, as problems of whatever was made for it.</summary>
    public static Validation<Error, Unit> ValidDeclaration(MultiTaskSpec spec) =>
        Declarations.Validate(spec).Match(
            Succ: _ => Success<Error, Unit>(unit),
            Fail: errors => Fail<Error, Unit>(errors.Map(e => Error.New($"The declaration is invalid: {e}"))));

    /// <summary>The value, or an <see cref="ArgumentException"/> under <paramref name="heading"/> listing every problem, one per line.</summary>
    public static A ThrowIfFailed<A>(Validation<Error, A> result, string heading, string parameter) =>
        result.Match(
            Succ: value => value,
            Fail: errors => throw new ArgumentException(
                heading + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  - " + e.Message)),
                parameter));
}

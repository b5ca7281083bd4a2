using System.Collections.Generic;
using LanguageExt;
using static LanguageExt.Prelude;

namespace Composable;

/// <summary>
/// The Validate stage at run time, one entry point for every declaration family: the very rules the generator runs
/// (<see cref="MultiTaskRules"/>, <see cref="MetaRules"/>, <see cref="FewShotRules"/>, <see cref="FineTuningRules"/>), each error with its catalog id
/// (<see cref="DiagnosticCatalog"/>), the path of the offending argument and a message.
/// </summary>
public static class Declarations
{
    /// <summary>The declaration, or every error it has.</summary>
    public static Validation<DeclarationError, MultiTaskSpec> Validate(MultiTaskSpec spec) =>
        Checked(spec, MultiTaskRules.Validate(spec));

    /// <summary>The declaration, or every error it has.</summary>
    public static Validation<DeclarationError, MetaLearnerSpec> Validate(MetaLearnerSpec spec) =>
        Checked(spec, MetaRules.Validate(spec));

    /// <summary>The declaration, or every error it has.</summary>
    public static Validation<DeclarationError, FewShotLearnerSpec> Validate(FewShotLearnerSpec spec) =>
        Checked(spec, FewShotRules.Validate(spec));

    /// <summary>The declaration, or every error it has.</summary>
    public static Validation<DeclarationError, FineTuningSpec> Validate(FineTuningSpec spec) =>
        Checked(spec, FineTuningRules.Validate(spec));

    /// <summary>Returns when <paramref name="spec"/> is valid.</summary>
    /// <exception cref="InvalidDeclarationException">Lists every error of the declaration.</exception>
    public static void ThrowIfInvalid(MultiTaskSpec spec) => Throw(Validate(spec));

    /// <summary>Returns when <paramref name="spec"/> is valid.</summary>
    /// <exception cref="InvalidDeclarationException">Lists every error of the declaration.</exception>
    public static void ThrowIfInvalid(MetaLearnerSpec spec) => Throw(Validate(spec));

    /// <summary>Returns when <paramref name="spec"/> is valid.</summary>
    /// <exception cref="InvalidDeclarationException">Lists every error of the declaration.</exception>
    public static void ThrowIfInvalid(FewShotLearnerSpec spec) => Throw(Validate(spec));

    /// <summary>Returns when <paramref name="spec"/> is valid.</summary>
    /// <exception cref="InvalidDeclarationException">Lists every error of the declaration.</exception>
    public static void ThrowIfInvalid(FineTuningSpec spec) => Throw(Validate(spec));

    private static Validation<DeclarationError, TSpec> Checked<TSpec>(TSpec spec, IReadOnlyList<DeclarationError> errors) =>
        errors.Count == 0 ? Success<DeclarationError, TSpec>(spec) : Fail<DeclarationError, TSpec>(toSeq(errors));

    private static void Throw<TSpec>(Validation<DeclarationError, TSpec> result) =>
        result.IfFail(errors => throw new InvalidDeclarationException(typeof(TSpec), errors));
}

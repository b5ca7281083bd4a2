using System.Linq;
using LanguageExt;
using LanguageExt.Common;
using static LanguageExt.Prelude;

namespace Composable.Meta;

/// <summary>The Validate stage for meta-learning declarations at run time: <see cref="MetaRules"/> as LanguageExt validations.</summary>
public static class MetaDeclarations
{
    /// <summary>The declaration, or every error it has (each naming the argument path).</summary>
    public static Validation<Error, MetaLearnerSpec> Validate(MetaLearnerSpec spec)
    {
        var errors = MetaRules.Validate(spec);
        return errors.Count == 0
            ? Success<Error, MetaLearnerSpec>(spec)
            : Fail<Error, MetaLearnerSpec>(toSeq(errors.Select(e => Error.New(e.ToString()))));
    }
}

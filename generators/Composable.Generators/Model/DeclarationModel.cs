using System.Linq;

namespace Composable.Generators.Model;

/// <summary>A type that encloses the declaring class (outermost first), to re-open it as partial.</summary>
internal sealed record ContainingType(string Keyword, string Name);

/// <summary>
/// Everything the later stages need of one declaring class ([MultiTaskModel] or [MetaLearner]): names to emit
/// into, the evaluated declaration value and where each of its arguments was written. Plain values only: no
/// symbols, syntax or compilation, so the pipeline caches.
/// </summary>
/// <typeparam name="TSpec">The declaration record type (<see cref="MultiTaskSpec"/>, <see cref="MetaLearnerSpec"/>).</typeparam>
internal sealed record DeclarationModel<TSpec>(
    string? Namespace,
    EquatableArray<ContainingType> ContainingTypes,
    string TypeKeyword,
    string TypeName,
    string FieldName,
    TSpec Spec,
    EquatableArray<ArgumentLocation> Arguments)
    where TSpec : class
{
    /// <summary>Where the declaring type's name is written (CMP0015 is reported there); null if unknown.</summary>
    public LocationInfo? NameLocation { get; init; }

    /// <summary>Hint-name prefix: <c>{Namespace}.{Outer}.{Type}</c>.</summary>
    public string HintPrefix =>
        string.Join(".", new[] { Namespace }.Concat(ContainingTypes.Select(t => t.Name)).Append(TypeName).Where(s => !string.IsNullOrEmpty(s)))
            .Replace('<', '{').Replace('>', '}').Replace("@", "");

    /// <summary>
    /// <c>global::{Namespace}.{Outer}.{Type}</c>: names the declaring class from generated members that may hold a
    /// member of the same name (a Network property called like the class).
    /// </summary>
    public string QualifiedName =>
        "global::" + string.Join(".", new[] { Namespace }.Concat(ContainingTypes.Select(t => t.Name)).Append(TypeName).Where(s => !string.IsNullOrEmpty(s)));
}

/// <summary>The source location of the argument at a constructor-argument path (<c>Tasks[1].Name</c>).</summary>
internal sealed record ArgumentLocation(string Path, LocationInfo Location);

using System.Collections.Generic;
using System.Linq;
using Composable.Generators.Model;

namespace Composable.Generators.Emit.Shared;

/// <summary>How a generated nested type names its declaring class.</summary>
internal static class DeclaringClass
{
    /// <summary>
    /// The simple name (found from a nested type through the enclosing types, ahead of any using), or the
    /// <c>global::</c>-qualified name when the generated code binds that simple name itself (<paramref name="boundNames"/>).
    /// </summary>
    public static string NameFrom<TSpec>(DeclarationModel<TSpec> model, IEnumerable<string> boundNames)
        where TSpec : class =>
        boundNames.Contains(model.TypeName) ? model.QualifiedName : model.TypeName;
}

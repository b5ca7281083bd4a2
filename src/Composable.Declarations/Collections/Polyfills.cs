#if !NET5_0_OR_GREATER
namespace System.Runtime.CompilerServices
{
    /// <summary>Lets records compile on netstandard2.0 (init-only setters).</summary>
    internal static class IsExternalInit
    {
    }
}
#endif

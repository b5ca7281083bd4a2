using System;

namespace Composable
{
    /// <summary>
    /// Marks a <c>static partial class</c> holding one <c>static readonly MultiTaskSpec</c> field. The
    /// Composable generator emits, inside that class, the typed <c>Batch</c>, <c>Outputs</c>, <c>Losses</c>,
    /// <c>Model</c>, <c>Trainer</c> and <c>Graph</c> for the declaration.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
    public sealed class MultiTaskModelAttribute : Attribute
    {
    }
}

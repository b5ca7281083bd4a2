using System;

namespace Composable
{
    /// <summary>
    /// Marks a <c>static partial class</c> holding one <c>static readonly FineTuningSpec</c> field. The Composable
    /// generator emits, inside that class, the typed <c>Model</c>, <c>Outputs</c>, <c>Trainer</c> and <c>Graph</c>.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
    public sealed class FineTuningAttribute : Attribute
    {
    }
}

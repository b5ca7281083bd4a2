using System;

namespace Composable
{
    /// <summary>
    /// Marks a <c>static partial class</c> holding one <c>static readonly MetaLearnerSpec</c> field. Reserved for the
    /// generator's meta-learning output (a typed parameter set, a functional and a task-batched forward, an episodic
    /// trainer); the run time interprets the same value with <c>Composable.Meta.MetaTrainer</c>.
    /// Written <c>[MetaLearner]</c>: the record <see cref="Composable.MetaLearner"/> is no attribute, so the name resolves here.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
    public sealed class MetaLearnerAttribute : Attribute
    {
    }
}

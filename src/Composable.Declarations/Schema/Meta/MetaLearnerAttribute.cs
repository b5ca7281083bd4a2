using System;

namespace Composable
{
    /// <summary>
    /// Marks a <c>static partial class</c> holding one <c>static readonly MetaLearnerSpec</c> field. The generator emits
    /// into it a typed parameter set, a functional and a task-batched forward, the <c>Network</c> (with Meta-SGD's
    /// learned rates), an episodic <c>Trainer</c> and the <c>Graph</c>; the run time interprets the same value with
    /// <c>Composable.Meta.MetaTrainer</c>.
    /// Written <c>[MetaLearner]</c>: the record <see cref="Composable.MetaLearner"/> is no attribute, so the name resolves here.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
    public sealed class MetaLearnerAttribute : Attribute
    {
    }
}

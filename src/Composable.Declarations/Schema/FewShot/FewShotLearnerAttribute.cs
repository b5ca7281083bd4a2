using System;

namespace Composable
{
    /// <summary>
    /// Marks a <c>static partial class</c> holding one <c>static readonly FewShotLearnerSpec</c> field. The generator
    /// emits a typed <c>Network</c> (the backbone and the learner's modules as named fields, the learner's scoring
    /// over an episode), a <c>Trainer</c> and a <c>Graph</c> text; the run time interprets the same value with
    /// <c>Composable.FewShot.FewShotNetwork</c>.
    /// Written <c>[FewShotLearner]</c>: the record <see cref="Composable.FewShotLearner"/> is no attribute, so the name resolves here.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
    public sealed class FewShotLearnerAttribute : Attribute
    {
    }
}

using System.Globalization;
using System.Text;

namespace Composable
{
    /// <summary>One task of a multi-task model.</summary>
    /// <param name="Name">A C# identifier, unique in the declaration; names the typed members generated for the task.</param>
    /// <param name="Target">What the task predicts.</param>
    /// <param name="Weight">Factor of the task's loss in the objective; finite and positive.</param>
    /// <param name="Loss">Loss; <see cref="Composable.Loss.Default"/> picks the target's natural one.</param>
    public sealed record TaskSpec(string Name, Target Target, double Weight = 1.0, Loss Loss = Loss.Default)
    {
        /// <summary>The loss actually used: <see cref="Loss"/>, or the target's default.</summary>
        public Loss EffectiveLoss => Loss == Loss.Default ? Target.DefaultLoss : Loss;

        private bool PrintMembers(StringBuilder builder)
        {
            builder.Append("Name = ").Append(Name).Append(", Target = ").Append(Target)
                .Append(", Weight = ").Append(Weight.ToString("R", CultureInfo.InvariantCulture)).Append(", Loss = ").Append(Loss);
            return true;
        }
    }
}

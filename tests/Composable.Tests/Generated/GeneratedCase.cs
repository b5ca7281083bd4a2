using System;
using System.Collections.Generic;
using Composable.Training;

namespace Composable.Tests.Generated;

/// <summary>A generated declaration seen through the run-time interfaces, for tests over every topology.</summary>
public sealed record GeneratedCase(string Name, MultiTaskSpec Spec, string Graph, Func<int, IMultiTaskTrainer> CreateTrainer, Func<IMultiTaskModule> CreateModel)
{
    public override string ToString() => Name;

    public static IReadOnlyList<GeneratedCase> All { get; } = new[]
    {
        new GeneratedCase(nameof(Towers), Towers.Spec, Towers.Graph, seed => Towers.Trainer.Create(seed), () => new Towers.Model()),
        new GeneratedCase(nameof(Shared), Shared.Spec, Shared.Graph, seed => Shared.Trainer.Create(seed), () => new Shared.Model()),
        new GeneratedCase(nameof(Concatenated), Concatenated.Spec, Concatenated.Graph, seed => Concatenated.Trainer.Create(seed), () => new Concatenated.Model()),
        new GeneratedCase(nameof(Additive), Additive.Spec, Additive.Graph, seed => Additive.Trainer.Create(seed), () => new Additive.Model()),
        new GeneratedCase(nameof(Film), Film.Spec, Film.Graph, seed => Film.Trainer.Create(seed), () => new Film.Model()),
        new GeneratedCase(nameof(OneGate), OneGate.Spec, OneGate.Graph, seed => OneGate.Trainer.Create(seed), () => new OneGate.Model()),
        new GeneratedCase(nameof(MultiGate), MultiGate.Spec, MultiGate.Graph, seed => MultiGate.Trainer.Create(seed), () => new MultiGate.Model()),
        new GeneratedCase(nameof(GateControl), GateControl.Spec, GateControl.Graph, seed => GateControl.Trainer.Create(seed), () => new GateControl.Model()),
        new GeneratedCase(nameof(SoftZero), SoftZero.Spec, SoftZero.Graph, seed => SoftZero.Trainer.Create(seed), () => new SoftZero.Model()),
        new GeneratedCase(nameof(Soft), Soft.Spec, Soft.Graph, seed => Soft.Trainer.Create(seed), () => new Soft.Model()),
        new GeneratedCase(nameof(SoftTrace), SoftTrace.Spec, SoftTrace.Graph, seed => SoftTrace.Trainer.Create(seed), () => new SoftTrace.Model()),
        new GeneratedCase(nameof(Stitched), Stitched.Spec, Stitched.Graph, seed => Stitched.Trainer.Create(seed), () => new Stitched.Model()),
        new GeneratedCase(nameof(StitchedOnce), StitchedOnce.Spec, StitchedOnce.Graph, seed => StitchedOnce.Trainer.Create(seed), () => new StitchedOnce.Model()),
        new GeneratedCase(nameof(Sluiced), Sluiced.Spec, Sluiced.Graph, seed => Sluiced.Trainer.Create(seed), () => new Sluiced.Model()),
        new GeneratedCase(nameof(TrunkThenExperts), TrunkThenExperts.Spec, TrunkThenExperts.Graph, seed => TrunkThenExperts.Trainer.Create(seed), () => new TrunkThenExperts.Model()),
        new GeneratedCase(nameof(TrunkThenStitch), TrunkThenStitch.Spec, TrunkThenStitch.Graph, seed => TrunkThenStitch.Trainer.Create(seed), () => new TrunkThenStitch.Model()),
        new GeneratedCase(nameof(Progressive), Progressive.Spec, Progressive.Graph, seed => Progressive.Trainer.Create(seed), () => new Progressive.Model()),
    };

    public static IEnumerable<object[]> Cases()
    {
        foreach (var c in All) yield return new object[] { c.Name };
    }

    public static GeneratedCase Named(string name) => Array.Find((GeneratedCase[])All, c => c.Name == name)!;
}

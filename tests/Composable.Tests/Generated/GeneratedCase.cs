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
        new GeneratedCase(nameof(UncertaintyShared), UncertaintyShared.Spec, UncertaintyShared.Graph, seed => UncertaintyShared.Trainer.Create(seed), () => new UncertaintyShared.Model()),
        new GeneratedCase(nameof(DwaExperts), DwaExperts.Spec, DwaExperts.Graph, seed => DwaExperts.Trainer.Create(seed), () => new DwaExperts.Model()),
        new GeneratedCase(nameof(RandomConditioned), RandomConditioned.Spec, RandomConditioned.Graph, seed => RandomConditioned.Trainer.Create(seed), () => new RandomConditioned.Model()),
        new GeneratedCase(nameof(GradNormShared), GradNormShared.Spec, GradNormShared.Graph, seed => GradNormShared.Trainer.Create(seed), () => new GradNormShared.Model()),
        new GeneratedCase(nameof(ImtlLossStitched), ImtlLossStitched.Spec, ImtlLossStitched.Graph, seed => ImtlLossStitched.Trainer.Create(seed), () => new ImtlLossStitched.Model()),
        new GeneratedCase(nameof(GeometricSoft), GeometricSoft.Spec, GeometricSoft.Graph, seed => GeometricSoft.Trainer.Create(seed), () => new GeometricSoft.Model()),
        new GeneratedCase(nameof(PcgradShared), PcgradShared.Spec, PcgradShared.Graph, seed => PcgradShared.Trainer.Create(seed), () => new PcgradShared.Model()),
        new GeneratedCase(nameof(MgdaUpperBound), MgdaUpperBound.Spec, MgdaUpperBound.Graph, seed => MgdaUpperBound.Trainer.Create(seed), () => new MgdaUpperBound.Model()),
        new GeneratedCase(nameof(MgdaControl), MgdaControl.Spec, MgdaControl.Graph, seed => MgdaControl.Trainer.Create(seed), () => new MgdaControl.Model()),
        new GeneratedCase(nameof(CagradStitched), CagradStitched.Spec, CagradStitched.Graph, seed => CagradStitched.Trainer.Create(seed), () => new CagradStitched.Model()),
        new GeneratedCase(nameof(ImtlGradientFilm), ImtlGradientFilm.Spec, ImtlGradientFilm.Graph, seed => ImtlGradientFilm.Trainer.Create(seed), () => new ImtlGradientFilm.Model()),
        new GeneratedCase(nameof(NashSluiced), NashSluiced.Spec, NashSluiced.Graph, seed => NashSluiced.Trainer.Create(seed), () => new NashSluiced.Model()),
        new GeneratedCase(nameof(AlignedComposed), AlignedComposed.Spec, AlignedComposed.Graph, seed => AlignedComposed.Trainer.Create(seed), () => new AlignedComposed.Model()),
        new GeneratedCase(nameof(GradVacShared), GradVacShared.Spec, GradVacShared.Graph, seed => GradVacShared.Trainer.Create(seed), () => new GradVacShared.Model()),
        new GeneratedCase(nameof(ConvShared), ConvShared.Spec, ConvShared.Graph, seed => ConvShared.Trainer.Create(seed), () => new ConvShared.Model()),
        new GeneratedCase(nameof(ConvTowers), ConvTowers.Spec, ConvTowers.Graph, seed => ConvTowers.Trainer.Create(seed), () => new ConvTowers.Model()),
        new GeneratedCase(nameof(ConvExperts), ConvExperts.Spec, ConvExperts.Graph, seed => ConvExperts.Trainer.Create(seed), () => new ConvExperts.Model()),
    };

    /// <summary>
    /// The convolutional-backbone declarations of the topologies <see cref="All"/> leaves out (task conditioning, soft
    /// sharing, cross-stitch, a composition with an adaptive objective), checked by <c>ConvBackboneTests</c> with fewer
    /// training steps: every conv step is slow enough to widen the window of the collector race noted there.
    /// </summary>
    public static IReadOnlyList<GeneratedCase> ConvTopologies { get; } = new[]
    {
        new GeneratedCase(nameof(ConvConditioned), ConvConditioned.Spec, ConvConditioned.Graph, seed => ConvConditioned.Trainer.Create(seed), () => new ConvConditioned.Model()),
        new GeneratedCase(nameof(ConvSoft), ConvSoft.Spec, ConvSoft.Graph, seed => ConvSoft.Trainer.Create(seed), () => new ConvSoft.Model()),
        new GeneratedCase(nameof(ConvSoftGradNorm), ConvSoftGradNorm.Spec, ConvSoftGradNorm.Graph, seed => ConvSoftGradNorm.Trainer.Create(seed), () => new ConvSoftGradNorm.Model()),
        new GeneratedCase(nameof(ConvStitched), ConvStitched.Spec, ConvStitched.Graph, seed => ConvStitched.Trainer.Create(seed), () => new ConvStitched.Model()),
        new GeneratedCase(nameof(ConvStitchedAtOneBlock), ConvStitchedAtOneBlock.Spec, ConvStitchedAtOneBlock.Graph, seed => ConvStitchedAtOneBlock.Trainer.Create(seed), () => new ConvStitchedAtOneBlock.Model()),
        new GeneratedCase(nameof(ConvStitchedOverTrunk), ConvStitchedOverTrunk.Spec, ConvStitchedOverTrunk.Graph, seed => ConvStitchedOverTrunk.Trainer.Create(seed), () => new ConvStitchedOverTrunk.Model()),
        new GeneratedCase(nameof(ConvComposed), ConvComposed.Spec, ConvComposed.Graph, seed => ConvComposed.Trainer.Create(seed), () => new ConvComposed.Model()),
        new GeneratedCase(nameof(ConvGroupNormAveraged), ConvGroupNormAveraged.Spec, ConvGroupNormAveraged.Graph, seed => ConvGroupNormAveraged.Trainer.Create(seed), () => new ConvGroupNormAveraged.Model()),
        new GeneratedCase(nameof(ConvLayerNormTowers), ConvLayerNormTowers.Spec, ConvLayerNormTowers.Graph, seed => ConvLayerNormTowers.Trainer.Create(seed), () => new ConvLayerNormTowers.Model()),
        new GeneratedCase(nameof(ConvResidual), ConvResidual.Spec, ConvResidual.Graph, seed => ConvResidual.Trainer.Create(seed), () => new ConvResidual.Model()),
        new GeneratedCase(nameof(ConvUnnormalisedExperts), ConvUnnormalisedExperts.Spec, ConvUnnormalisedExperts.Graph, seed => ConvUnnormalisedExperts.Trainer.Create(seed), () => new ConvUnnormalisedExperts.Model()),
    };

    /// <summary>The declarations with an adaptive objective (one per method, <c>ObjectiveDeclarations.cs</c>).</summary>
    public static IEnumerable<object[]> ObjectiveCases()
    {
        foreach (var c in All)
            if (c.Spec.Objective is not WeightedSum)
                yield return new object[] { c.Name };
    }

    public static IEnumerable<object[]> Cases()
    {
        foreach (var c in All) yield return new object[] { c.Name };
    }

    public static GeneratedCase Named(string name) => Array.Find((GeneratedCase[])All, c => c.Name == name)!;
}

using System;

namespace Composable.Training;

/// <summary>Callbacks made from delegates.</summary>
public static class FitCallbacks
{
    /// <summary>Calls <paramref name="onStep"/> after every step.</summary>
    public static IFitCallback OnStep(Action<StepResult, FitProgress> onStep) => new Delegating(onStep, null);

    /// <summary>Calls <paramref name="onEpochEnd"/> at every epoch end; its answer may stop the fit.</summary>
    public static IFitCallback OnEpochEnd(Func<EpochReport, FitDecision> onEpochEnd) => new Delegating(null, onEpochEnd);

    private sealed class Delegating(Action<StepResult, FitProgress>? onStep, Func<EpochReport, FitDecision>? onEpochEnd) : IFitCallback
    {
        public void OnStep(StepResult step, FitProgress progress) => onStep?.Invoke(step, progress);

        public FitDecision OnEpochEnd(EpochReport epoch) => onEpochEnd?.Invoke(epoch) ?? FitDecision.Continue;
    }
}

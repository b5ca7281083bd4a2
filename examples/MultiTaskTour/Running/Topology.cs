using System;
using System.Linq;
using Composable;
using Composable.Data;
using Composable.Evaluation;
using Composable.Training;
using TorchSharp;

namespace MultiTaskTour.Running;

/// <summary>A trained model's outcome.</summary>
/// <param name="Fit">The fit's history and timing.</param>
/// <param name="Test">Every task's loss and metrics on the test set.</param>
/// <param name="Parameters">Trainable parameters of the model.</param>
internal sealed record TrainedModel(FitResult Fit, EvaluationReport Test, long Parameters)
{
    /// <summary>Trainable parameters of <paramref name="model"/>.</summary>
    public static long CountParameters(torch.nn.Module model) => model.parameters().Sum(p => p.numel());
}

/// <summary>Builds a model from <c>seed</c>, fits it on <c>train</c> and evaluates it on <c>test</c>.</summary>
internal delegate TrainedModel TrainAndEvaluate(int seed, MultiTaskDataset train, MultiTaskDataset test, FitOptions fit);

/// <summary>One sharing topology of the tour: a generated declaration and how to train it.</summary>
/// <param name="Name">Short name shown in the table.</param>
/// <param name="Declaration">The declaring class.</param>
/// <param name="Spec">The declaration.</param>
/// <param name="Graph">The generated graph text.</param>
/// <param name="Train">Trains and evaluates a fresh model through the generated, typed <c>Trainer</c>.</param>
internal sealed record Topology(string Name, string Declaration, MultiTaskSpec Spec, string Graph, TrainAndEvaluate Train)
{
    /// <summary>The graph's title without the model name, e.g. <c>hard sharing, trunk [64, 32], towers []</c>.</summary>
    public string Description
    {
        get
        {
            var title = Graph.AsSpan(0, Graph.IndexOf('\n', StringComparison.Ordinal)).TrimEnd();
            var colon = title.IndexOf(": ", StringComparison.Ordinal);
            return (colon < 0 ? title : title[(colon + 2)..]).ToString();
        }
    }

    /// <summary>The graph's last line, e.g. <c>parameters: 3,318 in 18 tensors</c>.</summary>
    public string ParameterSummary => Graph.TrimEnd().Split('\n')[^1].Trim();
}

using System;
using System.Collections.Generic;
using System.Linq;
using Composable.Data;
using Composable.Training;
using static TorchSharp.torch;

namespace Composable.Evaluation;

/// <summary>Evaluates a multi-task network on a data set: per task, its loss and its target kind's metrics.</summary>
public static class Evaluator
{
    /// <summary>
    /// Runs <paramref name="network"/> in eval mode without gradients over every task of <paramref name="data"/>
    /// in chunks of <paramref name="batchSize"/> rows, and restores the network's train/eval mode afterwards.
    /// </summary>
    public static EvaluationReport Evaluate(IMultiTaskModule network, MultiTaskDataset data, int batchSize = 1024)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        if (!Equals(network.Spec, data.Spec))
            throw new ArgumentException("The data set was made for a different declaration than the network's.", nameof(data));
        var module = network.Module;
        var wasTraining = module.training;
        module.eval();
        try
        {
            using var noGrad = no_grad();
            var results = new List<TaskEvaluation>();
            for (var t = 0; t < data.Spec.Tasks.Count; t++)
            {
                using var scope = NewDisposeScope();
                var task = data.Spec.Tasks[t];
                var taskData = data[t];
                var rows = taskData.Inputs.shape[0];
                var chunks = new List<Tensor>();
                for (long start = 0; start < rows; start += batchSize)
                    chunks.Add(network.ForwardTask(t, taskData.Inputs.narrow(0, start, Math.Min(batchSize, rows - start))));
                var outputs = cat(chunks, 0);
                var loss = LossFunctions.Compute(task, outputs, taskData.Targets).item<float>();
                var metrics = Metrics.Compute(task.Target, outputs, taskData.Targets)
                    .Select(m => new MetricValue(m.Metric, m.Value)).ToArray();
                results.Add(new TaskEvaluation(task.Name, (int)rows, loss, metrics));
            }
            return new EvaluationReport(results);
        }
        finally
        {
            module.train(wasTraining);
        }
    }
}

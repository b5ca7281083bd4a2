using System;
using System.Collections.Generic;
using System.Linq;
using Composable.Data;
using Composable.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Composable.Evaluation;

/// <summary>Evaluates a multi-task network on a data set: per task, its loss and its target kind's metrics.</summary>
public static class Evaluator
{
    /// <summary>Rows per forward pass of an evaluation when no batch size is given.</summary>
    public const int DefaultBatchSize = 1024;

    /// <summary>
    /// Runs <paramref name="network"/> in eval mode without gradients over every task of <paramref name="data"/>
    /// in chunks of <paramref name="batchSize"/> rows, on the device of the network's parameters (each chunk and the
    /// targets are moved there when the data lives elsewhere), and restores the network's train/eval mode afterwards.
    /// For a mixture of experts (<see cref="IGatedModule"/>) the report also holds each task's mean gate weights on its
    /// own inputs.
    /// </summary>
    public static EvaluationReport Evaluate(IMultiTaskModule network, MultiTaskDataset data, int batchSize = DefaultBatchSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        if (!Equals(network.Spec, data.Spec))
            throw new ArgumentException("The data set was made for a different declaration than the network's.", nameof(data));
        var module = network.Module;
        var device = DevicePlacement.DeviceOf(module);
        var wasTraining = module.training;
        module.eval();
        try
        {
            using var noGrad = no_grad();
            var results = new List<TaskEvaluation>();
            var gates = new List<TaskGateWeights>();
            // The interpreted model is an IGatedModule whatever it interprets; only a declared mixture has gates.
            var gated = Composition.Top(network.Spec.Sharing) is MixtureOfExperts ? network as IGatedModule : null;
            for (var t = 0; t < data.Spec.Tasks.Count; t++)
            {
                using var scope = NewDisposeScope();
                var task = data.Spec.Tasks[t];
                var taskData = data[t];
                var rows = taskData.Inputs.shape[0];
                var chunks = new List<Tensor>();
                Tensor? gateSum = null;
                for (long start = 0; start < rows; start += batchSize)
                {
                    var length = Math.Min(batchSize, rows - start);
                    var inputs = taskData.Inputs.narrow(0, start, length).OnDevice(device);
                    chunks.Add(network.ForwardTask(t, inputs));
                    if (gated is not null)
                    {
                        using var rowsOfChunk = length.ToScalar();
                        var weighted = gated.MeanGateWeights(inputs)[t].mul(rowsOfChunk);
                        gateSum = gateSum is null ? weighted : gateSum.add(weighted, Scalars.One);
                    }
                }
                if (gateSum is not null)
                {
                    using var allRows = rows.ToScalar();
                    gates.Add(new TaskGateWeights(task.Name, gateSum.div(allRows).to(CPU).data<float>().Select(w => (double)w).ToArray()));
                }
                var outputs = cat(chunks, 0);
                var targets = taskData.Targets.OnDevice(device);
                var loss = LossFunctions.Compute(task, outputs, targets).item<float>();
                var metrics = Metrics.Compute(task.Target, outputs, targets)
                    .Select(m => new MetricValue(m.Metric, m.Value)).ToArray();
                results.Add(new TaskEvaluation(task.Name, (int)rows, loss, metrics));
            }
            return new EvaluationReport(results) { GateWeights = gates };
        }
        finally
        {
            module.train(wasTraining);
        }
    }
}

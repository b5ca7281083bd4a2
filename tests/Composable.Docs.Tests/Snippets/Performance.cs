using System;
using System.Collections.Generic;
using Composable.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Composable.Docs.Tests.Snippets;

/// <summary>The snippets of docs/performance.md.</summary>
public static class PerformanceSnippets
{
    /// <summary>The process-wide settings; returns what the heap setting applied.</summary>
    public static HeapSetting Setup()
    {
        // begin-snippet: process-setup
        var heap = NativeHeap.RetainFreedPages();     // once, at start: keep freed native blocks for reuse
        Console.WriteLine(heap.Description);           // what it applied, or why nothing (not Linux/glibc)
        torch.set_num_threads(1);                      // small models: one intra-op thread is fastest
        // end-snippet
        return heap;
    }

    /// <summary>A hand-written loop over the generated model; returns the loss of each step.</summary>
    public static IReadOnlyList<float> HandWrittenLoop()
    {
        var losses = new List<float>();
        // begin-snippet: scope-per-step
        manual_seed(1);
        using var model = new Census.Model();
        using var optimizer = new FlatAdam(model.parameters(), lr: 1e-2);   // one buffer for all parameters
        var inputs = randn(64, 16);
        var income = (inputs[.., 0] > 0).unsqueeze(1).to_type(float32);
        var marital = inputs[.., ..4].argmax(1);
        model.train();
        for (var step = 0; step < 30; step++)
        {
            using var scope = NewDisposeScope();                           // every tensor of this step dies here
            optimizer.zero_grad();
            var outputs = model.forward(inputs);
            var total = LossFunctions.BinaryCrossEntropy(outputs.Income, income)
                + 0.5 * LossFunctions.CrossEntropy(outputs.Marital, marital);
            total.backward();
            optimizer.step();
            losses.Add(total.item<float>());
        }
        // end-snippet
        return losses;
    }
}

using System;
using TorchSharp;

namespace Composable.Bench.Measurement;

/// <summary>A contender's loss measurement: the model in eval mode without gradients, back in training mode afterwards.</summary>
internal static class EvalMode
{
    public static double Measure(torch.nn.Module model, Func<double> measure)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        model.eval();
        try
        {
            return measure();
        }
        finally
        {
            model.train();
        }
    }
}

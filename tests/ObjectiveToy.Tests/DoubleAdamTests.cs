using System;
using Composable.Examples.ObjectiveToy;
using Composable.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace ObjectiveToy.Tests;

/// <summary>The toy's Adam in doubles is the library's Adam for two parameters.</summary>
public sealed class DoubleAdamTests
{
    [Fact]
    public void Steps_equal_the_library_Adam_on_a_float64_tensor_for_the_same_directions()
    {
        var start = new PlaneVector(-8.5, 7.5);
        var adam = DoubleAdam.At(start, 1e-3);
        using var theta = new TorchSharp.Modules.Parameter(tensor(new[] { start.X, start.Y }, float64));
        using var library = new FlatAdam([theta], lr: 1e-3);
        var random = new Random(11);
        for (var step = 0; step < 300; step++)
        {
            // Directions of very different sizes and signs per coordinate, as the combiners hand them to Adam.
            var direction = new PlaneVector((random.NextDouble() - 0.3) * Math.Pow(10, random.Next(-4, 3)), (random.NextDouble() - 0.7) * 1e-2);
            library.zero_grad();
            // Written into the gradient in place, as backward accumulates it: the optimiser keeps the gradient in its buffer.
            using (var given = tensor(new[] { direction.X, direction.Y }, float64))
                if (theta.grad is { } grad) grad.add_(given);
                else theta.grad = given.clone();
            library.step();
            adam = adam.Step(direction);

            var values = theta.data<double>().ToArray();
            Assert.Equal(values[0], adam.Theta.X, 12);
            Assert.Equal(values[1], adam.Theta.Y, 12);
        }
        Assert.Equal(300, adam.Steps);
    }

    [Fact]
    public void First_step_moves_each_coordinate_by_the_learning_rate_against_the_direction()
    {
        var next = DoubleAdam.At(new PlaneVector(1, 1), 1e-3).Step(new PlaneVector(5, -0.02));

        Assert.Equal(1 - 1e-3, next.Theta.X, 9);
        Assert.Equal(1 + 1e-3, next.Theta.Y, 9);
    }
}

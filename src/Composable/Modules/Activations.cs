using Composable.Training;
using System;
using static TorchSharp.torch;

namespace Composable.Modules;

/// <summary>The declared hidden-layer nonlinearities as TorchSharp functional calls.</summary>
public static class Activations
{
    /// <summary>The negative slope of <see cref="Activation.LeakyRelu"/>.</summary>
    public const double LeakySlope = 0.1;

    /// <summary>Applies <paramref name="activation"/> to <paramref name="x"/>.</summary>
    public static Tensor Apply(Activation activation, Tensor x) => activation switch
    {
        Activation.Relu => nn.functional.relu(x),
        Activation.Tanh => nn.functional.tanh(x),
        Activation.Gelu => nn.functional.gelu(x),
        Activation.Silu => nn.functional.silu(x),
        Activation.Elu => x.elu(Scalars.One, Scalars.One, Scalars.One),
        Activation.LeakyRelu => x.leaky_relu(Scalars.Of(LeakySlope)),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation."),
    };
}

using System;

namespace Composable.Objectives;

/// <summary>
/// A gradient-combination method (<see cref="GradientCombination"/>) reduced to what it needs: the Gram matrix
/// K = G Gᵀ of the task gradients (G is [tasks × shared parameters]) and the task losses. It answers coefficients β
/// with d = Σ_t β_t g_t, so the trainer forms the update with one product βᵀG. Every method of the catalogue is a
/// function of K, the losses and its own state (random order, moving averages), which keeps the solve in
/// [tasks × tasks] doubles whatever the number of parameters, and lets the same code run the trainers and the
/// two-objective toy. Instances come from <see cref="GradientCombiners.Create"/> (and <see cref="GradientCombiners.Mean"/>
/// for equal weighting); one instance serves one training run, from one thread, since some methods keep state.
/// </summary>
public interface IGradientCombiner
{
    /// <summary>The number of tasks T (size of K and of the answer).</summary>
    int Tasks { get; }

    /// <summary>
    /// Coefficients β (length T) of this step's direction d = Σ β_t g_t. May advance the combiner's state (random
    /// draws, moving averages, the step counter of methods that solve every N steps).
    /// </summary>
    /// <param name="gram">K[i, j] = g_i · g_j, symmetric positive semi-definite, T × T.</param>
    /// <param name="losses">The task losses L_t of this step (declared-weight scaled), length T.</param>
    double[] Coefficients(double[,] gram, ReadOnlySpan<double> losses);
}

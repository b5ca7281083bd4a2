using System;
using System.Threading;
using static TorchSharp.torch;
using TorchSharp;

namespace Composable.Training;

/// <summary>
/// A module that draws random numbers in training mode (dropout masks, a reading order). Its trainer hands it the
/// trainer's own generator (<see cref="TrainerRandom.Attach"/>); while it has none (a module used on its own), it
/// draws from torch's process-wide generator, as a plain TorchSharp module does. A network holding such modules
/// implements it too and passes the generator on.
/// </summary>
public interface IDrawsRandomNumbers
{
    /// <summary>The generator the module draws from in training mode; null for torch's process-wide one.</summary>
    Generator? Generator { get; set; }
}

/// <summary>
/// The random numbers of one trainer, kept apart from every other trainer's so that two seeded trainings in one
/// process, one after the other or on two threads at once, give exactly the numbers each gives alone.
/// <list type="bullet">
/// <item>Initial weights: <see cref="Build{T}"/> creates the network under a process-wide lock, with torch's generator
/// seeded, and puts the generator's previous state back afterwards. TorchSharp's layer initialisers take no generator,
/// so construction is the one place that borrows the process-wide one; the lock makes the borrowing whole (no other
/// trainer's construction can draw in between), and restoring the state leaves it as the caller had it.</item>
/// <item>Draws during training (dropout masks, an LSTM reader's support order): the trainer's own generator
/// (<see cref="ForTraining"/>), handed to its network when that is an <see cref="IDrawsRandomNumbers"/>
/// (<see cref="Attach"/>) and saved in its checkpoints. libtorch's dropout takes no generator, so <see cref="Dropout"/>
/// draws its mask with one (the mask <c>bernoulli(1 − p) / (1 − p)</c> that libtorch's CPU dropout draws).</item>
/// <item>Sampling, task orders and episodes already come from each trainer's or data source's own seeded
/// <see cref="System.Random"/>.</item>
/// </list>
/// </summary>
public static class TrainerRandom
{
    private static readonly Lock Construction = new();

    /// <summary>
    /// Runs <paramref name="build"/> with torch's generator seeded with <paramref name="seed"/>, under a lock that every
    /// trainer's construction takes, and restores the generator's state afterwards (also when it throws).
    /// </summary>
    public static T Build<T>(int seed, Func<T> build)
    {
        ArgumentNullException.ThrowIfNull(build);
        lock (Construction)
        {
            using var saved = random.get_rng_state();
            try
            {
                random.manual_seed(seed);
                return build();
            }
            finally
            {
                random.set_rng_state(saved);
            }
        }
    }

    /// <summary>
    /// The generator a trainer seeded with <paramref name="seed"/> draws from while it trains, on
    /// <paramref name="device"/> (where its tensors are). Its stream is not the one the initial weights were drawn
    /// from: the seed is mixed first, so masks are not correlated with the weights.
    /// </summary>
    public static Generator ForTraining(int seed, Device? device = null) =>
        new(Mix(seed), device ?? CPU);

    /// <summary>
    /// Hands <paramref name="generator"/> to <paramref name="network"/> when it draws random numbers. Only the network
    /// itself is asked: a network that holds modules which draw (a few-shot network's LSTM reader) passes its generator
    /// on to them, and no walk over the module tree is needed.
    /// </summary>
    public static void Attach(nn.Module network, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (network is IDrawsRandomNumbers draws)
            draws.Generator = generator;
    }

    /// <summary>
    /// Dropout of <paramref name="input"/> with probability <paramref name="p"/> in training mode, the mask drawn from
    /// <paramref name="generator"/> (torch's process-wide generator when null); the input itself otherwise.
    /// </summary>
    public static Tensor Dropout(Tensor input, double p, bool training, Generator? generator)
    {
        if (!training || p == 0) return input;
        if (p >= 1) return input.mul(Scalars.Zero);
        using var mask = empty_like(input).bernoulli_(1 - p, generator);
        using var keep = (1 - p).ToScalar();
        mask.div_(keep);
        return input.mul(mask);
    }

    /// <summary>SplitMix64's finaliser: distinct, well-spread 64-bit seeds for nearby integer seeds.</summary>
    private static ulong Mix(int seed)
    {
        var z = unchecked((ulong)(uint)seed + 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }
}

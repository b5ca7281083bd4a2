using System;
using System.Collections.Generic;
using System.Linq;
using Composable.Data.Episodes;
using TorchSharp;
using static TorchSharp.torch;

namespace Composable.Bench.Maml;

/// <summary>
/// The MAML benchmark's episodes: <c>count</c> meta-batches of sinusoid tasks (Finn et al. 2017: A ~ U[0.1, 5],
/// φ ~ U[0, π], x ~ U[−5, 5], y = A·sin(x − φ)), made once with torch's RNG from a fixed seed and cycled.
/// <c>bench/pytorch/maml.py</c> uses the same recipe and RNG call order, and libtorch 2.10 and PyTorch draw the same
/// numbers, so both sides see the same points. (Composable's <see cref="SinusoidFamily"/> draws with
/// <see cref="Random"/>, which Python cannot replay: hence a recipe of its own here.)
/// </summary>
internal sealed class MamlEpisodes : IDisposable
{
    private readonly DisposeScope scope;

    private MamlEpisodes(DisposeScope scope, IReadOnlyList<Episode[]> metaBatches)
    {
        this.scope = scope;
        MetaBatches = metaBatches;
    }

    /// <summary>Each meta-batch as the trainer takes it: one <see cref="Episode"/> per task, support [K, 1], query [Q, 1].</summary>
    public IReadOnlyList<Episode[]> MetaBatches { get; }

    public static MamlEpisodes Create(int count, int tasks, int shots, int queries, int seed)
    {
        var scope = torch.NewDisposeScope();
        using (torch.no_grad())
        {
            torch.manual_seed(seed);
            var metaBatches = new List<Episode[]>(count);
            for (var b = 0; b < count; b++)
            {
                var amplitude = torch.rand(tasks, 1, 1) * 4.9 + 0.1;
                var phase = torch.rand(tasks, 1, 1) * Math.PI;
                var supportX = torch.rand(tasks, shots, 1) * 10.0 - 5.0;
                var queryX = torch.rand(tasks, queries, 1) * 10.0 - 5.0;
                var supportY = amplitude * torch.sin(supportX - phase);
                var queryY = amplitude * torch.sin(queryX - phase);
                metaBatches.Add(Enumerable.Range(0, tasks)
                    .Select(t => new Episode(supportX[t], supportY[t], queryX[t], queryY[t],
                        new SinusoidTask(amplitude[t, 0, 0].item<float>(), phase[t, 0, 0].item<float>())))
                    .ToArray());
            }
            return new MamlEpisodes(scope, metaBatches);
        }
    }

    public void Dispose() => scope.Dispose();
}

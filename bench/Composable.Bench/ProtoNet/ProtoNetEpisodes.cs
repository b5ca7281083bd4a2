using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Composable.Data.Episodes;
using Composable.Data.Glyphs;
using TorchSharp;
using static TorchSharp.torch;

namespace Composable.Bench.ProtoNet;

/// <summary>
/// The ProtoNet benchmark's episodes: <c>count</c> fixed 5-way 5-shot 15-query episodes of kanji glyphs (Debian
/// <c>python3-kanjidraw</c>, rendered by <see cref="GlyphRenderer"/> at 28×28), drawn once from the meta-train
/// classes and cycled. The glyphs are rendered in C#, so the PyTorch peer cannot replay the recipe: it gets the very
/// same tensors from a file (<see cref="WriteForPeer"/>).
/// </summary>
internal sealed class ProtoNetEpisodes : IDisposable
{
    private readonly DisposeScope scope;

    private ProtoNetEpisodes(DisposeScope scope, IReadOnlyList<Episode> episodes)
    {
        this.scope = scope;
        Episodes = episodes;
    }

    /// <summary>Support inputs [25, 784] and labels [25], query inputs [75, 784] and labels [75], labels 0…4.</summary>
    public IReadOnlyList<Episode> Episodes { get; }

    /// <exception cref="FileNotFoundException">The kanji data is missing; the message names <see cref="KanjiData.Package"/>.</exception>
    public static ProtoNetEpisodes Create(int count, int seed, string? kanjiPath = null)
    {
        var glyphs = GlyphDataset.EvenSubset(KanjiData.Load(kanjiPath), ProtoNetBenchModel.Characters);
        var dataset = new GlyphDataset(glyphs, ProtoNetBenchModel.SamplesPerClass, seed);
        var family = dataset.Family(new FewShotClassification(ProtoNetBenchModel.Ways, ProtoNetBenchModel.Shots, ProtoNetBenchModel.Queries));
        var scope = torch.NewDisposeScope();
        var episodes = Enumerable.Range(0, count).Select(i => family.Sample(MetaSplit.Train, i, seed)).ToArray();
        return new ProtoNetEpisodes(scope, episodes);
    }

    /// <summary>
    /// Writes every episode (<c>episode_{i}.support_inputs</c>, …) and <paramref name="initialState"/> (as
    /// <c>model.{name}</c>) to a safetensors file at <paramref name="path"/> for the PyTorch peer.
    /// </summary>
    public void WriteForPeer(string path, IEnumerable<(string Name, Tensor Value)> initialState)
    {
        var tensors = Episodes.SelectMany((e, i) => new[]
            {
                ($"episode_{i}.support_inputs", e.SupportInputs),
                ($"episode_{i}.support_targets", e.SupportTargets),
                ($"episode_{i}.query_inputs", e.QueryInputs),
                ($"episode_{i}.query_targets", e.QueryTargets),
            })
            .Concat(initialState.Select(s => ("model." + s.Name, s.Value)))
            .ToArray();
        SafetensorsFile.Write(path, tensors);
    }

    public void Dispose() => scope.Dispose();
}

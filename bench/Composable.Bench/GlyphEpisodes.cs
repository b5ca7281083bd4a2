using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Composable.Data.Episodes;
using Composable.Data.Glyphs;
using Composable.Bench.ProtoNet;
using TorchSharp;
using static TorchSharp.torch;

namespace Composable.Bench;

/// <summary>
/// Fixed few-shot episodes of kanji glyphs for the conv benchmarks (ProtoNet, conv MAML): <c>count</c> episodes of a
/// setting drawn once from the meta-train classes and cycled. The characters are an even subset of
/// <see cref="Characters"/> of Debian <c>python3-kanjidraw</c>'s kanji, each rendered <see cref="SamplesPerClass"/>
/// times by <see cref="GlyphRenderer"/> at 28×28. The glyphs are rendered in C#, so a PyTorch peer cannot replay the
/// recipe: it gets the very same tensors from a file (<see cref="WriteForPeer"/>).
/// </summary>
internal sealed class GlyphEpisodes : IDisposable
{
    /// <summary>Characters the episodes are drawn from (an even subset of the 6,394 kanji) and renderings of each.</summary>
    public const int Characters = 200;
    public const int SamplesPerClass = 20;

    private readonly DisposeScope scope;

    private GlyphEpisodes(DisposeScope scope, IReadOnlyList<Episode> episodes)
    {
        this.scope = scope;
        Episodes = episodes;
    }

    /// <summary>Support inputs [N·K, 784] and labels [N·K], query inputs [N·Q, 784] and labels [N·Q], labels 0 … N − 1.</summary>
    public IReadOnlyList<Episode> Episodes { get; }

    /// <summary>Episodes 0 … <paramref name="count"/> − 1 of <paramref name="setting"/>.</summary>
    /// <exception cref="FileNotFoundException">The kanji data is missing; the message names <see cref="KanjiData.Package"/>.</exception>
    public static GlyphEpisodes Create(FewShotClassification setting, int count, int seed, string? kanjiPath = null)
    {
        var glyphs = GlyphDataset.EvenSubset(KanjiData.Load(kanjiPath), Characters);
        var family = new GlyphDataset(glyphs, SamplesPerClass, seed).Family(setting);
        var scope = torch.NewDisposeScope();
        var episodes = Enumerable.Range(0, count).Select(i => family.Sample(MetaSplit.Train, i, seed)).ToArray();
        return new GlyphEpisodes(scope, episodes);
    }

    /// <summary>
    /// Writes every episode (<c>episode_{i}.support_inputs</c>, <c>…support_targets</c>, <c>…query_inputs</c>,
    /// <c>…query_targets</c>) and <paramref name="initialState"/> (as <c>model.{name}</c>) to a safetensors file at
    /// <paramref name="path"/> for the PyTorch peer.
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

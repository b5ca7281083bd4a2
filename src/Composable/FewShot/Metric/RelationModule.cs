using System.Collections.Generic;
using Composable.Modules;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Composable.FewShot.Metric;

/// <summary>
/// Relation networks' learned comparison (Sung et al. 2018): every (query, class) pair, as the concatenation
/// <c>[query, class]</c> (twice the embedding width), goes through linear layers <c>layer_0</c>… (ReLU after each)
/// and a linear <c>head</c> to one number, squashed by a sigmoid into a relation score in (0, 1).
/// </summary>
public sealed class RelationModule : nn.Module
{
    private readonly List<Linear> _layers = new();
    private readonly Linear _head;

    /// <summary>A relation module for embeddings <paramref name="embeddingWidth"/> wide with hidden widths <paramref name="layers"/> (may be empty).</summary>
    public RelationModule(int embeddingWidth, IReadOnlyList<int> layers) : base("RelationModule")
    {
        var previous = 2 * embeddingWidth;
        for (var i = 0; i < layers.Count; i++)
        {
            var linear = nn.Linear(previous, layers[i]);
            _layers.Add(linear);
            register_module(LayerNames.Hidden(i), linear);
            previous = layers[i];
        }
        _head = nn.Linear(previous, 1);
        register_module("head", _head);
        EmbeddingWidth = embeddingWidth;
    }

    /// <summary>Width of the query and class embeddings.</summary>
    public int EmbeddingWidth { get; }

    /// <summary>Relation scores [Q, N] in (0, 1) of queries <paramref name="queries"/> [Q, D] against class embeddings <paramref name="classEmbeddings"/> [N, D].</summary>
    public Tensor Scores(Tensor queries, Tensor classEmbeddings)
    {
        using var scope = NewDisposeScope();
        var (q, n) = (queries.shape[0], classEmbeddings.shape[0]);
        var pairs = cat(new[]
        {
            queries.unsqueeze(1).expand(q, n, EmbeddingWidth),
            classEmbeddings.unsqueeze(0).expand(q, n, EmbeddingWidth),
        }, 2);
        var h = pairs;
        foreach (var layer in _layers)
            h = nn.functional.relu(layer.forward(h));
        return _head.forward(h).squeeze(2).sigmoid().MoveToOuterDisposeScope();
    }

    /// <summary>Disposes the layers, their native modules included (<see cref="NativeModules"/>).</summary>
    protected override void Dispose(bool disposing) => NativeModules.Dispose(this, disposing, base.Dispose);
}

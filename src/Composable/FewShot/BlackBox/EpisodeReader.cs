using System;
using Composable.Modules;
using static TorchSharp.torch;

namespace Composable.FewShot.BlackBox;

/// <summary>
/// A black-box few-shot learner: it turns support embeddings with their labels and query embeddings into
/// <see cref="ReaderTokens"/> (centred on the support set, normalised, labels at the embeddings' scale) and reads them
/// into query logits. <see cref="LstmReader"/> and <see cref="AttentionReader"/> differ only in how they read.
/// </summary>
public abstract class EpisodeReader : nn.Module
{
    /// <summary>A reader named <paramref name="name"/> of <paramref name="ways"/>-way episodes over embeddings <paramref name="embeddingWidth"/> wide.</summary>
    protected EpisodeReader(string name, int embeddingWidth, int ways) : base(name)
    {
        EmbeddingWidth = embeddingWidth;
        Ways = ways;
    }

    /// <summary>Width of the embeddings read.</summary>
    public int EmbeddingWidth { get; }

    /// <summary>Classes per episode (the one-hot label width and the logits' width).</summary>
    public int Ways { get; }

    /// <summary>Query logits [Q, ways] from support embeddings [S, D] labelled [S] and query embeddings [Q, D].</summary>
    public Tensor Logits(Tensor support, Tensor supportLabels, Tensor queries)
    {
        foreach (var (tensor, name) in new[] { (support, nameof(support)), (queries, nameof(queries)) })
            if (tensor.shape.Length != 2 || tensor.shape[1] != EmbeddingWidth)
                throw new ArgumentException(
                    $"The {GetName()} reads embeddings {EmbeddingWidth} wide, but the {name} have shape [{string.Join(", ", tensor.shape)}]; expected [rows, {EmbeddingWidth}].",
                    name);
        using var scope = NewDisposeScope();
        var (supportTokens, queryTokens) = ReaderTokens.Of(support, supportLabels, queries, Ways);
        return Read(supportTokens, queryTokens).MoveToOuterDisposeScope();
    }

    /// <summary>Query logits [Q, ways] from support tokens [S, D + ways] and query tokens [Q, D + ways].</summary>
    protected abstract Tensor Read(Tensor supportTokens, Tensor queryTokens);

    /// <summary>Disposes the layers, their native modules included (<see cref="NativeModules"/>).</summary>
    protected override void Dispose(bool disposing) => NativeModules.Dispose(this, disposing, base.Dispose);
}

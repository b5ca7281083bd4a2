using System;
using System.Linq;
using Composable.FewShot.BlackBox;
using Composable.FewShot.Metric;
using Composable.Modules;
using static TorchSharp.torch;

namespace Composable.FewShot;

/// <summary>
/// The interpreted network of a <see cref="FewShotLearnerSpec"/>: the module a generated <c>Network</c> of the same
/// declaration equals, built in the same order (<c>backbone</c>, then <c>relation</c> or <c>reader</c>) so that both
/// get identical weights after the same <c>torch.manual_seed</c>. Support and query inputs are embedded in one
/// backbone forward of <c>cat([support, query])</c>, then split.
/// </summary>
public sealed class FewShotNetwork : nn.Module, IEpisodicClassifier, Training.IDrawsRandomNumbers
{
    private readonly nn.Module<Tensor, Tensor> _backbone;
    private readonly RelationModule? _relation;
    private readonly EpisodeReader? _reader;

    /// <summary>The network of a valid <paramref name="spec"/>; throws <see cref="InvalidDeclarationException"/> listing every rule it breaks.</summary>
    public FewShotNetwork(FewShotLearnerSpec spec) : base("FewShotNetwork")
    {
        Declarations.ThrowIfInvalid(spec);
        Spec = spec;
        Ways = ((FewShotClassification)spec.Episodes).Ways;
        EmbeddingWidth = Backbones.EmbeddingWidth(spec.Backbone);
        _backbone = Backbones.Create(spec.Backbone);
        register_module("backbone", _backbone);
        switch (spec.Learner)
        {
            case Relation relation:
                _relation = new RelationModule(EmbeddingWidth, relation.Layers);
                register_module("relation", _relation);
                break;
            case Composable.LstmReader lstm:
                _reader = new BlackBox.LstmReader(EmbeddingWidth, Ways, lstm.Hidden, lstm.Layers);
                register_module("reader", _reader);
                break;
            case Composable.AttentionReader attention:
                _reader = new BlackBox.AttentionReader(EmbeddingWidth, Ways, attention.Width, attention.Heads, attention.Layers);
                register_module("reader", _reader);
                break;
        }
    }

    /// <summary>The declaration.</summary>
    public FewShotLearnerSpec Spec { get; }

    /// <summary>The generator an LSTM reader draws its support order from in training mode (null: torch's process-wide one); no other learner draws.</summary>
    public Generator? Generator
    {
        get => (_reader as BlackBox.LstmReader)?.Generator;
        set
        {
            if (_reader is BlackBox.LstmReader reader) reader.Generator = value;
        }
    }

    /// <summary>Classes per episode, from the declared episodes.</summary>
    public int Ways { get; }

    /// <summary>Width of the backbone's embeddings.</summary>
    public int EmbeddingWidth { get; }

    /// <summary>The backbone.</summary>
    public nn.Module<Tensor, Tensor> Backbone => _backbone;

    /// <inheritdoc />
    public nn.Module Module => this;

    /// <summary>Support and query embeddings from one backbone forward of <c>cat([support, query])</c>.</summary>
    public (Tensor Support, Tensor Queries) Embed(Tensor supportInputs, Tensor queryInputs)
    {
        Backbones.CheckInputs(Spec.Backbone, supportInputs, "support inputs");
        Backbones.CheckInputs(Spec.Backbone, queryInputs, "query inputs");
        var embeddings = _backbone.forward(cat(new[] { supportInputs, queryInputs }, 0));
        var s = supportInputs.shape[0];
        return (embeddings.narrow(0, 0, s), embeddings.narrow(0, s, queryInputs.shape[0]));
    }

    /// <inheritdoc />
    public Tensor Scores(Tensor supportInputs, Tensor supportLabels, Tensor queryInputs, int ways)
    {
        EpisodeInputs.Check(Spec, supportInputs, supportLabels, queryInputs, ways);
        using var scope = NewDisposeScope();
        var (support, queries) = Embed(supportInputs, queryInputs);
        var scores = Spec.Learner switch
        {
            Prototypical p => Prototypes.Logits(queries, Prototypes.Of(support, supportLabels, ways), p.Distance, p.CosineScale),
            Matching m => MatchingAttention.LogProbabilities(queries, support, supportLabels, ways, m.CosineScale),
            Relation => _relation!.Scores(queries, Prototypes.Of(support, supportLabels, ways)),
            Composable.LstmReader or Composable.AttentionReader => _reader!.Logits(support, supportLabels, queries),
            _ => throw new ArgumentOutOfRangeException(nameof(Spec.Learner), Spec.Learner, "Unknown few-shot learner."),
        };
        return scores.MoveToOuterDisposeScope();
    }

    /// <inheritdoc />
    public Tensor Loss(Tensor scores, Tensor queryLabels) =>
        Spec.Learner is Relation ? EpisodicLoss.RelationMse(scores, queryLabels) : EpisodicLoss.CrossEntropy(scores, queryLabels);

    /// <summary>Disposes the layers, their native modules included (<see cref="NativeModules"/>).</summary>
    protected override void Dispose(bool disposing) => NativeModules.Dispose(this, disposing, base.Dispose);
}

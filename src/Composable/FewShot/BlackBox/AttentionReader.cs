using System;
using System.Collections.Generic;
using Composable.Modules;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;
using Composable.Training;

namespace Composable.FewShot.BlackBox;

/// <summary>
/// A black-box learner built from attention: support tokens (embedding, one-hot label) and query tokens (embedding,
/// zeros) are projected by <c>embed</c> to the token width, pass pre-norm transformer layers <c>layer_i</c>
/// (multi-head self-attention and a ReLU feed-forward block, each residual), then <c>final_norm</c> and a linear
/// <c>head</c> read each query's token. Support tokens attend to every support token; each query attends to every
/// support token and to itself only, so queries are classified independently of each other.
/// </summary>
public sealed class AttentionReader : EpisodeReader
{
    private readonly Linear _embed;
    private readonly List<Layer> _layers = new();
    private readonly LayerNorm _finalNorm;
    private readonly Linear _head;

    /// <summary>A reader of <paramref name="ways"/>-way episodes over embeddings <paramref name="embeddingWidth"/> wide.</summary>
    /// <param name="embeddingWidth">Width D of the support and query embeddings.</param>
    /// <param name="ways">Classes per episode.</param>
    /// <param name="width">Token width W; divisible by <paramref name="heads"/>.</param>
    /// <param name="heads">Attention heads.</param>
    /// <param name="layers">Transformer layers.</param>
    public AttentionReader(int embeddingWidth, int ways, int width, int heads, int layers) : base("attention reader", embeddingWidth, ways)
    {
        if (heads < 1 || width % heads != 0)
            throw new ArgumentException($"Attention needs a positive number of heads that divides the width; got {heads} heads for width {width}.", nameof(heads));
        _embed = nn.Linear(embeddingWidth + ways, width);
        register_module("embed", _embed);
        for (var i = 0; i < layers; i++)
        {
            var layer = new Layer(width, heads);
            _layers.Add(layer);
            register_module(LayerNames.Hidden(i), layer);
        }
        _finalNorm = NormLayers.LayerNorm(width);
        _head = nn.Linear(width, ways);
        register_module("final_norm", _finalNorm);
        register_module("head", _head);
    }

    /// <inheritdoc />
    protected override Tensor Read(Tensor supportTokens, Tensor queryTokens)
    {
        var (s, q) = (supportTokens.shape[0], queryTokens.shape[0]);
        var mask = Mask(s, q, supportTokens.dtype);
        var x = _embed.forward(cat(new[] { supportTokens, queryTokens }, 0));
        foreach (var layer in _layers)
            x = layer.Forward(x, mask);
        return _head.forward(_finalNorm.forward(x.narrow(0, s, q)));
    }

    /// <summary>
    /// The additive attention mask [S+Q, S+Q]: 0 where a token may attend, −∞ elsewhere. Rows are the attending
    /// tokens: support rows see the support columns; query row S+j sees the support columns and column S+j.
    /// </summary>
    public static Tensor Mask(long supportCount, long queryCount, ScalarType dtype = ScalarType.Float32)
    {
        using var scope = NewDisposeScope();
        var total = supportCount + queryCount;
        var allowed = zeros(total, total, dtype: ScalarType.Bool);
        allowed[TensorIndex.Colon, TensorIndex.Slice(0, supportCount)] = tensor(true);
        allowed.logical_or_(eye(total, dtype: ScalarType.Bool));
        var mask = zeros(total, total, dtype: dtype).masked_fill(allowed.logical_not(), Scalars.NegativeInfinity);
        return mask.MoveToOuterDisposeScope();
    }

    /// <summary>One pre-norm transformer layer: x + attention(norm(x)), then h + feed_forward(norm(h)).</summary>
    private sealed class Layer : nn.Module
    {
        private readonly LayerNorm _attentionNorm;
        private readonly Linear _query, _key, _value, _output;
        private readonly LayerNorm _feedForwardNorm;
        private readonly Linear _feedForwardIn, _feedForwardOut;
        private readonly int _heads;

        public Layer(int width, int heads) : base("AttentionReaderLayer")
        {
            _heads = heads;
            _attentionNorm = NormLayers.LayerNorm(width);
            _query = nn.Linear(width, width);
            _key = nn.Linear(width, width);
            _value = nn.Linear(width, width);
            _output = nn.Linear(width, width);
            _feedForwardNorm = NormLayers.LayerNorm(width);
            _feedForwardIn = nn.Linear(width, 2 * width);
            _feedForwardOut = nn.Linear(2 * width, width);
            register_module("attention_norm", _attentionNorm);
            register_module("query", _query);
            register_module("key", _key);
            register_module("value", _value);
            register_module("output", _output);
            register_module("feed_forward_norm", _feedForwardNorm);
            register_module("feed_forward_in", _feedForwardIn);
            register_module("feed_forward_out", _feedForwardOut);
        }

        public Tensor Forward(Tensor x, Tensor mask)
        {
            var h = x.add(Attend(_attentionNorm.forward(x), mask), Scalars.One);
            return h.add(_feedForwardOut.forward(nn.functional.relu(_feedForwardIn.forward(_feedForwardNorm.forward(h)))), Scalars.One);
        }

        private Tensor Attend(Tensor x, Tensor mask)
        {
            var (tokens, width) = (x.shape[0], x.shape[1]);
            var headWidth = width / _heads;
            Tensor Split(Linear projection) => projection.forward(x).view(tokens, _heads, headWidth).transpose(0, 1); // [H, T, W/H]
            var (q, k, v) = (Split(_query), Split(_key), Split(_value));
            using var scale = Math.Sqrt(headWidth).ToScalar();
            var weights = q.matmul(k.transpose(1, 2)).div(scale).add(mask, Scalars.One).softmax(-1);
            return _output.forward(weights.matmul(v).transpose(0, 1).reshape(tokens, width));
        }
    }
}

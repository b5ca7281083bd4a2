using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Composable.FewShot.BlackBox;

/// <summary>
/// A black-box learner that reads the episode as a sequence (Santoro et al. 2016): an LSTM <c>lstm</c> reads the
/// support tokens (embedding, one-hot label) once; every query token (embedding, zeros) is one further step from the
/// final support state — all queries batched, so they do not see each other — and a linear <c>head</c> turns the
/// query's output into class logits. In training mode the support tokens are read in a random order (drawn from
/// its trainer's generator, <see cref="Training.TrainerRandom"/>) so that the reader cannot infer labels from positions in a class-sorted support set;
/// in evaluation mode they are read in the given order.
/// </summary>
public sealed class LstmReader : EpisodeReader, Training.IDrawsRandomNumbers
{
    private readonly LSTM _lstm;
    private readonly Linear _head;

    /// <summary>A reader of <paramref name="ways"/>-way episodes over embeddings <paramref name="embeddingWidth"/> wide.</summary>
    /// <param name="embeddingWidth">Width D of the support and query embeddings.</param>
    /// <param name="ways">Classes per episode (the one-hot label width and the logits' width).</param>
    /// <param name="hidden">LSTM state width.</param>
    /// <param name="layers">Stacked LSTM layers.</param>
    public LstmReader(int embeddingWidth, int ways, int hidden, int layers) : base("LSTM reader", embeddingWidth, ways)
    {
        _lstm = nn.LSTM(embeddingWidth + ways, hidden, layers, batchFirst: true);
        _head = nn.Linear(hidden, ways);
        register_module("lstm", _lstm);
        register_module("head", _head);
    }

    /// <summary>The generator the support order is drawn from in training mode; torch's process-wide one when null.</summary>
    public Generator? Generator { get; set; }

    /// <inheritdoc />
    protected override Tensor Read(Tensor supportTokens, Tensor queryTokens)
    {
        var tokens = supportTokens;
        if (training)
            tokens = tokens.index_select(0, randperm(tokens.shape[0], dtype: ScalarType.Int64, generator: Generator));
        var (_, h, c) = _lstm.forward(tokens.unsqueeze(0));
        var q = queryTokens.shape[0];
        var state = (h.repeat(1, q, 1), c.repeat(1, q, 1));
        var (output, _, _) = _lstm.forward(queryTokens.unsqueeze(1), state);
        return _head.forward(output.squeeze(1));
    }
}

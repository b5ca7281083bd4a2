using Composable.Meta.Metric;

namespace Composable.Bench.ProtoNet;

/// <summary>
/// The ProtoNet benchmark's episode shape and backbone: 5-way 5-shot episodes with 15 queries per class of 28×28
/// glyphs; the library's <see cref="ConvEmbedding"/> (four blocks of conv 3×3 → batch norm → ReLU → max-pool 2, 64
/// channels, 64-d embeddings), negative squared Euclidean logits, Adam lr 1e-3.
/// </summary>
internal static class ProtoNetBenchModel
{
    public const int Ways = 5;
    public const int Shots = 5;
    public const int Queries = 15;
    public const int Side = 28;
    public const int Channels = 64;
    public const int Blocks = 4;
    public const double LearningRate = 1e-3;

    /// <summary>Characters the episodes are drawn from (an even subset of the 6,394 kanji) and renderings of each.</summary>
    public const int Characters = 200;
    public const int SamplesPerClass = 20;

    /// <summary>The backbone, its weights drawn from torch's RNG as it stands.</summary>
    public static ConvEmbedding Backbone() => new(1, Side, Side, Channels, Blocks);
}

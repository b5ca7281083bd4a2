using Composable.Data.Glyphs;

namespace Composable.Bench.ProtoNet;

/// <summary>
/// The ProtoNet benchmark's declaration: 5-way 5-shot episodes with 15 queries per class of 28×28 glyphs; the
/// few-shot conv backbone (four blocks of conv 3×3 → batch norm → ReLU → max-pool 2, 64 channels, 64-d embeddings),
/// negative squared Euclidean logits, Adam lr 1e-3. The generator compiles it into <c>Network</c> and <c>Trainer</c>,
/// which the Composable contender times.
/// </summary>
[FewShotLearner]
internal static partial class ProtoNetBenchModel
{
    public const int Ways = 5;
    public const int Shots = 5;
    public const int Queries = 15;
    public const int Side = 28;

    /// <summary>The fixed episodes the contenders train on: <see cref="GlyphEpisodes"/> of this declaration's setting.</summary>
    /// <exception cref="System.IO.FileNotFoundException">The kanji data is missing; the message names <see cref="KanjiData.Package"/>.</exception>
    public static GlyphEpisodes CreateEpisodes(int count, int seed, string? kanjiPath = null) =>
        GlyphEpisodes.Create(new FewShotClassification(Ways, Shots, Queries), count, seed, kanjiPath);

    public static readonly FewShotLearnerSpec Spec = new(
        Backbone: new ConvBackbone(new Image(Channels: 1, Height: Side, Width: Side), Blocks: 4, Channels: 64),
        Episodes: new FewShotClassification(Ways, Shots, Queries),
        Learner: new Prototypical(Distance.SquaredEuclidean),
        Outer: new Adam(LearningRate: 1e-3));
}

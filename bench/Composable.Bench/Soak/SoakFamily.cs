using System;
using System.Collections.Generic;
using Composable.Bench.Generated;
using Composable.Bench.Maml;
using Composable.Bench.Mmoe;
using Composable.Bench.ProtoNet;

namespace Composable.Bench.Soak;

/// <summary>
/// One family the soak trains: its data and the very contender the comparison bench times (the generated trainer of the
/// family's declaration), made together and disposed together.
/// </summary>
internal sealed class SoakFamily(string name, IDisposable data, IStepContender contender) : IDisposable
{
    public string Name { get; } = name;

    public IStepContender Contender { get; } = contender;

    public void Dispose()
    {
        Contender.Dispose();
        data.Dispose();
    }

    /// <summary>
    /// The four families in soak order, each with its <c>--model</c> key, made on demand from a seed (ProtoNet needs
    /// python3-kanjidraw's glyphs).
    /// </summary>
    public static IReadOnlyList<(string Model, string Name, Func<int, SoakFamily> Create)> All { get; } =
    [
        ("hard-sharing", "hard sharing", seed =>
        {
            var data = FixedBatches.Create(BenchOptions.FixedBatchCount, BenchOptions.BatchSize, seed);
            return new SoakFamily("hard sharing", data, new GeneratedContender(data, seed));
        }),
        ("mmoe", "MMoE", seed =>
        {
            var data = MmoeBatches.Create(BenchOptions.FixedBatchCount, BenchOptions.BatchSize, seed);
            return new SoakFamily("MMoE", data, new MmoeGeneratedContender(data, seed));
        }),
        ("maml", "MAML", seed =>
        {
            var data = MamlEpisodes.Create(BenchOptions.FixedBatchCount, MamlBenchModel.MetaBatch, MamlBenchModel.Shots, MamlBenchModel.Queries, seed);
            return new SoakFamily("MAML", data, MamlContenders.Create(data, seed, "second", withLoop: false)[0]);
        }),
        ("protonet", "ProtoNet", seed =>
        {
            var data = ProtoNetBenchModel.CreateEpisodes(BenchOptions.FixedBatchCount, seed);
            return new SoakFamily("ProtoNet", data, new ComposableProtoNetContender(data, seed));
        }),
    ];
}

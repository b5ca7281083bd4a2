using System;
using System.Globalization;
using System.Linq;

namespace Composable.Bench;

/// <summary>Command-line settings of a benchmark run.</summary>
/// <param name="Threads">Intra-op threads on both sides (torch.set_num_threads).</param>
/// <param name="WarmupSteps">Untimed steps per contender before the first round.</param>
/// <param name="StepsPerRound">Timed steps per contender per round.</param>
/// <param name="Rounds">Interleaved rounds (A B C A B C …); the report gives their median and min–max.</param>
/// <param name="OutputFile">Where to write the JSON of all figures, if anywhere.</param>
/// <param name="Python">Interpreter of the PyTorch peer.</param>
/// <param name="SkipPyTorch">Leave the PyTorch column out.</param>
/// <param name="Model">The benchmarked model: <c>hard-sharing</c>, <c>mmoe</c>, <c>maml</c> or <c>protonet</c>.</param>
/// <param name="Order">MAML only: <c>second</c>, <c>first</c> or <c>both</c> orders.</param>
/// <param name="DotNetLoop">MAML only: add Composable's per-task loop (slow; context, no target).</param>
/// <param name="Phases">MAML and ProtoNet: time the phases of Composable's step instead of running the comparison.</param>
/// <param name="DefaultHeap">Leave glibc's heap thresholds as they are instead of applying <c>NativeHeap.RetainFreedPages</c>.</param>
internal sealed record BenchOptions(
    int Threads = 2,
    int WarmupSteps = 200,
    int StepsPerRound = 400,
    int Rounds = 15,
    string? OutputFile = null,
    string Python = "/usr/bin/python3",
    bool SkipPyTorch = false,
    string Model = "hard-sharing",
    string Order = "both",
    bool Phases = false,
    bool DotNetLoop = false,
    bool DefaultHeap = false)
{
    public const int BatchSize = 128;
    public const int FixedBatchCount = 16;
    public const int Seed = 20261123;

    /// <summary>A few seconds in all: enough to see that every contender runs and the figures are sane.</summary>
    public static BenchOptions Quick { get; } = new(WarmupSteps: 20, StepsPerRound: 100, Rounds: 3);

    /// <summary>A MAML meta-step is 10-100x a training step of the other models: fewer steps unless asked for.</summary>
    public const int MamlWarmupSteps = 20, MamlStepsPerRound = 40, MamlQuickStepsPerRound = 10;

    /// <summary>A ProtoNet training episode (100 images through a conv net, forward and backward) costs milliseconds.</summary>
    public const int ProtoNetWarmupSteps = 10, ProtoNetStepsPerRound = 20, ProtoNetQuickWarmupSteps = 3, ProtoNetQuickStepsPerRound = 5;

    public const string Usage = """
        Composable.Bench — training steps/s of the hard-sharing model: generated vs hand-written TorchSharp vs PyTorch.

          --threads N     intra-op threads on both sides (default 2)
          --steps N       timed steps per contender per round (default 400)
          --rounds N      interleaved rounds (default 15)
          --warmup N      untimed steps per contender first (default 200)
          --quick         a few seconds in all (warm-up 20, 100 steps, 3 rounds); later flags still apply
          --out FILE      write all figures as JSON
          --python PATH   PyTorch interpreter (default /usr/bin/python3)
          --no-pytorch    leave the PyTorch column out
          --model M       hard-sharing (default); mmoe: generated MMoE vs PyTorch per-expert and fused;
                          maml: Composable's task-batched MAML meta-step vs PyTorch per-task loop and batched
                          (maml defaults: warm-up 20, 40 steps per round; --quick 10)
                          protonet: one ProtoNet training episode (5-way 5-shot, 15 queries, conv backbone),
                          the generated [FewShotLearner] Trainer vs PyTorch (defaults: warm-up 10, 20 steps per round;
                          --quick: warm-up 3, 5 steps); needs the kanji data of python3-kanjidraw
          --order O       maml only: second, first or both (default)
          --dotnet-loop   maml only: also run Composable's per-task reference loop (slow; for context)
          --default-heap  leave glibc's heap thresholds as they are (the bench applies NativeHeap.RetainFreedPages: freed
                          native memory is kept for reuse instead of going back to the kernel each step)
          --phases        maml, protonet: where Composable's step spends its time (forward, [inner grad,] backward, Adam)
          --help          this text
        """;

    /// <summary>Parses <paramref name="args"/>; an unknown flag or a bad number throws <see cref="ArgumentException"/>.</summary>
    /// <returns>The options, or null when help was asked for.</returns>
    public static BenchOptions? Parse(string[] args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "--help" or "-h") return null;
            options = args[i] switch
            {
                "--quick" => Quick with { Threads = options.Threads, OutputFile = options.OutputFile, Python = options.Python, SkipPyTorch = options.SkipPyTorch, Model = options.Model, Order = options.Order, Phases = options.Phases, DotNetLoop = options.DotNetLoop },
                "--model" => options with { Model = Value(args, ref i) is var m && m is "hard-sharing" or "mmoe" or "maml" or "protonet" ? m : throw new ArgumentException($"--model is hard-sharing, mmoe, maml or protonet, got '{m}'") },
                "--order" => options with { Order = Value(args, ref i) is var o && o is "first" or "second" or "both" ? o : throw new ArgumentException($"--order is first, second or both, got '{o}'") },
                "--threads" => options with { Threads = Positive(args, ref i) },
                "--steps" => options with { StepsPerRound = Positive(args, ref i) },
                "--rounds" => options with { Rounds = Positive(args, ref i) },
                "--warmup" => options with { WarmupSteps = NonNegative(args, ref i) },
                "--out" => options with { OutputFile = Value(args, ref i) },
                "--python" => options with { Python = Value(args, ref i) },
                "--no-pytorch" => options with { SkipPyTorch = true },
                "--phases" => options with { Phases = true },
                "--dotnet-loop" => options with { DotNetLoop = true },
                "--default-heap" => options with { DefaultHeap = true },
                _ => throw new ArgumentException($"unknown argument '{args[i]}'"),
            };
        }
        if (options.Model == "maml")
        {
            var quick = args.Contains("--quick");
            if (!args.Contains("--steps")) options = options with { StepsPerRound = quick ? MamlQuickStepsPerRound : MamlStepsPerRound };
            if (!args.Contains("--warmup") && !quick) options = options with { WarmupSteps = MamlWarmupSteps };
        }
        if (options.Model == "protonet")
        {
            var quick = args.Contains("--quick");
            if (!args.Contains("--steps")) options = options with { StepsPerRound = quick ? ProtoNetQuickStepsPerRound : ProtoNetStepsPerRound };
            if (!args.Contains("--warmup")) options = options with { WarmupSteps = quick ? ProtoNetQuickWarmupSteps : ProtoNetWarmupSteps };
        }
        return options;
    }

    private static string Value(string[] args, ref int i) =>
        ++i < args.Length ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value");

    private static int NonNegative(string[] args, ref int i)
    {
        var flag = args[i];
        var text = Value(args, ref i);
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new ArgumentException($"{flag} needs a whole number, got '{text}'");
    }

    private static int Positive(string[] args, ref int i)
    {
        var flag = args[i];
        var n = NonNegative(args, ref i);
        return n > 0 ? n : throw new ArgumentException($"{flag} must be at least 1");
    }
}

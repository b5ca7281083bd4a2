using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using Composable.CommandLine;

namespace Composable.Bench;

/// <summary>The bench's command line: every option with its description and default, read into <see cref="BenchOptions"/>.</summary>
internal static class BenchCommandLine
{
    private static readonly BenchOptions Defaults = new();

    private static readonly Option<int> Threads = RangeOptions.AtLeast("--threads", 1, Defaults.Threads, "Intra-op threads on both sides");
    private static readonly Option<int> Steps = RangeOptions.AtLeast("--steps", 1, Defaults.StepsPerRound,
        $"Timed steps per contender per round (maml: {BenchOptions.MamlStepsPerRound}, --quick {BenchOptions.MamlQuickStepsPerRound}; " +
        $"conv-maml: {BenchOptions.ConvMamlStepsPerRound}, --quick {BenchOptions.ConvMamlQuickStepsPerRound}; " +
        $"protonet: {BenchOptions.ProtoNetStepsPerRound}, --quick {BenchOptions.ProtoNetQuickStepsPerRound}; " +
        $"objectives: {BenchOptions.ObjectivesStepsPerRound}, --quick {BenchOptions.ObjectivesQuickStepsPerRound})");
    private static readonly Option<int> Rounds = RangeOptions.AtLeast("--rounds", 1, Defaults.Rounds, "Interleaved rounds (A B C A B C ...); the report gives their median and min-max");
    private static readonly Option<int> Warmup = RangeOptions.AtLeast("--warmup", 0, Defaults.WarmupSteps,
        $"Untimed steps per contender first (maml: {BenchOptions.MamlWarmupSteps}; conv-maml: {BenchOptions.ConvMamlWarmupSteps}, --quick {BenchOptions.ConvMamlQuickWarmupSteps}; protonet: {BenchOptions.ProtoNetWarmupSteps}, --quick {BenchOptions.ProtoNetQuickWarmupSteps}; " +
        $"objectives: {BenchOptions.ObjectivesWarmupSteps}, --quick {BenchOptions.ObjectivesQuickWarmupSteps})");
    private static readonly Option<bool> Quick = new("--quick")
    {
        Description = $"A few seconds in all: warm-up {BenchOptions.Quick.WarmupSteps}, {BenchOptions.Quick.StepsPerRound} steps, {BenchOptions.Quick.Rounds} rounds unless given",
    };
    private static readonly Option<string?> Out = RangeOptions.File("--out", "Write all figures as JSON to this file");
    private static readonly Option<string> Python = new("--python") { Description = "PyTorch interpreter", DefaultValueFactory = _ => Defaults.Python, HelpName = "PATH" };
    private static readonly Option<bool> NoPyTorch = new("--no-pytorch") { Description = "Leave the PyTorch column out" };
    private static readonly Option<string> Model = RangeOptions.OneOf("--model", Defaults.Model, ["hard-sharing", "mmoe", "maml", "conv-maml", "protonet", "objectives", "conv-sharing"],
        "hard-sharing: generated vs hand-written TorchSharp vs PyTorch; mmoe: generated MMoE vs PyTorch per-expert and fused; " +
        "maml: Composable's task-batched MAML meta-step vs PyTorch per-task loop and batched; " +
        "conv-maml: the same on 5-way 1-shot glyph episodes (15 queries) through the 4-block conv backbone (64 channels), grouped convolutions, " +
        "generated [MetaLearner] Trainer vs PyTorch per-task loop and hand-batched (needs python3-kanjidraw); protonet: one ProtoNet training episode " +
        "(5-way 5-shot, 15 queries, conv backbone), the generated [FewShotLearner] Trainer vs PyTorch (needs the kanji data of python3-kanjidraw); " +
        "conv-sharing: the hard-sharing tasks over a shared 4-block conv backbone (64 channels, 28x28, batch 256), generated trainer vs PyTorch; " +
        "objectives: hard sharing trained with EW, PCGrad, MGDA-UB, CAGrad and Nash-MTL, generated trainers vs LibMTL-style PyTorch");
    private static readonly Option<string> Order = RangeOptions.OneOf("--order", Defaults.Order, ["first", "second", "both"], "maml, conv-maml: the orders of MAML timed");
    private static readonly Option<int> MetaBatch = RangeOptions.AtLeast("--meta-batch", 1, Defaults.MetaBatch,
        $"conv-maml only: tasks per meta-step (--quick {BenchOptions.Quick.MetaBatch})");
    private static readonly Option<bool> DotNetLoop = new("--dotnet-loop") { Description = "maml, conv-maml: also run Composable's per-task reference loop (slow; for context)" };
    private static readonly Option<bool> DefaultHeap = new("--default-heap")
    {
        Description = "Leave glibc's heap thresholds as they are (the bench applies NativeHeap.RetainFreedPages: freed native memory is kept for reuse)",
    };
    private static readonly Option<bool> OneDnn = new("--onednn")
    {
        Description = "Run every Composable CPU convolution on oneDNN, libtorch's default, for the whole run (Composable's own choice: oneDNN in training steps of backbones that fit its channel blocks, native kernels elsewhere; see CpuKernels)",
    };
    private static readonly Option<bool> Native = new("--native")
    {
        Description = "Keep every Composable CPU convolution on libtorch's native kernels (CpuKernels.OneDnnForAlignedBackbones = false), Composable's choice until 2026-12-06",
    };
    private static readonly Option<bool> Phases = new("--phases") { Description = "maml, protonet: where Composable's step spends its time (forward, [inner grad,] backward, Adam)" };
    private static readonly Option<bool> Bound = new("--bound")
    {
        Description = "conv-maml: instead of comparing, time the meta-step's arithmetic k tasks per pass through one set of fast weights (plain convolutions over k·80 images), " +
                      "k = 1, 2, 4 … --meta-batch, on both sides: the most any task-batched layout can gain over a loop over tasks on these kernels",
    };
    private static readonly Option<bool> Soak = new("--soak")
    {
        Description = "Instead of comparing: train every family's generated trainer (hard sharing, MMoE, MAML, ProtoNet) for --soak-steps steps, printing " +
                      "resident memory and live tensors at start, after warm-up and every tenth of the run (only --model's family when given), after a create / fit / dispose loop of --soak-cycles",
    };
    private static readonly Option<int> SoakSteps = RangeOptions.AtLeast("--soak-steps", 10, Defaults.SoakSteps,
        $"--soak: steps of each family, warm-up (a twentieth) included (--quick {BenchOptions.Quick.SoakSteps})");
    private static readonly Option<int> SoakCycles = RangeOptions.AtLeast("--soak-cycles", 1, Defaults.SoakCycles,
        $"--soak: create / fit / dispose iterations of the hard-sharing trainer (--quick {BenchOptions.Quick.SoakCycles})");
    private static readonly Option<bool> Sweep = new("--sweep")
    {
        Description = "Instead of comparing: hard sharing's generated trainer against PyTorch over trunk widths x batch sizes, with each side's GEMM rate " +
                      $"and the points that are kernel-bound ({BenchOptions.SweepRounds} rounds per point unless --rounds; --quick: widths 64 and 128 at batch 32)",
    };
    private static readonly Option<int[]> Widths = RangeOptions.List("--widths", Composable.Bench.Sweep.SweepRun.Widths, ReadWidth,
        "--sweep: the trunk widths measured (each a declaration of its own in SweepModels.cs)");
    private static readonly Option<int[]> BatchSizes = RangeOptions.List("--batch-sizes", Composable.Bench.Sweep.SweepRun.BatchSizes, ReadBatchSize,
        "--sweep: the batch sizes measured");

    private static int ReadWidth(string text) =>
        int.TryParse(text, out var width) && System.Array.IndexOf(Composable.Bench.Sweep.SweepRun.Widths, width) >= 0
            ? width
            : throw new System.ArgumentException($"'{text}' is not a width of the sweep; the widths are {string.Join(", ", Composable.Bench.Sweep.SweepRun.Widths)}.");

    private static int ReadBatchSize(string text) =>
        int.TryParse(text, out var size) && size >= 1 ? size : throw new System.ArgumentException($"'{text}' is not a batch size (a whole number from 1).");

    /// <summary>The command; <see cref="Parse"/> reads it.</summary>
    public static RootCommand Command { get; } = WithRules(new("Composable.Bench: training steps/s of Composable's generated models against hand-written TorchSharp and PyTorch.")
    {
        Threads, Steps, Rounds, Warmup, Quick, Out, Python, NoPyTorch, Model, Order, MetaBatch, DotNetLoop, DefaultHeap, OneDnn, Native, Phases, Bound, Soak, SoakSteps, SoakCycles, Sweep, Widths, BatchSizes,
    });

    private static RootCommand WithRules(RootCommand command)
    {
        command.Validators.Add(result =>
        {
            if (result.GetValue(Bound) && result.GetValue(Model) != "conv-maml")
                result.AddError($"--bound measures the conv MAML meta-step: give --model conv-maml, not '{result.GetValue(Model)}'");
        });
        return command;
    }

    /// <summary>Parses <paramref name="args"/>: the options to run with, or the exit code after writing the help to
    /// <paramref name="output"/> or the errors to <paramref name="error"/>.</summary>
    public static (BenchOptions? Options, int ExitCode) Parse(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        var parse = Command.Parse(args);
        if (CommandLineOutcome.HelpOrErrors(parse, output, error) is { } exitCode) return (null, exitCode);
        var quick = parse.GetValue(Quick);
        var model = parse.GetValue(Model)!;
        // Defaults of a step count depend on the model (a MAML meta-step or a ProtoNet episode costs far more) and on --quick.
        var (quickWarmup, quickSteps, warmup, steps) = model switch
        {
            "maml" => (BenchOptions.Quick.WarmupSteps, BenchOptions.MamlQuickStepsPerRound, BenchOptions.MamlWarmupSteps, BenchOptions.MamlStepsPerRound),
            "conv-maml" => (BenchOptions.ConvMamlQuickWarmupSteps, BenchOptions.ConvMamlQuickStepsPerRound, BenchOptions.ConvMamlWarmupSteps, BenchOptions.ConvMamlStepsPerRound),
            "protonet" => (BenchOptions.ProtoNetQuickWarmupSteps, BenchOptions.ProtoNetQuickStepsPerRound, BenchOptions.ProtoNetWarmupSteps, BenchOptions.ProtoNetStepsPerRound),
            "conv-sharing" => (BenchOptions.ConvSharingQuickWarmupSteps, BenchOptions.ConvSharingQuickStepsPerRound, BenchOptions.ConvSharingWarmupSteps, BenchOptions.ConvSharingStepsPerRound),
            "objectives" => (BenchOptions.ObjectivesQuickWarmupSteps, BenchOptions.ObjectivesQuickStepsPerRound, BenchOptions.ObjectivesWarmupSteps, BenchOptions.ObjectivesStepsPerRound),
            _ => (BenchOptions.Quick.WarmupSteps, BenchOptions.Quick.StepsPerRound, Defaults.WarmupSteps, Defaults.StepsPerRound),
        };
        int Count(Option<int> option, int quickValue, int fullValue) => parse.IsDefault(option) ? (quick ? quickValue : fullValue) : parse.GetValue(option);
        var options = new BenchOptions(
            Threads: parse.GetValue(Threads),
            WarmupSteps: Count(Warmup, quickWarmup, warmup),
            StepsPerRound: Count(Steps, quickSteps, steps),
            Rounds: Count(Rounds, BenchOptions.Quick.Rounds, parse.GetValue(Sweep) ? BenchOptions.SweepRounds : Defaults.Rounds),
            OutputFile: parse.GetValue(Out),
            Python: parse.GetValue(Python)!,
            SkipPyTorch: parse.GetValue(NoPyTorch),
            Model: model,
            Order: parse.GetValue(Order)!,
            Phases: parse.GetValue(Phases),
            Bound: parse.GetValue(Bound),
            DotNetLoop: parse.GetValue(DotNetLoop),
            DefaultHeap: parse.GetValue(DefaultHeap),
            Soak: parse.GetValue(Soak),
            SoakSteps: Count(SoakSteps, BenchOptions.Quick.SoakSteps, Defaults.SoakSteps),
            SoakCycles: Count(SoakCycles, BenchOptions.Quick.SoakCycles, Defaults.SoakCycles),
            SoakOnly: parse.IsDefault(Model) ? null : model,
            Sweep: parse.GetValue(Sweep),
            SweepWidths: parse.IsDefault(Widths) ? null : parse.GetValue(Widths),
            SweepBatchSizes: parse.IsDefault(BatchSizes) ? null : parse.GetValue(BatchSizes),
            QuickRun: quick,
            OneDnn: parse.GetValue(OneDnn),
            Native: parse.GetValue(Native),
            MetaBatch: Count(MetaBatch, BenchOptions.Quick.MetaBatch, Defaults.MetaBatch));
        return (options, CommandLineOutcome.Ok);
    }
}

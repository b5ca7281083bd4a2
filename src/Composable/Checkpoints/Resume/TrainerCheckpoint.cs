using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Composable.Interpretation;
using Composable.Training;
using static TorchSharp.torch;

namespace Composable.Checkpoints;

/// <summary>
/// A trainer's whole state as one safetensors file: the network's state dict under <c>model.</c>, the
/// optimiser's state under <c>optimizer.</c>, the adaptive objective's learned weights under <c>objective.</c> and
/// the trainer's own generator state as <c>random.torch</c>; counters, the objective's history and generators, the fit's position
/// and the declaration in the metadata (the <c>composable.</c> keys of docs/checkpoints.md). Loading it into a new
/// trainer of the same declaration continues training bit for bit as if it had not stopped.
/// </summary>
public static class TrainerCheckpoint
{
    /// <summary>Version of the key set written in <c>composable.format</c>.</summary>
    public const string Format = "1";

    private const string StatePrefix = "composable.state.";
    private const string FitPrefix = "composable.fit.";
    private const string MetricPrefix = "composable.metric.";

    /// <summary>Writes <paramref name="trainer"/>'s state to <paramref name="path"/> atomically.</summary>
    /// <param name="trainer">The trainer; not changed.</param>
    /// <param name="path">The file to write (replaced whole, or left as it was on failure).</param>
    /// <param name="position">Where the fit stands, when a fit writes the file.</param>
    /// <param name="metrics">Validation figures at this step, for keep-best.</param>
    public static void Save(IResumableTrainer trainer, string path, FitPosition? position = null, IReadOnlyDictionary<string, double>? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        var state = Capture(trainer);
        try
        {
            var declaration = trainer.Declaration;
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["composable.format"] = Format,
                ["composable.kind"] = "trainer",
                ["composable.declaration"] = declaration,
                ["composable.declaration.sha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(declaration))),
                ["composable.model"] = trainer.Module is InterpretedModel ? "interpreted" : trainer.Module.GetType().FullName ?? trainer.Module.GetType().Name,
                ["composable.step"] = Invariant(trainer.Steps),
                ["composable.epoch"] = Invariant(position?.Epoch ?? 0),
                ["composable.created"] = DateTime.UtcNow.ToString("o", CultureInfo.InvariantCulture),
                ["composable.library"] = typeof(TrainerCheckpoint).Assembly.GetName().Version?.ToString() ?? "unknown",
            };
            foreach (var (name, value) in state.Values) metadata[StatePrefix + name] = value;
            if (position is not null)
            {
                metadata["composable.seed"] = Invariant(position.Seed);
                metadata[FitPrefix + "step_in_epoch"] = Invariant(position.StepInEpoch);
                metadata[FitPrefix + "stream_steps"] = Invariant(position.StreamSteps);
                metadata[FitPrefix + "batch_size"] = Invariant(position.BatchSize);
                metadata[FitPrefix + "loss_sum"] = position.LossSum.ToString("R", CultureInfo.InvariantCulture);
                metadata[FitPrefix + "task_loss_sums"] = Doubles(position.TaskLossSums);
                metadata[FitPrefix + "task_loss_counts"] = Doubles(position.TaskLossCounts);
            }
            foreach (var (name, value) in metrics ?? new Dictionary<string, double>())
                metadata[MetricPrefix + name] = value.ToString("R", CultureInfo.InvariantCulture);
            SafetensorsFile.Write(path, state.Tensors, metadata);
        }
        finally
        {
            state.DisposeTensors();
        }
    }

    /// <summary>
    /// Loads the checkpoint at <paramref name="path"/> into <paramref name="trainer"/>. Everything is checked first —
    /// the file's format, the declaration, every tensor's name, dtype and shape — and on any fault the trainer is left
    /// exactly as it was.
    /// </summary>
    /// <returns>What the checkpoint's metadata says (step, epoch, the fit's position).</returns>
    /// <exception cref="CheckpointFormatException">The file is not a valid safetensors file (truncated, corrupt).</exception>
    /// <exception cref="CheckpointMismatchException">
    /// Not a trainer checkpoint, written for another declaration (the message names the values that differ), or a state
    /// value missing or malformed (the trainer is put back as it was).
    /// </exception>
    /// <exception cref="StateDictMismatchException">Tensors missing, unexpected or of another dtype or shape.</exception>
    public static CheckpointInfo Load(IResumableTrainer trainer, string path)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        using var file = SafetensorsFile.Read(path);
        var info = Describe(path, file.Metadata);
        var declaration = trainer.Declaration;
        if (info.Declaration != declaration)
            throw new CheckpointMismatchException(path, DeclarationDifferences(declaration, info.Declaration));
        var saved = ResumeState.From(file.Tensors, file.Metadata
            .Where(e => e.Key.StartsWith(StatePrefix, StringComparison.Ordinal))
            .ToDictionary(e => e.Key[StatePrefix.Length..], e => e.Value));
        try
        {
            trainer.ObjectiveState?.Prepare(saved.Part("objective"));
        }
        catch (Exception e) when (e is FormatException or KeyNotFoundException)
        {
            saved.DisposeTensors();
            throw new CheckpointMismatchException(path, [e.Message]);
        }
        var current = Capture(trainer);
        var currentSteps = trainer.Steps;
        try
        {
            var problems = StateDict.Compare(Layouts(current, trainer), Layouts(saved, trainer));
            if (problems.Count > 0) throw new StateDictMismatchException(path, trainer.GetType().Name, problems);
            try
            {
                Apply(trainer, saved, info.Step);
            }
            catch (Exception e)
            {
                Apply(trainer, current, currentSteps);
                if (e is FormatException or KeyNotFoundException) throw new CheckpointMismatchException(path, [e.Message]);
                throw;
            }
        }
        finally
        {
            current.DisposeTensors();
        }
        return info;
    }

    /// <summary>Reads what the checkpoint at <paramref name="path"/> says about itself, without reading its tensors.</summary>
    /// <exception cref="CheckpointFormatException">The file's header is not valid.</exception>
    /// <exception cref="CheckpointMismatchException">The file is not a trainer checkpoint.</exception>
    public static CheckpointInfo ReadInfo(string path) => Describe(path, SafetensorsFile.ReadHeader(path).Metadata);

    private static CheckpointInfo Describe(string path, IReadOnlyDictionary<string, string> metadata)
    {
        if (!metadata.TryGetValue("composable.kind", out var kind) || kind != "trainer"
            || !metadata.TryGetValue("composable.declaration", out var declaration))
            throw new CheckpointMismatchException(path, ["it is not a trainer checkpoint (no composable.kind = trainer with a composable.declaration)."]);
        var values = ResumeState.From(new Dictionary<string, Tensor>(), metadata);
        try
        {
            var epoch = (int)values.Long("composable.epoch");
            FitPosition? position = metadata.ContainsKey(FitPrefix + "stream_steps")
                ? new FitPosition(
                    epoch,
                    values.Long(FitPrefix + "step_in_epoch"),
                    values.Long(FitPrefix + "stream_steps"),
                    (int)values.Long("composable.seed"),
                    (int)values.Long(FitPrefix + "batch_size"),
                    values.Doubles(FitPrefix + "loss_sum")[0],
                    values.Doubles(FitPrefix + "task_loss_sums"),
                    values.Doubles(FitPrefix + "task_loss_counts"))
                : null;
            var metrics = metadata.Where(e => e.Key.StartsWith(MetricPrefix, StringComparison.Ordinal))
                .ToDictionary(e => e.Key[MetricPrefix.Length..], e => values.Doubles(e.Key)[0]);
            return new CheckpointInfo(path, declaration, values.Long("composable.step"), epoch, position, metrics, metadata);
        }
        catch (Exception e) when (e is FormatException or KeyNotFoundException)
        {
            throw new CheckpointMismatchException(path, [e.Message]);
        }
    }

    private static ResumeState Capture(IResumableTrainer trainer)
    {
        var state = new ResumeState();
        foreach (var (name, tensor) in StateDict.Of(trainer.Module)) state.Put("model." + name, tensor);
        state.Include("optimizer", OptimizerStates.Save(trainer.Optimizer));
        if (trainer.ObjectiveState is { } objective)
        {
            var part = new ResumeState();
            objective.Save(part);
            state.Include("objective", part);
        }
        using var random = trainer.TrainingGenerator?.get_state() ?? TorchSharp.torch.random.get_rng_state();
        state.Put("random.torch", random);
        return state;
    }

    private static void Apply(IResumableTrainer trainer, ResumeState state, long steps)
    {
        StateDict.Load(trainer.Module, state.Part("model").Tensors);
        OptimizerStates.Restore(trainer.Optimizer, state.Part("optimizer"));
        trainer.ObjectiveState?.Restore(state.Part("objective"));
        if (trainer.TrainingGenerator is { } generator)
            generator.set_state(state.Tensor("random.torch"));
        else
            TorchSharp.torch.random.set_rng_state(state.Tensor("random.torch"));
        trainer.ResumeAt(steps);
        // One update per step: SGD's state holds no count of its own (FlatAdam's counts are part of its state).
        if (trainer.Optimizer is CheckedSgd sgd) sgd.ResumeAt(steps);
    }

    /// <summary>
    /// The layouts to compare. SGD's momentum buffers exist only after the first step, so they are compared with their
    /// parameter's layout rather than with the trainer's current buffers.
    /// </summary>
    private static Dictionary<string, TensorLayout> Layouts(ResumeState state, IResumableTrainer trainer)
    {
        var parameters = trainer.Optimizer.parameters().ToArray();
        var layouts = state.Tensors.Where(e => !IsMomentum(e.Key)).ToDictionary(e => e.Key, e => TensorLayout.Of(e.Value), StringComparer.Ordinal);
        foreach (var (name, tensor) in state.Tensors.Where(e => IsMomentum(e.Key)))
        {
            var index = int.TryParse(name[MomentumPrefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : -1;
            var found = TensorLayout.Of(tensor);
            if (index >= 0 && index < parameters.Length && found.Equals(TensorLayout.Of(parameters[index])))
                continue;
            layouts[name] = found;
        }
        return layouts;
    }

    private const string MomentumPrefix = "optimizer.momentum_buffer.";

    private static bool IsMomentum(string name) => name.StartsWith(MomentumPrefix, StringComparison.Ordinal);

    /// <summary>The fields whose values differ between two printed declarations, or where they start to differ.</summary>
    internal static IReadOnlyList<string> DeclarationDifferences(string trainer, string checkpoint)
    {
        var ours = Fields(trainer);
        var theirs = Fields(checkpoint);
        var differences = new List<string>();
        // Fields are compared in order while both declarations name the same fields; where the shapes part (a list of
        // another length, a record of another type) the first differing characters are shown instead.
        var aligned = true;
        for (var i = 0; i < Math.Min(ours.Count, theirs.Count) && aligned; i++)
        {
            aligned = ours[i].Name == theirs[i].Name;
            if (aligned && ours[i].Value != theirs[i].Value)
                differences.Add($"the declaration differs at {ours[i].Name}: the trainer has {ours[i].Value}, the checkpoint {theirs[i].Value}.");
        }
        if (differences.Count == 0 || !aligned || ours.Count != theirs.Count)
        {
            var at = 0;
            while (at < trainer.Length && at < checkpoint.Length && trainer[at] == checkpoint[at]) at++;
            differences.Add($"the declaration differs from character {at}: the trainer has '{Excerpt(trainer, at)}', the checkpoint '{Excerpt(checkpoint, at)}'.");
        }
        return differences;
    }

    private static List<(string Name, string Value)> Fields(string printed) =>
        Regex.Matches(printed, @"(\w+) = ([^,{}\[\]]*?)(?=\s*[,}\]])").Select(m => (m.Groups[1].Value, m.Groups[2].Value.Trim())).ToList();

    private static string Excerpt(string text, int at) => text.Substring(Math.Max(0, at - 20), Math.Min(text.Length, at + 40) - Math.Max(0, at - 20));

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Doubles(IEnumerable<double> values) => string.Join(",", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
}

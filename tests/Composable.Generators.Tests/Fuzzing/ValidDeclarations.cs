using System;
using System.Collections.Generic;
using System.Linq;
using CsCheck;
using static Composable.Generators.Tests.Fuzzing.CSharpText;

namespace Composable.Generators.Tests.Fuzzing;

/// <summary>The Graph text a declaring class must get: its type name and the shared plan's rendering of the same value.</summary>
internal sealed record ExpectedGraph(string TypeName, string Text);

/// <summary>A valid declaration: the source of its file, the Graph texts it must compile to, and the shared rules' verdict on the value.</summary>
internal sealed record ValidDeclaration(string Family, string Source, IReadOnlyList<ExpectedGraph> Graphs, IReadOnlyList<DeclarationError> RuleErrors)
{
    public override string ToString() => Source;
}

/// <summary>
/// Random valid declarations of every family and topology, drawn from the schema: each generator makes a record
/// value and C# text for it together (<see cref="Code{T}"/>), so the test can run the shared plans on the very value
/// the text declares. Sizes stay small (widths ≤ 16, at most four tasks) so that compiling the output is quick.
/// </summary>
internal static class ValidDeclarations
{
    public static readonly Gen<ValidDeclaration> Any = Draw.Either(MultiTask(), Meta(), FewShot(), FineTuning());

    // ---- shared pieces -------------------------------------------------------------------------------------------

    private static readonly string[] TaskNames =
        { "Income", "Age", "Click", "Watch", "Share", "Depth", "Segment", "Price", "Volume", "Spam", "Topic", "Edge", "X1", "task_b", "Q" };

    private static readonly string[] TypeNames = { "Census", "Scene", "Learner", "Tuned", "Glyphs", "M0", "Sinusoid" };

    private static Gen<double> Positive(double low, double high, params double[] usual) =>
        Draw.Weighted((1, Draw.Const(usual)), (2, Gen.Double[low, high]));

    /// <summary>A list of one generated value per input, in order.</summary>
    private static Gen<T[]> Each<TIn, T>(IEnumerable<TIn> inputs, Func<TIn, Gen<T>> gen) =>
        inputs.Aggregate(Gen.Const(Array.Empty<T>()), (acc, input) => from xs in acc from x in gen(input) select xs.Append(x).ToArray());

    private static Gen<T[]> Pick<T>(IReadOnlyList<T> items, int min, int max) =>
        from count in Gen.Int[min, Math.Min(max, items.Count)]
        from subset in Subset(items, items.Count)
        select subset.Take(count).ToArray();

    private static Gen<T> Enum<T>() where T : struct, Enum => Draw.Const(System.Enum.GetValues<T>());

    private static Gen<Code<Optimizer>> Optimizer()
    {
        var rate = Positive(1e-5, 1, 1e-3, 0.01, 0.1, 3e-4);
        var decay = Draw.Weighted((2, Gen.Const(0.0)), (1, Gen.Double[0, 0.1]));
        var beta = Draw.Weighted((2, Gen.Const(0.9)), (1, Gen.Double[0, 0.99]));
        var beta2 = Draw.Weighted((2, Gen.Const(0.999)), (1, Gen.Double[0, 0.9999]));
        var sgd =
            from lr in rate
            from momentum in Draw.Weighted((1, Gen.Const(0.0)), (2, Gen.Double[0, 0.99]))
            from wd in decay
            from nesterovWanted in Gen.Bool
            let nesterov = nesterovWanted && momentum > 0
            from text in Call("Sgd", false, new("LearningRate", Double(lr), lr == 0.01), new("Momentum", Double(momentum), momentum == 0),
                new("WeightDecay", Double(wd), wd == 0), new("Nesterov", Bool(nesterov), !nesterov))
            select new Code<Optimizer>(new Sgd(lr, momentum, wd, nesterov), text);
        var adam =
            from lr in rate
            from wd in decay
            from b1 in beta
            from b2 in beta2
            from decoupled in Gen.Bool
            let name = decoupled ? "AdamW" : "Adam"
            let defaultDecay = decoupled ? 0.01 : 0.0
            from text in Call(name, false, new("LearningRate", Double(lr), lr == 1e-3), new("WeightDecay", Double(wd), wd == defaultDecay),
                new("Beta1", Double(b1), b1 == 0.9), new("Beta2", Double(b2), b2 == 0.999))
            select new Code<Optimizer>(decoupled ? new AdamW(lr, wd, b1, b2) : new Adam(lr, wd, b1, b2), text);
        return Draw.Either(sgd, adam);
    }

    /// <summary>An optional record argument: left out, written <c>null</c>, or given.</summary>
    private static Gen<Code<T?>> Optional<T>(Gen<Code<T>> gen) where T : class =>
        Draw.Weighted((1, Gen.Const(new Code<T?>(null, "null"))), (2, gen.Select(c => new Code<T?>(c.Value, c.Text))));

    private static Argument OptionalArgument<T>(string name, Code<T?> code) where T : class => new(name, code.Text, code.Value is null);

    private static Gen<Code<Features>> Features(int width, bool targetTyped = true) =>
        Call("Features", targetTyped, new Argument("Width", Int(width))).Select(t => new Code<Features>(new Features(width), t));

    /// <summary>
    /// A declaration's input: with a conv backbone the image it reads; else mostly features, sometimes an image its
    /// MLP reads flattened. Never target-typed: the parameter is the abstract <see cref="InputShape"/>.
    /// </summary>
    private static Gen<Code<InputShape>> Input(ConvBackbone? conv) =>
        conv is not null
            ? ImageOf(conv.Input)
            : Draw.Weighted(
                (3, from width in Gen.Int[1, 16] from features in Features(width, targetTyped: false) select new Code<InputShape>(features.Value, features.Text)),
                (1, from c in Gen.Int[1, 3] from h in Gen.Int[1, 4] from w in Gen.Int[1, 4] from image in ImageOf(new Image(c, h, w)) select image));

    private static Gen<Code<InputShape>> ImageOf(Image image) =>
        Call("Image", false, new("Channels", Int(image.Channels)), new("Height", Int(image.Height)), new("Width", Int(image.Width)))
            .Select(text => new Code<InputShape>(image, text));

    /// <summary>The text of a file declaring <paramref name="initializer"/> in a [<paramref name="attribute"/>] class.</summary>
    private static Gen<(string TypeName, string Source)> File(string attribute, string specType, string initializer, string extra = "") =>
        from typeName in Draw.Const(TypeNames)
        from ns in Draw.Const("", "namespace Fuzz;", "namespace Fuzz.Deep.Names;")
        from field in Draw.Const("Spec", "Declaration", "Value")
        from nested in Draw.Weighted((4, Gen.Const(false)), (1, Gen.Const(true)))
        from access in Draw.Const("public", "internal")
        let body = $$"""
            [{{attribute}}]
            {{access}} static partial class {{typeName}}
            {
                public static readonly {{specType}} {{field}} = {{initializer}};
            }
            """
        select (typeName, $"using Composable;\n\n{ns}\n\n{extra}\n{(nested ? $"public static partial class Outer\n{{\n{body}\n}}" : body)}\n");

    // ---- multi-task ----------------------------------------------------------------------------------------------

    private static Gen<Code<Target>> Target() => Draw.Either(
        from outputs in Gen.Int[1, 4]
        from text in Call("Regression", false, new Argument("Outputs", Int(outputs), outputs == 1))
        select new Code<Target>(new Regression(outputs), text),
        Call("Binary", false).Select(t => new Code<Target>(new Binary(), t)),
        from classes in Gen.Int[2, 6]
        from text in Call("MultiClass", false, new Argument("Classes", Int(classes)))
        select new Code<Target>(new MultiClass(classes), text),
        from labels in Gen.Int[1, 5]
        from text in Call("MultiLabel", false, new Argument("Labels", Int(labels)))
        select new Code<Target>(new MultiLabel(labels), text));

    private static readonly Loss[] AllLosses = System.Enum.GetValues<Loss>();

    private static Gen<Code<TaskSpec>> Task(string name, Gen<Code<Target>> targets) =>
        from target in targets
        from weight in Positive(1e-3, 10, 1.0, 0.5, 2.0)
        from loss in Draw.Const(AllLosses.Where(target.Value.Accepts).ToArray())
        from text in Call("TaskSpec", true, new("Name", String(name)), new("Target", target.Text),
            new("Weight", Double(weight), weight == 1.0), new("Loss", CSharpText.Enum(loss), loss == Loss.Default))
        select new Code<TaskSpec>(new TaskSpec(name, target.Value, weight, loss), text);

    private static Gen<Code<TaskSpec>[]> Tasks(int min, int max) =>
        from names in Pick(TaskNames, min, max)
        from tasks in Each(names, name => Task(name, Target()))
        select tasks;

    private static Gen<Code<ValueList<TaskSpec>>> TaskList(Code<TaskSpec>[] tasks) =>
        tasks.Any(t => t.Text.StartsWith("new(", StringComparison.Ordinal))
            ? Gen.Const(new Code<ValueList<TaskSpec>>(ValueList.From(tasks.Select(t => t.Value)), "[" + string.Join(", ", tasks.Select(t => t.Text)) + "]"))
            : ListOf(tasks);

    /// <summary>Indices into <paramref name="layers"/> layers: left out (null, every or the first layer) or a non-empty distinct subset.</summary>
    private static Gen<Code<ValueList<int>?>> LayerIndices(int layers) => Draw.Weighted(
        (1, Gen.Const(new Code<ValueList<int>?>(null, "null"))),
        (2, from at in Subset(Enumerable.Range(0, layers).ToArray(), 1)
            from text in List(at.Select(Int).ToArray())
            select new Code<ValueList<int>?>(ValueList.From(at), text)));

    private static Argument IndicesArgument(string name, Code<ValueList<int>?> at) => new(name, at.Text, at.Value is null);

    /// <param name="tasks">The declaration's tasks.</param>
    /// <param name="composable">Whether any topology may be drawn (else hard sharing only).</param>
    /// <param name="blocks">The conv backbone's block count, or null without one: a cross-stitch over it may stitch its blocks.</param>
    private static Gen<Code<Sharing>> Sharing(IReadOnlyList<TaskSpec> tasks, bool composable = true, int? blocks = null)
    {
        var k = tasks.Count;
        var independent =
            from layers in Widths(0, 3)
            from text in Call("Independent", false, new Argument("Layers", layers.Text))
            select new Code<Sharing>(new Independent(layers.Value), text);
        var hard =
            from trunk in Widths(1, 3)
            from towers in Draw.Weighted((1, Gen.Const((Code<ValueList<int>>?)null)), (2, Widths(0, 2).Select(w => (Code<ValueList<int>>?)w)))
            from text in Call("HardSharing", false, new("Trunk", trunk.Text), new("Towers", towers?.Text ?? "null", towers is null))
            select new Code<Sharing>(new HardSharing(trunk.Value, towers?.Value), text);
        var sameHeads = tasks.All(t => t.Target.GetType() == tasks[0].Target.GetType() && t.Target.OutputWidth == tasks[0].Target.OutputWidth);
        var descriptor = Draw.Either(
            Gen.Const(new Code<TaskDescriptor?>(null, "null")),
            Call("OneHot", false).Select(t => new Code<TaskDescriptor?>(new OneHot(), t)),
            from width in Gen.Int[1, 8]
            from text in Call("LearnedEmbedding", false, new Argument("Width", Int(width)))
            select new Code<TaskDescriptor?>(new LearnedEmbedding(width), text));
        var conditioned =
            from layers in Widths(1, 3)
            from conditioning in Enum<Conditioning>()
            from z in descriptor
            from at in LayerIndices(layers.Value.Count)
            from output in sameHeads ? Enum<TaskOutput>() : Gen.Const(TaskOutput.PerTaskHeads)
            from text in Call("TaskConditioned", false, new("Layers", layers.Text), new("Conditioning", CSharpText.Enum(conditioning)),
                OptionalArgument("Descriptor", z), IndicesArgument("At", at), new("Output", CSharpText.Enum(output), output == TaskOutput.PerTaskHeads))
            select new Code<Sharing>(new TaskConditioned(layers.Value, conditioning, z.Value, at.Value, output), text);
        var mixture =
            from experts in Gen.Int[1, 4]
            from expertLayers in Widths(1, 2, 8)
            from towers in Draw.Weighted((1, Gen.Const((Code<ValueList<int>>?)null)), (2, Widths(0, 2, 8).Select(w => (Code<ValueList<int>>?)w)))
            from taskExperts in Gen.Int[0, 2]
            from gating in taskExperts == 0 ? Enum<Gating>() : Gen.Const(Gating.PerTask)
            from levels in taskExperts == 0 ? Gen.Const(1) : Gen.Int[1, 3]
            from text in Call("MixtureOfExperts", false, new("Experts", Int(experts)), new("ExpertLayers", expertLayers.Text),
                new("TowerLayers", towers?.Text ?? "null", towers is null), new("Gating", CSharpText.Enum(gating), gating == Gating.PerTask),
                new("TaskExperts", Int(taskExperts), taskExperts == 0), new("Levels", Int(levels), levels == 1))
            select new Code<Sharing>(new MixtureOfExperts(experts, expertLayers.Value, towers?.Value, gating, taskExperts, levels), text);
        var soft =
            from layers in Widths(1, 3)
            from strength in Draw.Weighted((1, Gen.Const(0.0)), (3, Gen.Double[0, 10]))
            from penalty in Enum<SharingPenalty>()
            from at in LayerIndices(layers.Value.Count)
            from text in Call("SoftSharing", false, new("Layers", layers.Text), new("Strength", Double(strength)),
                new("Penalty", CSharpText.Enum(penalty), penalty == SharingPenalty.SquaredDistanceToMean), IndicesArgument("At", at))
            select new Code<Sharing>(new SoftSharing(layers.Value, strength, penalty, at.Value), text);
        Gen<Code<Sharing>> Stitch(int? stitchable) =>
            from layers in Widths(1, 3)
            from at in LayerIndices(layers.Value.Count)
            from mixing in Mixing(k)
            // Conv columns: their blocks stitched as listed (null: all, or none of them).
            from blocksAt in stitchable is { } count
                ? Draw.Weighted((2, LayerIndices(count)), (1, Gen.Const(new Code<ValueList<int>?>(ValueList<int>.Empty, "[]"))))
                : Gen.Const(new Code<ValueList<int>?>(null, "null"))
            from text in Call("CrossStitch", false, new("Layers", layers.Text), IndicesArgument("At", at),
                new("Self", Double(mixing.Self), mixing.Self == 0.9), new("Others", mixing.Others is { } o ? Double(o) : "null", mixing.Others is null),
                IndicesArgument("BlocksAt", blocksAt))
            select new Code<Sharing>(new CrossStitch(layers.Value, at.Value, mixing.Self, mixing.Others, blocksAt.Value), text);
        var stitch = Stitch(blocks);
        var sluice =
            from subspaces in Gen.Int[1, 3]
            from multiples in Gen.Int[1, 4].Array[1, 3]
            let widths = multiples.Select(m => m * subspaces).ToArray()
            from layersText in List(widths.Select(Int).ToArray())
            from mixing in Mixing(k * subspaces)
            from text in Call("Sluice", false, new("Layers", layersText), new("Subspaces", Int(subspaces), subspaces == 2),
                new("Self", Double(mixing.Self), mixing.Self == 0.9), new("Others", mixing.Others is { } o ? Double(o) : "null", mixing.Others is null))
            select new Code<Sharing>(new Sluice(ValueList.From(widths), subspaces, mixing.Self, mixing.Others), text);
        var composition =
            from trunk in Widths(1, 2)
            from then in Draw.Either(mixture, Stitch(null), sluice)
            from text in Call("Composition", false, new("Trunk", trunk.Text), new("Then", then.Text))
            select new Code<Sharing>(new Composition(trunk.Value, then.Value), text);
        return composable
            ? Draw.Either(independent, hard, conditioned, mixture, soft, stitch, sluice, composition)
            : hard;
    }

    /// <summary>Initial mixing weights whose rows sum to 1 over <paramref name="units"/> units (Others left out or written exactly).</summary>
    private static Gen<(double Self, double? Others)> Mixing(int units) =>
        units == 1
            ? Draw.Weighted((1, Gen.Const((double?)null)), (1, Gen.Double[0, 1].Select(o => (double?)o))).Select(o => (1.0, o))
            : from self in Draw.Weighted((1, Gen.Const(0.9)), (2, Gen.Double[0, 1]))
              from written in Gen.Bool
              select (self, written ? (1 - self) / (units - 1) : (double?)null);

    /// <summary>An objective the declaration accepts: gradient methods and GradNorm only where <paramref name="shares"/> (parameters more than one task reaches).</summary>
    private static Gen<Code<Objective?>> Objective(Sharing sharing, bool shares, int tasks)
    {
        var two = tasks >= 2;
        var options = new List<Gen<Code<Objective?>>>
        {
            Gen.Const(new Code<Objective?>(null, "null")),
            from sampling in Enum<TaskSampling>()
            from text in Call("WeightedSum", false, new Argument("Sampling", CSharpText.Enum(sampling), sampling == TaskSampling.AllTasks))
            select new Code<Objective?>(new WeightedSum(sampling), text),
            from s in Draw.Weighted((1, Gen.Const(0.0)), (1, Gen.Double[-20, 20]))
            from text in Call("UncertaintyWeighting", false, new Argument("InitialLogVariance", Double(s), s == 0))
            select new Code<Objective?>(new UncertaintyWeighting(s), text),
            Call("GeometricLoss", false).Select(t => new Code<Objective?>(new GeometricLoss(), t)),
        };
        if (two)
        {
            options.Add(from t in Positive(1e-3, 10, 2.0)
                        from text in Call("DynamicWeightAverage", false, new Argument("Temperature", Double(t), t == 2.0))
                        select new Code<Objective?>(new DynamicWeightAverage(t), text));
            options.Add(Call("RandomLossWeighting", false).Select(t => new Code<Objective?>(new RandomLossWeighting(), t)));
            options.Add(Call("ImtlLoss", false).Select(t => new Code<Objective?>(new ImtlLoss(), t)));
        }
        if (two && shares)
        {
            options.Add(from a in Draw.Weighted((1, Gen.Const(1.5)), (1, Gen.Double[0, 3]))
                        from text in Call("GradNorm", false, new Argument("Alpha", Double(a), a == 1.5))
                        select new Code<Objective?>(new GradNorm(a), text));
            options.Add(Call("PCGrad", false).Select(t => new Code<Objective?>(new PCGrad(), t)));
            options.Add(from upper in sharing is HardSharing ? Gen.Bool : Gen.Const(false)
                        from normalization in Enum<GradientNormalization>()
                        from text in Call("Mgda", false, new("UpperBound", Bool(upper), upper), new("Normalization", CSharpText.Enum(normalization), normalization == GradientNormalization.None))
                        select new Code<Objective?>(new Mgda(upper, normalization), text));
            options.Add(from c in Draw.Weighted((1, Gen.Const(0.4)), (1, Gen.Double[0, 0.99]))
                        from text in Call("CAGrad", false, new Argument("C", Double(c), c == 0.4))
                        select new Code<Objective?>(new CAGrad(c), text));
            options.Add(Call("ImtlGradient", false).Select(t => new Code<Objective?>(new ImtlGradient(), t)));
            options.Add(from maxNorm in Draw.Weighted((1, Gen.Const(1.0)), (1, Gen.Double[0, 5]))
                        from every in Gen.Int[1, 3]
                        from text in Call("NashMtl", false, new("MaxNorm", Double(maxNorm), maxNorm == 1.0), new("UpdateEvery", Int(every), every == 1))
                        select new Code<Objective?>(new NashMtl(maxNorm, every), text));
            options.Add(Call("AlignedMtl", false).Select(t => new Code<Objective?>(new AlignedMtl(), t)));
            options.Add(from beta in Draw.Weighted((1, Gen.Const(0.01)), (1, Gen.Double[1e-4, 1]))
                        from text in Call("GradVac", false, new Argument("Beta", Double(beta), beta == 0.01))
                        select new Code<Objective?>(new GradVac(beta), text));
        }
        return Draw.Either(options.ToArray());
    }

    /// <summary>A valid multi-task declaration value and its <c>new(...)</c> text; <paramref name="hardOnly"/> for a fine-tuning trunk source.</summary>
    internal static Gen<Code<MultiTaskSpec>> MultiTaskSpec(bool hardOnly = false) =>
        // One in four draws reads images through a conv backbone (not a fine-tuning trunk source): Input is then its image.
        from backbone in hardOnly ? Gen.Const((Code<Backbone>?)null) : Draw.Weighted((3, Gen.Const((Code<Backbone>?)null)), (1, ConvBackbone().Select(b => (Code<Backbone>?)b)))
        from input in Input(backbone?.Value as ConvBackbone)
        from tasks in Tasks(1, 4)
        from taskList in TaskList(tasks)
        from sharing in Sharing(tasks.Select(t => t.Value).ToArray(), !hardOnly, backbone?.Value is ConvBackbone conv ? ConvPlan.BlockCount(conv) : null)
        let shares = ObjectivePlan.SharesParameters(new MultiTaskSpec(input.Value, taskList.Value, sharing.Value, Backbone: backbone?.Value))
        from objective in Objective(sharing.Value, shares, tasks.Length)
        from optimizer in Optional(Optimizer())
        from activation in Enum<Activation>()
        from dropout in Draw.Weighted((2, Gen.Const(0.0)), (1, Gen.Double[0, 0.9]))
        from text in Call("MultiTaskSpec", true, new("Input", input.Text), new("Tasks", taskList.Text), new("Sharing", sharing.Text),
            OptionalArgument("Objective", objective), OptionalArgument("Optimizer", optimizer),
            new("Activation", CSharpText.Enum(activation), activation == Activation.Relu), new("Dropout", Double(dropout), dropout == 0),
            new("Backbone", backbone?.Text ?? "null", backbone is null))
        select new Code<MultiTaskSpec>(new MultiTaskSpec(input.Value, taskList.Value, sharing.Value, objective.Value, optimizer.Value, activation, dropout, backbone?.Value), text);

    public static Gen<ValidDeclaration> MultiTask() =>
        from spec in MultiTaskSpec()
        from file in File("MultiTaskModel", "MultiTaskSpec", spec.Text)
        select new ValidDeclaration("MultiTaskModel", file.Source,
            new[] { new ExpectedGraph(file.TypeName, GraphText.Render($"{file.TypeName}.Model", ModelPlan.For(spec.Value))) },
            MultiTaskRules.Validate(spec.Value));

    // ---- episodes and backbones ------------------------------------------------------------------------------------

    private static Gen<Code<Episodes>> Classification(int minWays = 2) =>
        from ways in Gen.Int[minWays, 5]
        from shots in Gen.Int[1, 5]
        from queries in Gen.Int[1, 5]
        from text in Call("FewShotClassification", false, new("Ways", Int(ways)), new("Shots", Int(shots)), new("Queries", Int(queries)))
        select new Code<Episodes>(new FewShotClassification(ways, shots, queries), text);

    private static Gen<Code<Episodes>> RegressionEpisodes() =>
        from shots in Gen.Int[1, 10]
        from queries in Gen.Int[1, 10]
        from text in Call("FewShotRegression", false, new("Shots", Int(shots)), new("Queries", Int(queries)))
        select new Code<Episodes>(new FewShotRegression(shots, queries), text);

    private static Gen<Code<Backbone>> ConvBackbone() =>
        from channels in Gen.Int[1, 3]
        from height in Gen.Int[2, 16]
        from width in Gen.Int[2, 16]
        from image in Call("Image", true, new("Channels", Int(channels)), new("Height", Int(height)), new("Width", Int(width)))
        from blockChannels in Draw.Weighted((4, Gen.Int[1, 8]), (1, Gen.Const(64)))
        // Block settings: the usual ones half the time, else any kernel, padding, pooling, norm, readout, widths and
        // residual blocks that fit; declared widths set the blocks (cut to the blocks that fit), else Blocks does.
        from blocks in Draw.Weighted((1, Gen.Const(UsualBlocks(blockChannels))), (1, BlockSettings(blockChannels)))
        let shape = blocks.Value with { Input = new Image(channels, height, width) }
        let fitting = Math.Min(4, ConvPlan.FittingBlocks(shape.Widths is { } w ? shape with { Widths = ValueList.From(Enumerable.Repeat(w[0], ConvPlan.MaxBlocks)) } : shape with { Blocks = ConvPlan.MaxBlocks }))
        where fitting >= 1
        from count in Gen.Int[1, fitting]
        let value = shape.Widths is { } widths ? shape with { Widths = ValueList.From(widths.Take(count)) } : shape with { Blocks = count }
        from text in Call("ConvBackbone", false, new[] { new Argument("Input", image), new("Blocks", Int(count), count == 4 || value.Widths is not null) }
            .Concat(blocks.Arguments)
            .Append(new Argument("Widths", value.Widths is { } written ? "[" + string.Join(", ", written.Select(Int)) + "]" : "null", value.Widths is null))
            .Append(new Argument("Residual", value.Residual ? "true" : "false", !value.Residual))
            .Append(new Argument("Activation", CSharpText.Enum(value.Activation), value.Activation == Activation.Relu)).ToArray())
        select new Code<Backbone>(value, text);

    /// <summary>A backbone's block settings (its image and count set later) and the arguments that declare them.</summary>
    private sealed record BlockDraw(ConvBackbone Value, Argument[] Arguments);

    private static BlockDraw UsualBlocks(int channels) =>
        new(new ConvBackbone(new Image(1, 1, 1), Channels: channels),
        [
            new("Channels", Int(channels), channels == 64), new("Kernel", "3", true), new("Padding", "null", true),
            new("Pooling", CSharpText.Enum(BlockPooling.Max), true), new("PoolSize", "2", true), new("Norm", CSharpText.Enum(BlockNorm.Batch), true),
            new("NormGroups", "8", true), new("Readout", CSharpText.Enum(BackboneReadout.Flatten), true),
        ]);

    private static Gen<BlockDraw> BlockSettings(int channels) =>
        from residual in Draw.Weighted((3, Gen.Const(false)), (1, Gen.Const(true)))
        from kernel in residual ? Draw.Const(1, 3, 5) : Gen.Int[1, 5]
        from padding in residual ? Gen.Const((int?)null) : Draw.Weighted((1, Gen.Const((int?)null)), (1, Gen.Int[0, kernel - 1].Select(p => (int?)p)))
        from pooling in Enum<BlockPooling>()
        from poolSize in Gen.Int[1, 3]
        from norm in Enum<BlockNorm>()
        // Declared widths (a list the caller cuts to the blocks that fit) in one draw of three; group norm then takes one group.
        from widths in Draw.Weighted((2, Gen.Const((int[]?)null)), (1, Gen.Int[1, 8].Array[4].Select(a => (int[]?)a)))
        from groups in widths is null ? Draw.Const(Enumerable.Range(1, channels).Where(g => channels % g == 0).ToArray()) : Gen.Const(1)
        from readout in Enum<BackboneReadout>()
        from activation in Draw.Weighted((2, Gen.Const(Activation.Relu)), (1, Enum<Activation>()))
        select new BlockDraw(
            new ConvBackbone(new Image(1, 1, 1), Channels: widths is null ? channels : 64, Kernel: kernel, Padding: padding, Pooling: pooling, PoolSize: poolSize,
                Norm: norm, NormGroups: norm == BlockNorm.Group ? groups : 8, Readout: readout, Widths: widths is null ? null : ValueList.From(widths), Residual: residual, Activation: activation),
            [
                new("Channels", Int(widths is null ? channels : 64), channels == 64 || widths is not null), new("Kernel", Int(kernel), kernel == 3),
                new("Padding", padding is { } p ? Int(p) : "null", padding is null),
                new("Pooling", CSharpText.Enum(pooling), pooling == BlockPooling.Max), new("PoolSize", Int(poolSize), poolSize == 2),
                new("Norm", CSharpText.Enum(norm), norm == BlockNorm.Batch),
                new("NormGroups", Int(groups), norm != BlockNorm.Group || groups == 8),
                new("Readout", CSharpText.Enum(readout), readout == BackboneReadout.Flatten),
            ]);

    private static Gen<Code<Backbone>> Backbone()
    {
        var mlp =
            from width in Gen.Int[1, 16]
            from input in Features(width)
            from layers in Widths(1, 3)
            from activation in Enum<Activation>()
            from text in Call("MlpBackbone", false, new("Input", input.Text), new("Layers", layers.Text),
                new("Activation", CSharpText.Enum(activation), activation == Activation.Relu))
            select new Code<Backbone>(new MlpBackbone(input.Value, layers.Value, activation), text);
        return Draw.Either(mlp, ConvBackbone());
    }

    // ---- meta-learning -------------------------------------------------------------------------------------------

    private static Gen<Code<MetaLearner>> MetaLearner(bool anil)
    {
        var steps = Gen.Int[1, 3];
        var rate = Positive(1e-4, 0.5, 0.01, 0.1);
        var batch = Draw.Weighted((4, Gen.Int[1, 8]), (1, Gen.Const(25)));
        if (anil)
            return from s in steps from r in rate from b in batch from first in Gen.Bool
                   from text in Call("Anil", false, new("InnerSteps", Int(s), s == 1), new("InnerLearningRate", Double(r), r == 0.01),
                       new("MetaBatch", Int(b), b == 25), new("FirstOrder", Bool(first), !first))
                   select new Code<MetaLearner>(new Anil(s, r, b, first), text);
        return Draw.Either(
            from s in steps from r in rate from b in batch from first in Gen.Bool
            from text in Call("Maml", false, new("InnerSteps", Int(s), s == 1), new("InnerLearningRate", Double(r), r == 0.01),
                new("MetaBatch", Int(b), b == 25), new("FirstOrder", Bool(first), !first))
            select new Code<MetaLearner>(new Maml(s, r, b, first), text),
            from s in Draw.Weighted((3, steps), (1, Gen.Const(5))) from r in rate from b in batch
            from text in Call("Reptile", false, new("InnerSteps", Int(s), s == 5), new("InnerLearningRate", Double(r), r == 0.01), new("MetaBatch", Int(b), b == 25))
            select new Code<MetaLearner>(new Reptile(s, r, b), text),
            from s in steps from r in rate from b in batch from learned in Enum<LearnedRate>() from first in Gen.Bool
            from text in Call("MetaSgd", false, new("InnerSteps", Int(s), s == 1), new("InnerLearningRate", Double(r), r == 0.01),
                new("MetaBatch", Int(b), b == 25), new("Rate", CSharpText.Enum(learned), learned == LearnedRate.PerParameter), new("FirstOrder", Bool(first), !first))
            select new Code<MetaLearner>(new MetaSgd(s, r, b, learned, first), text));
    }

    public static Gen<ValidDeclaration> Meta() =>
        from anil in Draw.Weighted((3, Gen.Const(false)), (1, Gen.Const(true)))
        // One in four draws adapts a conv backbone: no hidden layers, Input its image, Adapt left to its default.
        from backbone in Draw.Weighted((3, Gen.Const((Code<Backbone>?)null)), (1, ConvBackbone().Select(b => (Code<Backbone>?)b)))
        let conv = backbone?.Value as ConvBackbone
        from input in Input(conv)
        from layers in conv is not null ? Widths(0, 0) : Widths(anil ? 1 : 0, 3)
        from episodes in Draw.Either(RegressionEpisodes(), Classification())
        from outputs in episodes.Value is FewShotClassification c ? Gen.Const(c.Ways) : Gen.Int[1, 4]
        from learner in MetaLearner(anil)
        from outer in Optional(Optimizer())
        // A conv backbone has no MLP, so its activation stays the default (another is CMP0101).
        from activation in conv is not null ? Gen.Const(Activation.Relu) : Enum<Activation>()
        let selectable = anil
            ? new[] { "head", "head.weight", "head.bias" }
            : MetaPlan.LayersOf(input.Value.Size, layers.Value, outputs).SelectMany(l => new[] { l.Name, l.Name + ".weight", l.Name + ".bias" }).ToArray()
        from adaptWritten in conv is not null ? Gen.Const(false) : Gen.Bool
        from adapt in Subset(selectable, 1)
        from adaptText in List(adapt.Select(String).ToArray())
        // One in three draws runs its meta-batch in passes of 1 to MetaBatch tasks.
        from tasksPerPass in Draw.Weighted((2, Gen.Const((int?)null)), (1, Gen.Int[1, learner.Value.MetaBatch].Select(n => (int?)n)))
        from text in Call("MetaLearnerSpec", true, new("Input", input.Text), new("Layers", layers.Text), new("Outputs", Int(outputs)),
            new("Episodes", episodes.Text), new("Learner", learner.Text), OptionalArgument("Outer", outer),
            new("Activation", CSharpText.Enum(activation), activation == Activation.Relu), new("Adapt", adaptWritten ? adaptText : "null", !adaptWritten),
            new("Backbone", backbone?.Text ?? "null", backbone is null),
            new("TasksPerPass", tasksPerPass is { } n ? Int(n) : "null", tasksPerPass is null))
        let spec = new MetaLearnerSpec(input.Value, layers.Value, outputs, episodes.Value, learner.Value, outer.Value, activation,
            adaptWritten ? ValueList.From(adapt) : null, backbone?.Value, tasksPerPass)
        from file in File("MetaLearner", "MetaLearnerSpec", text)
        select new ValidDeclaration("MetaLearner", file.Source,
            new[] { new ExpectedGraph(file.TypeName, MetaGraphText.Render($"{file.TypeName}.Network", MetaPlan.For(spec))) },
            MetaRules.Validate(spec));

    // ---- few-shot ------------------------------------------------------------------------------------------------

    private static Gen<Code<FewShotLearner>> FewShotLearner()
    {
        var scale = Positive(1e-2, 50, 10.0, 12.5);
        return Draw.Either(
            from distance in Enum<Distance>() from s in scale
            from text in Call("Prototypical", false, new("Distance", CSharpText.Enum(distance), distance == Distance.SquaredEuclidean), new("CosineScale", Double(s), s == 10.0))
            select new Code<FewShotLearner>(new Prototypical(distance, s), text),
            from s in scale
            from text in Call("Matching", false, new Argument("CosineScale", Double(s), s == 10.0))
            select new Code<FewShotLearner>(new Matching(s), text),
            from layers in Widths(0, 2)
            from text in Call("Relation", false, new Argument("Layers", layers.Text))
            select new Code<FewShotLearner>(new Relation(layers.Value), text),
            from hidden in Gen.Int[1, 16] from depth in Gen.Int[1, 2]
            from text in Call("LstmReader", false, new("Hidden", Int(hidden), hidden == 128), new("Layers", Int(depth), depth == 1))
            select new Code<FewShotLearner>(new LstmReader(hidden, depth), text),
            from heads in Gen.Int[1, 4] from perHead in Gen.Int[1, 4] from depth in Gen.Int[1, 2]
            let width = heads * perHead
            from text in Call("AttentionReader", false, new("Width", Int(width), width == 64), new("Heads", Int(heads), heads == 4), new("Layers", Int(depth), depth == 2))
            select new Code<FewShotLearner>(new AttentionReader(width, heads, depth), text));
    }

    public static Gen<ValidDeclaration> FewShot() =>
        from backbone in Backbone()
        from episodes in Classification()
        from learner in FewShotLearner()
        from outer in Optional(Optimizer())
        from metaBatch in Gen.Int[1, 4]
        from text in Call("FewShotLearnerSpec", true, new("Backbone", backbone.Text), new("Episodes", episodes.Text), new("Learner", learner.Text),
            OptionalArgument("Outer", outer), new("MetaBatch", Int(metaBatch), metaBatch == 1))
        let spec = new FewShotLearnerSpec(backbone.Value, episodes.Value, learner.Value, outer.Value, metaBatch)
        from file in File("FewShotLearner", "FewShotLearnerSpec", text)
        select new ValidDeclaration("FewShotLearner", file.Source,
            new[] { new ExpectedGraph(file.TypeName, FewShotGraphText.Render($"{file.TypeName}.Network", FewShotPlan.For(spec))) },
            FewShotRules.Validate(spec));

    // ---- fine-tuning ---------------------------------------------------------------------------------------------

    /// <summary>A transfer source, its text, and (for a trunk declared in its own [MultiTaskModel] class) that class's source.</summary>
    private sealed record Source(TransferSource Value, string Text, string? Pretrained);

    private static Gen<Source> TransferSource() => Draw.Either(
        from backbone in Backbone()
        from tasks in Draw.Weighted((1, Gen.Const(Array.Empty<Code<TaskSpec>>())), (2, Tasks(1, 3)))
        from taskList in TaskList(tasks)
        from text in Call("BackboneSource", false, new("Backbone", backbone.Text), new("Tasks", tasks.Length == 0 ? "null" : taskList.Text, tasks.Length == 0))
        select new Source(new BackboneSource(backbone.Value, tasks.Length == 0 ? null : taskList.Value), text, null),
        from network in MultiTaskSpec(hardOnly: true)
        from separate in Gen.Bool
        from text in Call("TrunkSource", false, new Argument("Network", separate ? "Pretrained.Spec" : network.Text))
        select new Source(new TrunkSource(network.Value), text,
            separate ? $"[MultiTaskModel]\npublic static partial class Pretrained\n{{\n    public static readonly MultiTaskSpec Spec = {network.Text};\n}}\n" : null));

    private static Gen<Code<LearningRateSchedule?>> Schedule() => Draw.Either(
        Gen.Const(new Code<LearningRateSchedule?>(null, "null")),
        from steps in Gen.Int[1, 1000]
        from warmup in Gen.Int[0, steps - 1]
        from final in Draw.Weighted((1, Gen.Const(0.0)), (2, Gen.Double[0, 1]))
        from text in Call("WarmupCosine", false, new("Steps", Int(steps)), new("WarmupSteps", Int(warmup), warmup == 0), new("FinalFactor", Double(final), final == 0))
        select new Code<LearningRateSchedule?>(new WarmupCosine(steps, warmup, final), text),
        from size in Gen.Int[1, 200]
        from gamma in Draw.Weighted((1, Gen.Const(0.1)), (2, Gen.Double[1e-3, 1]))
        from warmup in Gen.Int[0, 50]
        from text in Call("WarmupStep", false, new("StepSize", Int(size)), new("Gamma", Double(gamma), gamma == 0.1), new("WarmupSteps", Int(warmup), warmup == 0))
        select new Code<LearningRateSchedule?>(new WarmupStep(size, gamma, warmup), text));

    private static Gen<Code<LayerRates?>> Rates(IReadOnlyList<string> blocks) => Draw.Either(
        Gen.Const(new Code<LayerRates?>(null, "null")),
        from decay in Positive(0.1, 5, 2.6)
        from text in Call("DiscriminativeRates", false, new Argument("Decay", Double(decay), decay == 2.6))
        select new Code<LayerRates?>(new DiscriminativeRates(decay), text),
        from named in Subset(blocks.Append(FineTuningPlan.HeadBlock).ToArray(), 0)
        from rates in Each(named, name =>
            from rate in Positive(1e-5, 0.1, 1e-3, 1e-4)
            from text in Call("LayerRate", true, new("Layer", String(name)), new("LearningRate", Double(rate)))
            select new Code<LayerRate>(new LayerRate(name, rate), text))
        from list in rates.Any(r => r.Text.StartsWith("new(", StringComparison.Ordinal))
            ? Gen.Const("[" + string.Join(", ", rates.Select(r => r.Text)) + "]")
            : List(rates.Select(r => r.Text).ToArray())
        from text in Call("ExplicitRates", false, new Argument("Rates", list))
        select new Code<LayerRates?>(new ExplicitRates(ValueList.From(rates.Select(r => r.Value))), text));

    public static Gen<ValidDeclaration> FineTuning() =>
        from source in TransferSource()
        let blocks = FineTuningPlan.BlockNamesOf(source.Value)
        let held = FineTuningPlan.SourceTasksOf(source.Value)
        from keep in held.Count > 0 ? Gen.Bool : Gen.Const(false)
        from tasks in keep
            ? from count in Gen.Int[1, held.Count]
              from kept in Each(held.Take(count), t => Task(t.Name, Gen.Const(new Code<Target>(t.Target, TargetText(t.Target)))))
              select kept
            : Tasks(1, 3)
        from taskList in TaskList(tasks)
        from frozen in Draw.Weighted((1, Gen.Const(Array.Empty<string>())), (2, Subset(blocks, 0)))
        from frozenText in List(frozen.Select(String).ToArray())
        let thawable = blocks.Count(b => !frozen.Contains(b))
        from unfreezing in thawable == 0 ? Gen.Const(new Code<GradualUnfreezing?>(null, "null")) : Unfreezing(thawable)
        from rates in Rates(blocks)
        from schedule in Schedule()
        from optimizer in Optional(Optimizer())
        from sampling in Enum<TaskSampling>()
        from text in Call("FineTuningSpec", true, new("Source", source.Text), new("Tasks", taskList.Text),
            new("Head", CSharpText.Enum(keep ? HeadInitialisation.Keep : HeadInitialisation.Reinitialise), !keep),
            new("Frozen", frozen.Length == 0 ? "null" : frozenText, frozen.Length == 0), OptionalArgument("Unfreezing", unfreezing),
            OptionalArgument("Rates", rates), OptionalArgument("Schedule", schedule), OptionalArgument("Optimizer", optimizer),
            new("Sampling", CSharpText.Enum(sampling), sampling == TaskSampling.AllTasks))
        let spec = new FineTuningSpec(source.Value, taskList.Value, keep ? HeadInitialisation.Keep : HeadInitialisation.Reinitialise,
            frozen.Length == 0 ? null : ValueList.From(frozen), unfreezing.Value, rates.Value, schedule.Value, optimizer.Value, sampling)
        from file in File("FineTuning", "FineTuningSpec", text, source.Pretrained ?? "")
        select new ValidDeclaration("FineTuning", file.Source, Graphs(file.TypeName, spec, source.Pretrained is not null),
            FineTuningRules.Validate(spec));

    private static ExpectedGraph[] Graphs(string typeName, FineTuningSpec spec, bool pretrainedClass)
    {
        var graphs = new List<ExpectedGraph> { new(typeName, FineTuningGraphText.Render($"{typeName}.Model", FineTuningPlan.For(spec))) };
        if (pretrainedClass && spec.Source is TrunkSource trunk)
            graphs.Add(new ExpectedGraph("Pretrained", GraphText.Render("Pretrained.Model", ModelPlan.For(trunk.Network))));
        return graphs.ToArray();
    }

    private static Gen<Code<GradualUnfreezing?>> Unfreezing(int thawable) =>
        from every in Gen.Int[1, 3]
        from blocks in Draw.Weighted((1, Gen.Const((int?)null)), (2, Gen.Int[1, thawable].Select(b => (int?)b)))
        from text in Call("GradualUnfreezing", true, new("EveryEpochs", Int(every), every == 1), new("Blocks", blocks is { } b ? Int(b) : "null", blocks is null))
        select new Code<GradualUnfreezing?>(new GradualUnfreezing(every, blocks), text);

    private static string TargetText(Target target) => target switch
    {
        Regression r => $"new Regression({Int(r.Outputs)})",
        Binary => "new Binary()",
        MultiClass c => $"new MultiClass({Int(c.Classes)})",
        MultiLabel l => $"new MultiLabel({Int(l.Labels)})",
        _ => throw new ArgumentOutOfRangeException(nameof(target)),
    };
}

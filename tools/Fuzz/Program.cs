using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using CsCheck;
using Composable.Generators.Tests;
using Composable.Generators.Tests.Fuzzing;

// The long fuzz run: valid declarations (one in five inputs) and mutations of them for four fifths of --minutes (or
// for --iterations inputs), then, for the last fifth, every character prefix of the sample declarations in turn (the
// states an editor passes through while one is typed); one valid declaration in ten is also run generated ==
// interpreted (NumericOracle); prints the figures README.md quotes.
var minutes = Option("--minutes", 10.0);
var iterations = (long)Option("--iterations", -1.0);
var seed = args.SkipWhile(a => a != "--seed").Skip(1).FirstOrDefault();

long valid = 0, numeric = 0, mutants = 0, prefixes = 0;
var ids = new ConcurrentDictionary<string, long>();
var clock = Stopwatch.StartNew();
var failure = (string?)null;

var inputs = Draw.Weighted(
    (1, ValidDeclarations.Any.Select(d => (Valid: (ValidDeclaration?)d, Mutant: (Mutant?)null))),
    (4, Mutations.Of(ValidDeclarations.Any).Select(m => (Valid: (ValidDeclaration?)null, Mutant: (Mutant?)m))));
try
{
    inputs.Sample(input =>
    {
        if (input.Valid is { } declaration)
        {
            GeneratorOracle.CheckValid(declaration);
            // One valid declaration in ten is also compiled, loaded and run beside the interpreted trainer.
            if (Interlocked.Increment(ref valid) % 10 == 0)
            {
                NumericOracle.CheckGeneratedEqualsInterpreted(declaration);
                Interlocked.Increment(ref numeric);
            }
        }
        else
        {
            foreach (var id in GeneratorOracle.CheckAny(input.Mutant!.Source)) ids.AddOrUpdate(id, 1, (_, n) => n + 1);
            Interlocked.Increment(ref mutants);
        }
    }, seed: seed, iter: iterations, time: iterations < 0 ? (int)(minutes * 60 * 0.8) : -1, threads: 1,
    print: input => input.Valid?.ToString() ?? input.Mutant!.ToString());

    var typingEnds = clock.Elapsed + TimeSpan.FromMinutes(iterations < 0 ? minutes * 0.2 : 0.5);
    foreach (var field in typeof(SampleDeclarations).GetFields().Where(f => f.IsLiteral))
    {
        var source = (string)field.GetValue(null)!;
        for (var end = 0; end <= source.Length && clock.Elapsed < typingEnds; end++)
        {
            try
            {
                foreach (var id in GeneratorOracle.CheckAny(source.Substring(0, end))) ids.AddOrUpdate(id, 1, (_, n) => n + 1);
            }
            catch (PropertyViolation violation)
            {
                throw new InvalidOperationException($"{field.Name}, prefix of {end} characters:\n{source.Substring(0, end)}\n{violation.Message}");
            }
            prefixes++;
        }
    }
}
catch (Exception e)
{
    failure = e.Message + (e.InnerException is { } inner ? "\n" + inner.Message : "");
}

var hang = failure?.Contains("hang:", StringComparison.Ordinal) == true;
Console.WriteLine($"inputs tried: {valid + mutants + prefixes} ({valid} valid declarations of which {numeric} also run generated == interpreted, {mutants} mutants, {prefixes} typing prefixes)");
Console.WriteLine($"distinct diagnostic ids: {ids.Count} ({string.Join(", ", ids.OrderBy(i => i.Key).Select(i => $"{i.Key}×{i.Value}"))})");
Console.WriteLine($"crashes and property violations: {(failure is null || hang ? 0 : 1)}");
Console.WriteLine($"hangs (> {GeneratorOracle.Bound.TotalSeconds} s): {(hang ? 1 : 0)}");
Console.WriteLine($"time: {clock.Elapsed.TotalMinutes:F1} min");
if (failure is not null)
{
    Console.WriteLine("first failure (shrunk):");
    Console.WriteLine(failure);
    return 1;
}
return 0;

double Option(string name, double fallback)
{
    var value = args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
    return value is null ? fallback : double.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
}

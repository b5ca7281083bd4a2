using System;
using System.Collections.Generic;
using System.Linq;
using Composable.Generators.Model;

namespace Composable.Generators.Validate;

/// <summary>Validate stage: the shared declaration rules, each error placed at its argument's source location.</summary>
internal static class DeclarationValidator
{
    /// <summary><paramref name="parsed"/> unchanged when <paramref name="rules"/> find nothing; otherwise no value and every error.</summary>
    public static Result<DeclarationModel<TSpec>> Validate<TSpec>(Result<DeclarationModel<TSpec>> parsed, Func<TSpec, IReadOnlyList<DeclarationError>> rules)
        where TSpec : class
    {
        if (parsed.Value is not { } model) return parsed;
        try
        {
            var errors = rules(model.Spec);
            if (errors.Count == 0) return parsed;
            var locate = Locator(model);
            var diagnostics = errors.Select(e => new DiagnosticInfo(e.Id, e.Message, locate(e.Path)));
            return new Result<DeclarationModel<TSpec>>(null, new EquatableArray<DiagnosticInfo>(parsed.Diagnostics.Concat(diagnostics)));
        }
        catch (Exception e)
        {
            // The rules are total over evaluated values; this is a last line so that the generator never throws.
            return new Result<DeclarationModel<TSpec>>(null, new EquatableArray<DiagnosticInfo>(new[]
            {
                new DiagnosticInfo(DeclarationErrorIds.Unevaluable, $"The declaration could not be validated: {e.Message}", Locate(model, "")),
            }));
        }
    }

    /// <summary>The location of <paramref name="path"/>, or of its nearest written ancestor (an argument left at its default).</summary>
    public static LocationInfo Locate<TSpec>(DeclarationModel<TSpec> model, string path)
        where TSpec : class => Locator(model)(path);

    /// <summary>
    /// <see cref="Locate{TSpec}"/> for many paths of one model: the argument index is built once, so placing every error
    /// of a declaration with thousands of arguments stays linear (built per error, 2,665 pasted tasks took over 5 s).
    /// </summary>
    private static Func<string, LocationInfo> Locator<TSpec>(DeclarationModel<TSpec> model)
        where TSpec : class
    {
        var locations = new Dictionary<string, LocationInfo>(StringComparer.Ordinal);
        foreach (var argument in model.Arguments)
            if (!locations.ContainsKey(argument.Path)) locations.Add(argument.Path, argument.Location);
        return path =>
        {
            for (var current = path; ; current = Parent(current))
            {
                if (locations.TryGetValue(current, out var location)) return location;
                if (current.Length == 0) return model.Arguments[0].Location;
            }
        };
    }

    private static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut < 0 ? "" : path.Substring(0, cut);
    }
}

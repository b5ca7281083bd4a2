using System.Collections.Generic;
using System.Linq;
using Composable.Generators.Model;
using Microsoft.CodeAnalysis;

namespace Composable.Generators.Diagnostics;

/// <summary>
/// Roslyn descriptors of <see cref="DiagnosticCatalog"/>, one per entry, each with its help link. An id missing from the
/// catalog is never reported as some other diagnostic: it becomes <see cref="UnknownId"/>, naming that id.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "Composable";

    private static readonly Dictionary<string, DiagnosticDescriptor> ById =
        DiagnosticCatalog.Entries.ToDictionary(e => e.Id, Describe);

    /// <summary>The internal error reported in place of a diagnostic whose id is not in the catalog.</summary>
    public static DiagnosticDescriptor UnknownId { get; } = ById[DeclarationErrorIds.UnknownDiagnosticId];

    /// <summary>Every descriptor, in catalog order.</summary>
    public static IEnumerable<DiagnosticDescriptor> All => DiagnosticCatalog.Entries.Select(e => ById[e.Id]);

    /// <summary>The diagnostic to report for <paramref name="info"/>: its catalog descriptor, or <see cref="UnknownId"/>.</summary>
    public static Diagnostic Create(DiagnosticInfo info) =>
        ById.TryGetValue(info.Id, out var descriptor)
            ? Diagnostic.Create(descriptor, info.Location.ToLocation(), info.Message)
            : Diagnostic.Create(UnknownId, info.Location.ToLocation(), info.Id, info.Message);

    private static DiagnosticDescriptor Describe(DiagnosticEntry entry) =>
        new(entry.Id, entry.Title, entry.MessageFormat, Category, Severity(entry.Level), isEnabledByDefault: true,
            helpLinkUri: entry.HelpLink);

    private static DiagnosticSeverity Severity(DiagnosticLevel level) =>
        level == DiagnosticLevel.Warning ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error;
}

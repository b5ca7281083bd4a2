using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Composable.Generators.Model;

/// <summary>A source location as plain values (a <see cref="Location"/> would defeat caching).</summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan Lines)
{
    public Location ToLocation() => Location.Create(FilePath, Span, Lines);

    public static LocationInfo From(SyntaxNode node) => From(node.GetLocation());

    public static LocationInfo From(Location location)
    {
        var lines = location.GetLineSpan();
        return new LocationInfo(lines.Path ?? "", location.SourceSpan, lines.Span);
    }
}

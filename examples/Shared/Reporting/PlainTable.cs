using System;
using System.IO;
using System.Linq;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Composable.Reporting.Tables;

/// <summary>
/// Spectre.Console tables as the examples print them: Markdown borders (plain ASCII that pastes into a README),
/// rendered without ANSI codes so a log, a pipe or a test reads the same text a terminal shows.
/// </summary>
internal static class PlainTable
{
    /// <summary>Wide enough that no row of the examples' tables wraps.</summary>
    private const int Width = 400;

    /// <summary>A table with <paramref name="columns"/>; a column whose header starts with '>' is right-aligned (the '>' is dropped).</summary>
    public static Table Create(params string[] columns)
    {
        var table = new Table { Border = TableBorder.Markdown };
        foreach (var column in columns)
            table.AddColumn(column.StartsWith('>')
                ? new TableColumn(Markup.Escape(column[1..])).RightAligned()
                : new TableColumn(Markup.Escape(column)));
        return table;
    }

    /// <summary>Adds a row of plain text cells (no markup).</summary>
    public static Table Row(this Table table, params string[] cells)
    {
        table.AddRow(cells.Select(cell => (IRenderable)new Text(cell)).ToArray());
        return table;
    }

    /// <summary>The table as text, one line per row, each line ending in a line break.</summary>
    public static string Render(IRenderable table)
    {
        var text = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(text),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = Width;
        console.Write(table);
        var lines = text.ToString().Split('\n').Select(line => line.TrimEnd()).Where(line => line.Length > 0);
        return string.Concat(lines.Select(line => line + Environment.NewLine));
    }
}

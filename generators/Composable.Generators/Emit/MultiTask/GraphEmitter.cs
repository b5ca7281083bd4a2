using Composable.Generators.Emit.Shared;

namespace Composable.Generators.Emit.MultiTask;

/// <summary>The <c>Graph</c> text of a [MultiTaskModel] declaration.</summary>
internal static class GraphEmitter
{
    public static void Emit(EmitContext c, SourceWriter w)
    {
        var text = GraphText.Render($"{c.TypeName}.Model", c.Plan);
        w.Line("/// <summary>");
        w.Line("/// The compiled network as text: module tree, parameter names, shapes and counts.");
        w.Line("/// <c>Composable.Reporting.ModuleGraph.Render</c> renders the same text from a built module.");
        w.Line("/// </summary>");
        w.Line("public const string Graph =");
        w.Line("    @\"" + text.Replace("\"", "\"\"") + "\";");
    }
}

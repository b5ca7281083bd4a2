using Composable.Generators.Emit.Shared;
using Composable.Generators.Model;

namespace Composable.Generators.Emit.Meta;

/// <summary>The <c>Graph</c> text of a [MetaLearner] declaration.</summary>
internal static class GraphEmitter
{
    public static void Emit(DeclarationModel<MetaLearnerSpec> model, MetaPlan plan, SourceWriter w)
    {
        DeclarationFile.WriteGraph(w, "The compiled meta-learner as text: learner, episodes, module tree, parameter names, shapes, counts and which adapt.",
            MetaGraphText.Render($"{model.TypeName}.Network", plan));
    }
}

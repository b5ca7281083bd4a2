using Composable.Generators.Emit.Shared;
using Composable.Generators.Model;

namespace Composable.Generators.Emit.FewShot;

/// <summary>The <c>Graph</c> text of a [FewShotLearner] declaration.</summary>
internal static class GraphEmitter
{
    public static void Emit(DeclarationModel<FewShotLearnerSpec> model, FewShotPlan plan, SourceWriter w)
    {
        DeclarationFile.WriteGraph(w, "The compiled few-shot learner as text: learner, episodes, backbone, module tree, parameter names, shapes and counts.",
            FewShotGraphText.Render($"{model.TypeName}.Network", plan));
    }
}

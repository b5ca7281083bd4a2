using System.Collections.Generic;

namespace Composable.Meta.FewShot;

/// <summary>
/// A minimal run-time check of a <see cref="FewShotLearnerSpec"/> until the shared rule set
/// <c>FewShotRules.Validate(spec)</c> (Declarations) lands; it reports with the ids that rule set uses.
/// TODO(FewShotRules): replace every use by <c>FewShotRules.Validate(spec)</c> and delete this class.
/// </summary>
internal static class FewShotSpecChecks
{
    public static IReadOnlyList<DeclarationError> Validate(FewShotLearnerSpec spec)
    {
        var errors = new List<DeclarationError>();
        void Width(int value, string what, string path)
        {
            if (value <= 0)
                errors.Add(new DeclarationError(DeclarationErrorIds.NonPositiveWidth, $"The {what} is {value}; widths must be positive.", path));
        }

        switch (spec.Backbone)
        {
            case MlpBackbone mlp:
                Width(mlp.Input.Width, "input width", "Backbone.Input.Width");
                if (mlp.Layers.Count == 0)
                    errors.Add(new DeclarationError(DeclarationErrorIds.MissingLayers, "The MLP backbone has no layers; declare at least one width.", "Backbone.Layers"));
                for (var i = 0; i < mlp.Layers.Count; i++)
                    Width(mlp.Layers[i], $"width of backbone layer {i}", $"Backbone.Layers[{i}]");
                break;
            case ConvBackbone conv:
                Width(conv.Input.Channels, "image's channel count", "Backbone.Input.Channels");
                Width(conv.Input.Height, "image height", "Backbone.Input.Height");
                Width(conv.Input.Width, "image width", "Backbone.Input.Width");
                Width(conv.Channels, "channel count of the blocks", "Backbone.Channels");
                if (conv.Blocks < 1 || (conv.Input.Height >> conv.Blocks) < 1 || (conv.Input.Width >> conv.Blocks) < 1)
                    errors.Add(new DeclarationError("CMP0061",
                        $"{conv.Blocks} blocks do not fit a {conv.Input.Height}×{conv.Input.Width} image: each block halves both sides, which must stay at least 1.",
                        "Backbone.Blocks"));
                break;
        }

        if (spec.Episodes is FewShotClassification classification)
        {
            if (classification.Ways < 2)
                errors.Add(new DeclarationError(DeclarationErrorIds.TooFewWays, $"Episodes have {classification.Ways} way(s); classification needs at least 2.", "Episodes.Ways"));
        }
        else
        {
            errors.Add(new DeclarationError("CMP0060",
                $"{spec.Learner.GetType().Name} classifies, but the episodes are {spec.Episodes.GetType().Name}; declare FewShotClassification episodes.", "Episodes"));
        }
        if (spec.Episodes.Shots < 1)
            errors.Add(new DeclarationError(DeclarationErrorIds.InvalidShots, $"Shots is {spec.Episodes.Shots}; at least 1 support example per class.", "Episodes.Shots"));
        if (spec.Episodes.Queries < 1)
            errors.Add(new DeclarationError(DeclarationErrorIds.EmptyQuery, $"Queries is {spec.Episodes.Queries}; at least 1 query per class.", "Episodes.Queries"));

        switch (spec.Learner)
        {
            case Prototypical { Distance: Distance.Cosine } prototypical when !(prototypical.CosineScale > 0 && prototypical.CosineScale < double.PositiveInfinity):
                errors.Add(new DeclarationError("CMP0062", $"CosineScale is {prototypical.CosineScale}; it must be finite and positive.", "Learner.CosineScale"));
                break;
            case Matching matching when !(matching.CosineScale > 0 && matching.CosineScale < double.PositiveInfinity):
                errors.Add(new DeclarationError("CMP0062", $"CosineScale is {matching.CosineScale}; it must be finite and positive.", "Learner.CosineScale"));
                break;
            case Relation relation:
                for (var i = 0; i < relation.Layers.Count; i++)
                    Width(relation.Layers[i], $"width of relation layer {i}", $"Learner.Layers[{i}]");
                break;
            case LstmReader lstm:
                Width(lstm.Hidden, "LSTM state width", "Learner.Hidden");
                if (lstm.Layers < 1)
                    errors.Add(new DeclarationError("CMP0062", $"The LSTM reader has {lstm.Layers} layers; at least 1.", "Learner.Layers"));
                break;
            case AttentionReader attention:
                Width(attention.Width, "token width", "Learner.Width");
                if (attention.Heads < 1 || (attention.Width > 0 && attention.Width % attention.Heads != 0))
                    errors.Add(new DeclarationError("CMP0062", $"{attention.Heads} heads do not divide the token width {attention.Width}.", "Learner.Heads"));
                if (attention.Layers < 1)
                    errors.Add(new DeclarationError("CMP0062", $"The attention reader has {attention.Layers} layers; at least 1.", "Learner.Layers"));
                break;
        }
        if (spec.MetaBatch < 1)
            errors.Add(new DeclarationError(DeclarationErrorIds.InvalidMetaBatch, $"MetaBatch is {spec.MetaBatch}; at least 1 episode per step.", "MetaBatch"));
        return errors;
    }
}

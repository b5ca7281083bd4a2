using System;
using System.Collections.Generic;
using Composable.Generators.Model;

namespace Composable.Generators.Kinds;

/// <summary>
/// One declaration family as the pipeline sees it: which attribute marks it, which record declares it, the rules that
/// validate it and the emitter that compiles it. Every family registers through the same descriptor.
/// </summary>
/// <typeparam name="TSpec">The declaration record type, e.g. <see cref="MultiTaskSpec"/>.</typeparam>
internal sealed class DeclarationKind<TSpec>
    where TSpec : class
{
    public DeclarationKind(
        string attribute,
        string members,
        Func<TSpec, IReadOnlyList<DeclarationError>> rules,
        Func<DeclarationModel<TSpec>, EquatableArray<GeneratedFile>> emit,
        TrackingSteps steps)
    {
        Attribute = attribute;
        Members = members;
        Rules = rules;
        Emit = emit;
        Steps = steps;
    }

    /// <summary>Attribute name as written, e.g. <c>MultiTaskModel</c>.</summary>
    public string Attribute { get; }

    /// <summary>Metadata name of the attribute, for <c>ForAttributeWithMetadataName</c>.</summary>
    public string AttributeMetadataName => $"Composable.{Attribute}Attribute";

    /// <summary>The declaration record type.</summary>
    public Type SpecType => typeof(TSpec);

    /// <summary>The members the generator adds to a declaring class, for messages.</summary>
    public string Members { get; }

    /// <summary>The shared declaration rules (the same the run time applies).</summary>
    public Func<TSpec, IReadOnlyList<DeclarationError>> Rules { get; }

    /// <summary>The emitter: a valid declaration → its generated files.</summary>
    public Func<DeclarationModel<TSpec>, EquatableArray<GeneratedFile>> Emit { get; }

    /// <summary>Tracking names of this kind's Parse, Validate and Emit steps.</summary>
    public TrackingSteps Steps { get; }
}

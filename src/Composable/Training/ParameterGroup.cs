using System.Collections.Generic;
using TorchSharp.Modules;

namespace Composable.Training;

/// <summary>TEMPORARY until the groups branch lands.</summary>
public sealed record ParameterGroup(string Name, IReadOnlyList<Parameter> Parameters, double LearningRate);

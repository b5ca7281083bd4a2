namespace Composable.Data;

/// <summary>Settings of <see cref="SyntheticTasks.Generate"/>.</summary>
/// <param name="Examples">Rows per task (with shared inputs), or of the largest task (with own inputs); positive.</param>
/// <param name="Relatedness">ρ in [0, 1]: how much of each task's maps comes from the maps all tasks share. 1 makes
/// tasks of the same kind and width identical up to noise; 0 makes them independent.</param>
/// <param name="Noise">Standard deviation of the Gaussian noise added before a target is read off; finite, ≥ 0.</param>
/// <param name="Seed">Seed of the one <see cref="System.Random"/> every number is drawn from.</param>
/// <param name="SharedInputs">Whether all tasks share one inputs tensor (same rows), or each draws its own rows.</param>
/// <param name="LatentWidth">Width of the hidden representation h each task computes; positive.</param>
public sealed record SyntheticOptions(
    int Examples = 2000,
    double Relatedness = 0.8,
    double Noise = 0.1,
    int Seed = 0,
    bool SharedInputs = true,
    int LatentWidth = 16);

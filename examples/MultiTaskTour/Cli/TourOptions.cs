namespace MultiTaskTour.Cli;

/// <summary>Settings of a tour; every topology trains with the same ones.</summary>
/// <param name="Examples">Training examples (shared by the three tasks). Small on purpose: sharing has most to
/// offer when each task alone has little data.</param>
/// <param name="TestExamples">Held-out examples the table is computed on.</param>
/// <param name="Relatedness">ρ of <see cref="Composable.Data.SyntheticOptions.Relatedness"/>, in [0, 1].</param>
/// <param name="Noise">Noise of <see cref="Composable.Data.SyntheticOptions.Noise"/>, finite and ≥ 0.</param>
/// <param name="Epochs">Passes over the training set, per topology.</param>
/// <param name="BatchSize">Rows per step.</param>
/// <param name="Seed">Seed of the data, of the train/test split, of the initial weights and of the batch order.</param>
/// <param name="Threads">torch intra-op threads.</param>
/// <param name="OutputFile">Where to write the results as JSON, if anywhere.</param>
internal sealed record TourOptions(
    int Examples = 300,
    int TestExamples = 2000,
    double Relatedness = 0.8,
    double Noise = 0.1,
    int Epochs = 50,
    int BatchSize = 32,
    int Seed = 1,
    int Threads = 1,
    string? OutputFile = null)
{
    /// <summary>A few seconds in all: tiny data, two epochs. Enough to see every topology train and report.</summary>
    public static TourOptions Quick { get; } = new(Examples: 96, TestExamples: 200, Epochs: 2);
}

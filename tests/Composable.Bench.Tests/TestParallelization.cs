using Xunit;

// Every bench run seeds torch's global RNG (torch.manual_seed) before building its data and models; two runs at once
// would draw from each other's streams and break the same-start-loss assertions.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

using Xunit;

// libtorch's random generator is process-wide: seeded tests must not interleave.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

using Xunit;

// libtorch's random generator is process-wide: the study's seeded runs and its timed quick run must not interleave with other tests.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

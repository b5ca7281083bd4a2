using Xunit;

// libtorch's default random generator is process-wide: seeded construction and dropout draw from it, so tests
// that check seeded determinism must not interleave with other tests' torch calls.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

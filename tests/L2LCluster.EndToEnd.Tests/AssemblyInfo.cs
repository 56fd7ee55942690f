// Each test class starts its own cluster of silo processes; on a small machine they must take turns.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

// Every test starts a cluster of silos doing real tensor work; on a small machine they must take turns.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

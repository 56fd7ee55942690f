namespace L2LCluster.Benchmarks;

/// <summary>The parts of the benchmark that --sections can pick, in the order they run.</summary>
internal enum BenchmarkSection
{
    Throughput,
    Memory,
    Cluster,
    Coordinator,
}

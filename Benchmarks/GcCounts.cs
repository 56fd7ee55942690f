namespace L2LCluster.Benchmarks;

/// <summary>
/// Garbage collections per generation over a stretch of work: with many workers the coordinator's per-answer
/// arrays outlive gen0, and the cost per iteration then grows faster than the worker count.
/// </summary>
internal sealed record GcCounts(int Gen0, int Gen1, int Gen2)
{
    public static GcCounts Now() => new(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));

    public GcCounts Since(GcCounts start) => new(Gen0 - start.Gen0, Gen1 - start.Gen1, Gen2 - start.Gen2);
}

namespace L2LCluster.Benchmarks;

/// <summary>The device's matrix-product rate in FLOP/s over the timed repeats.</summary>
internal sealed record CeilingResult(int Size, int ProductsPerRepeat, Spread FlopsPerSecond);

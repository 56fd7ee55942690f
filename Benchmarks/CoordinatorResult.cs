namespace L2LCluster.Benchmarks;

/// <summary>The coordinator's cost per iteration for each simulated worker count, and what its messages weigh.</summary>
/// <param name="PhiLength">φ's floats for the benchmark's architecture.</param>
/// <param name="FloatArrayRequest">The request with φ as float[] instead of bytes, for comparison.</param>
internal sealed record CoordinatorResult(int PhiLength, IReadOnlyList<CoordinatorCost> Costs, MessageCost Request, MessageCost Answer, MessageCost FloatArrayRequest);

using L2LCluster.Runs;

namespace L2LCluster.Benchmarks;

/// <summary>
/// <see cref="Contracts.UnrollRequest"/> field for field, but with φ as float[]: the alternative the contracts
/// turned down, kept only to measure what carrying φ as bytes saves.
/// </summary>
[GenerateSerializer, Immutable]
internal sealed record FloatArrayUnrollRequest(
    [property: Id(0)] RunId RunId,
    [property: Id(1)] long PhiVersion,
    [property: Id(2)] float[] Phi,
    [property: Id(3)] int Iteration,
    [property: Id(4)] long Episode,
    [property: Id(5)] int StepInHorizon);

namespace L2LCluster.Benchmarks;

/// <summary>
/// <see cref="Contracts.UnrollRequest"/> field for field, but with φ as float[]: the alternative the contracts
/// turned down, kept only to measure what carrying φ as bytes saves.
/// </summary>
[GenerateSerializer, Immutable]
internal sealed record FloatArrayUnrollRequest(
    [property: Id(0)] string RunId,
    [property: Id(1)] string TrainingSpecJson,
    [property: Id(2)] long PhiVersion,
    [property: Id(3)] float[] Phi,
    [property: Id(4)] int Iteration,
    [property: Id(5)] long Episode,
    [property: Id(6)] int StepInHorizon,
    [property: Id(7)] int FirstProblem,
    [property: Id(8)] int ProblemCount);

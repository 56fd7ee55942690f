namespace L2LCluster.Contracts;

/// <summary>
/// One truncation's work for one worker: φ at a version, and which problems of which episode to unroll. φ travels
/// as little-endian float32 bytes (Orleans copies a byte array in bulk, a float[] element by element).
/// </summary>
/// <param name="RunId">The run.</param>
/// <param name="TrainingSpecJson">The run's meta-training spec (workers build their problems from it).</param>
/// <param name="PhiVersion">The version of φ; the gradient must come back tagged with it.</param>
/// <param name="Phi">φ as float32 bytes.</param>
/// <param name="Iteration">The meta-iteration (1-based) this request belongs to.</param>
/// <param name="Episode">The episode the problems belong to.</param>
/// <param name="StepInHorizon">Steps already taken in that episode: 0 means fresh problems.</param>
/// <param name="FirstProblem">The first of this worker's problems within the run's batch.</param>
/// <param name="ProblemCount">How many problems this worker unrolls.</param>
[GenerateSerializer, Immutable, Alias("l2l.UnrollRequest")]
public sealed record UnrollRequest(
    [property: Id(0)] string RunId,
    [property: Id(1)] string TrainingSpecJson,
    [property: Id(2)] long PhiVersion,
    [property: Id(3)] byte[] Phi,
    [property: Id(4)] int Iteration,
    [property: Id(5)] long Episode,
    [property: Id(6)] int StepInHorizon,
    [property: Id(7)] int FirstProblem,
    [property: Id(8)] int ProblemCount);

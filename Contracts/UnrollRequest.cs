using L2LCluster.Runs;

namespace L2LCluster.Contracts;

/// <summary>
/// One truncation's work for one worker: φ at a version, and where the problems of its <see cref="EpisodeAssignment"/>
/// stand. φ travels as little-endian float32 bytes (Orleans copies a byte array in bulk, a float[] element by element).
/// </summary>
/// <param name="RunId">The run.</param>
/// <param name="PhiVersion">The version of φ; the gradient must come back tagged with it.</param>
/// <param name="Phi">φ as float32 bytes.</param>
/// <param name="Iteration">The meta-iteration (1-based) this request belongs to.</param>
/// <param name="Episode">The episode the problems belong to: the one the worker was assigned.</param>
/// <param name="StepInHorizon">Steps already taken in that episode: 0 means fresh problems.</param>
[GenerateSerializer, Immutable, Alias("l2l.UnrollRequest")]
public sealed record UnrollRequest(
    [property: Id(0)] RunId RunId,
    [property: Id(1)] long PhiVersion,
    [property: Id(2)] byte[] Phi,
    [property: Id(3)] int Iteration,
    [property: Id(4)] long Episode,
    [property: Id(5)] int StepInHorizon);

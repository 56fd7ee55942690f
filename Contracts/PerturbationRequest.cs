using L2LCluster.Runs;

namespace L2LCluster.Contracts;

/// <summary>
/// One truncation of ES or PES for one worker: φ at a version and the iteration's noise seed, from which the worker
/// draws every particle's perturbation z (and the coordinator draws it again), so the answer needs no vector.
/// </summary>
/// <param name="RunId">The run.</param>
/// <param name="PhiVersion">The version of φ; the answer must come back tagged with it.</param>
/// <param name="Phi">φ as float32 bytes.</param>
/// <param name="Iteration">The meta-iteration (1-based): every particle held must have served the one before, or none yet.</param>
/// <param name="NoiseSeed">The seed of the iteration's perturbations.</param>
[GenerateSerializer, Immutable, Alias("l2l.PerturbationRequest")]
public sealed record PerturbationRequest(
    [property: Id(0)] RunId RunId,
    [property: Id(1)] long PhiVersion,
    [property: Id(2)] byte[] Phi,
    [property: Id(3)] int Iteration,
    [property: Id(4)] ulong NoiseSeed);

namespace L2LCluster.Contracts;

/// <summary>
/// A worker's answer to a <see cref="PerturbationRequest"/>: scalars only, 16 bytes per particle whatever φ's size.
/// </summary>
/// <param name="PhiVersion">The φ version it was computed under.</param>
/// <param name="Differences">
/// float64 bytes, two per particle in the order of the slots the worker holds: L⁺ − L⁻ over the episode that was under
/// way, and over the episodes that began within the truncation; NaN for a particle that diverged.
/// </param>
/// <param name="MetaLossSum">Σ over its finite particles of (L⁺ + L⁻) / 2.</param>
/// <param name="FinalLossSum">Σ over its finite particles of their mean loss after the last step.</param>
/// <param name="FiniteParticles">Particles whose losses were finite.</param>
/// <param name="Steps">Optimizee steps unrolled.</param>
/// <param name="Coordinates">Optimizee coordinates of both signs of every particle.</param>
/// <param name="UnrollTime">Time spent on the device.</param>
[GenerateSerializer, Immutable, Alias("l2l.ParticleAnswer")]
public sealed record ParticleAnswer(
    [property: Id(0)] long PhiVersion,
    [property: Id(1)] byte[] Differences,
    [property: Id(2)] double MetaLossSum,
    [property: Id(3)] double FinalLossSum,
    [property: Id(4)] int FiniteParticles,
    [property: Id(5)] int Steps,
    [property: Id(6)] long Coordinates,
    [property: Id(7)] TimeSpan UnrollTime);

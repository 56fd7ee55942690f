namespace L2LCluster.Runs;

/// <summary>
/// One particle (an antithetic pair) of an ES or PES run as it is held: its index, and the meta-iteration from which
/// it runs, cold, on fresh problems. A particle that is lost with its worker, or diverges, is started again in a new
/// slot (the same index, a later first iteration), which draws new problems; its episodes and their lengths are a
/// function of the run's seed and the slot alone, so any split of the particles over workers sees the same numbers.
/// </summary>
/// <param name="Particle">The particle's index, 0 to perturbations − 1.</param>
/// <param name="FirstIteration">The first meta-iteration (1-based) it serves in this slot.</param>
[GenerateSerializer, Immutable, Alias("l2l.ParticleSlot")]
public sealed record ParticleSlot([property: Id(0)] int Particle, [property: Id(1)] int FirstIteration);

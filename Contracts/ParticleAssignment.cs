using System.Collections.Immutable;
using L2LCluster.Runs;
using L2LCluster.Runs.Specs;

namespace L2LCluster.Contracts;

/// <summary>
/// The particles of an ES or PES run a worker is to hold: exactly these, in their slots. A particle it already holds
/// in the same slot goes on from where it stands; any other it drops; a new slot starts cold, on fresh problems.
/// </summary>
/// <param name="RunId">The run.</param>
/// <param name="Training">The run's meta-training spec (its problems, schedule and perturbations are built from it).</param>
/// <param name="Slots">The particles to hold.</param>
[GenerateSerializer, Immutable, Alias("l2l.ParticleAssignment")]
public sealed record ParticleAssignment(
    [property: Id(0)] RunId RunId,
    [property: Id(1)] MetaTrainingSpec Training,
    [property: Id(2)] ImmutableArray<ParticleSlot> Slots);

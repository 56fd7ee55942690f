namespace L2LCluster.Learning.Training;

/// <summary>
/// What one truncation of ES or PES particles yields: for each particle, in the order they are held, L⁺ − L⁻ over the
/// steps of the episode that was under way and over the steps of the episodes that began within the truncation (NaN
/// for a particle that diverged); and, over the particles with finite losses, what the metrics need.
/// </summary>
/// <param name="Differences">Two per particle: continuing, then fresh (0 when no episode began).</param>
/// <param name="MetaLossSum">Σ over the finite particles of (L⁺ + L⁻) / 2, each L a truncation's meta-loss of the particle's problems.</param>
/// <param name="FinalLossSum">Σ over the finite particles of their problems' mean loss after the last step, both signs.</param>
/// <param name="FiniteParticles">Particles whose losses were finite.</param>
/// <param name="Steps">Optimizee steps unrolled.</param>
/// <param name="Coordinates">Optimizee coordinates of both signs of every particle.</param>
public sealed record ParticleTruncation(double[] Differences, double MetaLossSum, double FinalLossSum, int FiniteParticles, int Steps, long Coordinates)
{
    public int Particles => Differences.Length / 2;
}

namespace L2LCluster.Benchmarks;

/// <summary>The coordinator's cost per iteration for each simulated worker count, and what its messages weigh.</summary>
/// <param name="PhiLength">φ's floats for the benchmark's architecture.</param>
/// <param name="FloatArrayRequest">The request with φ as float[] instead of bytes, for comparison.</param>
/// <param name="EvolutionCosts">ES and PES at the same worker counts, one particle per worker.</param>
/// <param name="ParticleAnswer">An ES or PES answer for one particle.</param>
/// <param name="ParticleAnswers">An ES or PES answer for <paramref name="ParticlesPerAnswer"/> particles.</param>
internal sealed record CoordinatorResult(
    int PhiLength,
    IReadOnlyList<CoordinatorCost> Costs,
    MessageCost Request,
    MessageCost Answer,
    MessageCost FloatArrayRequest,
    IReadOnlyList<CoordinatorCost> EvolutionCosts,
    MessageCost ParticleAnswer,
    MessageCost ParticleAnswers,
    int ParticlesPerAnswer)
{
    /// <summary>An ES or PES answer's bytes must not exceed this per particle, whatever φ's size.</summary>
    public const int TargetBytesPerParticle = 64;

    public double BytesPerParticle => (double)ParticleAnswers.Bytes / ParticlesPerAnswer;

    public bool MeetsAnswerTarget => BytesPerParticle <= TargetBytesPerParticle;
}

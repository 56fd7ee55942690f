using L2LCluster.Learning.Randomness;
using L2LCluster.Runs;

namespace L2LCluster.Learning.Problems;

/// <summary>
/// The seeds of the four disjoint sets of problems a run touches: training episodes, the problems a run's φ is
/// validated on, the problems baselines are tuned on, and the held-out problems everything is evaluated on. Each seed depends only on the run seed and
/// the problem's coordinates, never on which machine or worker draws it.
/// </summary>
public static class ProblemSets
{
    private const ulong TuningStream = ulong.MaxValue - 1;
    private const ulong HeldOutStream = ulong.MaxValue - 2;
    private const ulong ValidationStream = ulong.MaxValue - 3;
    private const ulong ParticleStream = ulong.MaxValue - 4;

    /// <summary>Problems firstProblem … firstProblem+count−1 of a training episode.</summary>
    public static ulong[] Training(ulong runSeed, long episode, int firstProblem, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(episode);
        return Range(runSeed, (ulong)episode, firstProblem, count);
    }

    /// <summary>
    /// The problems of episode <paramref name="episode"/> of an ES or PES particle in <paramref name="slot"/>: each
    /// particle runs problems of its own, a stream apart from the truncated-BPTT episodes.
    /// </summary>
    public static ulong[] Particle(ulong runSeed, ParticleSlot slot, int episode, int count)
    {
        ArgumentNullException.ThrowIfNull(slot);
        ArgumentOutOfRangeException.ThrowIfNegative(episode);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        return [.. Enumerable.Range(0, count).Select(problem =>
            SeedSequence.Derive(runSeed, ParticleStream, (ulong)slot.Particle, (ulong)slot.FirstIteration, (ulong)episode, (ulong)problem))];
    }

    public static ulong[] Tuning(ulong seed, int count) => Range(seed, TuningStream, 0, count);

    public static ulong[] HeldOut(ulong seed, int count) => Range(seed, HeldOutStream, 0, count);

    public static ulong[] Validation(ulong seed, int count) => Range(seed, ValidationStream, 0, count);

    private static ulong[] Range(ulong seed, ulong stream, int firstProblem, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(firstProblem);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        return [.. Enumerable.Range(firstProblem, count).Select(problem => SeedSequence.Derive(seed, stream, (ulong)problem))];
    }
}

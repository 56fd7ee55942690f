using L2LCluster.Learning.Randomness;
using L2LCluster.Runs;
using L2LCluster.Runs.Specs;

namespace L2LCluster.Learning.Training;

/// <summary>
/// How long a run's episodes are (<see cref="MetaTrainingSpec.UnrollSchedule"/>), as a function of the run's seed and
/// the episode's identity alone, so that a coordinator, its workers and the single-process trainer agree without
/// sharing any state: the horizon for every episode by default, else a log-uniform draw per episode; and where a
/// particle that starts cold begins its first episode (step 0 by default, else a uniform draw within that episode).
/// </summary>
public sealed class EpisodeSchedule(MetaTrainingSpec spec)
{
    private const ulong RunEpisodeStream = 0x4C454E52554E0001UL;
    private const ulong ParticleEpisodeStream = 0x4C454E5041520002UL;
    private const ulong ColdStartStream = 0x4F46465345540003UL;

    /// <summary>The length of episode <paramref name="episode"/> of a truncated-BPTT run, whose problems share one clock.</summary>
    public int RunEpisodeLength(long episode)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(episode);
        return Draw(RunEpisodeStream, (ulong)episode, 0);
    }

    /// <summary>The length of a particle's episode <paramref name="episode"/> (counted from 0 within its slot).</summary>
    public int ParticleEpisodeLength(ParticleSlot slot, int episode)
    {
        ArgumentNullException.ThrowIfNull(slot);
        return Draw(ParticleEpisodeStream, (ulong)slot.Particle, (ulong)slot.FirstIteration, (ulong)episode);
    }

    /// <summary>The step a cold particle's first episode, of <paramref name="length"/> steps, starts at: its problems are fresh, its clock part way.</summary>
    public int ColdStartStep(ParticleSlot slot, int length)
    {
        ArgumentNullException.ThrowIfNull(slot);
        return spec.UnrollSchedule is null
            ? 0
            : new DeterministicRandom(SeedSequence.Derive(spec.Seed, ColdStartStream, (ulong)slot.Particle, (ulong)slot.FirstIteration)).NextInt(length);
    }

    private int Draw(params ReadOnlySpan<ulong> path)
    {
        if (spec.UnrollSchedule is not { } schedule)
        {
            return spec.Horizon;
        }

        // floor(exp(U[ln MIN, ln(MAX + 1)))) reaches every length from MIN to MAX, short ones more often.
        var uniform = new DeterministicRandom(SeedSequence.Derive(spec.Seed, path)).NextDouble();
        var low = Math.Log(schedule.MinLength);
        var length = (int)Math.Floor(Math.Exp(low + uniform * (Math.Log(schedule.MaxLength + 1.0) - low)));
        return Math.Clamp(length, schedule.MinLength, schedule.MaxLength);
    }
}

using L2LCluster.Runs;

namespace L2LCluster.Learning.Training;

/// <summary>
/// Where one ES or PES particle stands in its episodes: the episode (counted within its slot), the step within it and
/// the episode's length. It starts cold, part way into its first episode as the schedule says, and every truncation
/// moves it on; episodes follow each other within a truncation as they end. The worker that holds the particle and
/// the coordinator each keep one and move them alike, so they agree on every episode boundary without a word.
/// </summary>
public sealed class ParticleClock
{
    private readonly EpisodeSchedule _schedule;

    public ParticleClock(EpisodeSchedule schedule, ParticleSlot slot)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(slot);
        _schedule = schedule;
        Slot = slot;
        Length = schedule.ParticleEpisodeLength(slot, 0);
        Step = schedule.ColdStartStep(slot, Length);
    }

    public ParticleSlot Slot { get; }

    public int Episode { get; private set; }

    /// <summary>Steps taken in the episode.</summary>
    public int Step { get; private set; }

    public int Length { get; private set; }

    /// <summary>The next <paramref name="unroll"/> steps, and the clock past them.</summary>
    public TruncationSteps Advance(int unroll)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(unroll);
        var episodes = new int[unroll];
        var steps = new int[unroll];
        var lengths = new int[unroll];
        var continuing = unroll;
        for (var index = 0; index < unroll; index++)
        {
            Step++;
            episodes[index] = Episode;
            steps[index] = Step;
            lengths[index] = Length;
            if (Step == Length)
            {
                continuing = Math.Min(continuing, index + 1);
                Episode++;
                Length = _schedule.ParticleEpisodeLength(Slot, Episode);
                Step = 0;
            }
        }

        var carry = Step == 0 ? PerturbationCarry.Fresh : continuing < unroll ? PerturbationCarry.Restarted : PerturbationCarry.Continued;
        return new TruncationSteps(episodes, steps, lengths, continuing, carry);
    }
}

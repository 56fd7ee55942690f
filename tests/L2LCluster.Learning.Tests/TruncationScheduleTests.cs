using L2LCluster.Learning.Problems;
using L2LCluster.Learning.Training;
using L2LCluster.Runs;
using L2LCluster.Runs.Specs;

namespace L2LCluster.Learning.Tests;

public sealed class TruncationScheduleTests
{
    private static MetaTrainingSpec Spec(TruncationSchedule? schedule) =>
        TrainingSpecs.ForFamily(new QuadraticProblems()) with { Horizon = 1000, Unroll = 20, UnrollSchedule = schedule };

    [Fact]
    public void WithoutAScheduleEveryEpisodeIsTheHorizonAndEveryParticleStartsAtItsBeginning()
    {
        var schedule = new EpisodeSchedule(Spec(null));
        var clock = new ParticleClock(schedule, new ParticleSlot(3, 1));

        Assert.Equal(1000, schedule.RunEpisodeLength(17));
        Assert.Equal((0, 0, 1000), (clock.Episode, clock.Step, clock.Length));
        var truncations = Enumerable.Range(0, 50).Select(_ => clock.Advance(20)).ToArray();
        Assert.All(truncations[..49], steps => Assert.Equal(PerturbationCarry.Continued, steps.Carry));
        Assert.Equal(PerturbationCarry.Fresh, truncations[49].Carry);
        Assert.Equal((1, 0), (clock.Episode, clock.Step));
    }

    [Fact]
    public void LogUniformLengthsCoverTheirRangeEvenlyInLogAndColdParticlesStartPartWay()
    {
        var schedule = new EpisodeSchedule(Spec(new TruncationSchedule(TruncationScheduleKind.LogUniform, 10, 1000)));
        var clocks = Enumerable.Range(0, 2000).Select(particle => new ParticleClock(schedule, new ParticleSlot(particle, 1))).ToArray();
        var logLengths = clocks.Select(clock => Math.Log(clock.Length)).ToArray();

        Assert.All(clocks, clock => Assert.InRange(clock.Length, 10, 1000));
        Assert.All(clocks, clock => Assert.InRange(clock.Step, 0, clock.Length - 1));
        // ln L ~ U[ln 10, ln 1001): mean 4.606, standard deviation 1.33, so the mean of 2000 is within ±0.12 at 4 standard errors.
        Assert.InRange(logLengths.Average(), ((Math.Log(10) + Math.Log(1001)) / 2) - 0.12, ((Math.Log(10) + Math.Log(1001)) / 2) + 0.12);
        Assert.InRange(clocks.Average(clock => (double)clock.Step / clock.Length), 0.45, 0.55);
    }

    [Fact]
    public void AnEpisodeThatEndsWithinATruncationIsFollowedByAFreshOneThatCarriesOnlyThisTruncationsPerturbation()
    {
        var schedule = new EpisodeSchedule(Spec(new TruncationSchedule(TruncationScheduleKind.LogUniform, 10, 30)));
        var clock = Enumerable.Range(0, 100).Select(particle => new ParticleClock(schedule, new ParticleSlot(particle, 1)))
            .First(candidate => candidate.Length - candidate.Step is > 1 and < 20);
        var (length, step) = (clock.Length, clock.Step);

        var steps = clock.Advance(20);

        Assert.Equal(length - step, steps.ContinuingSteps);
        Assert.True(steps.EndsEpisode(steps.ContinuingSteps - 1));
        Assert.Equal([0, 1], steps.Episodes.Distinct().Order().ToArray());
        Assert.Equal(20 - steps.ContinuingSteps, steps.Steps[^1]);
        Assert.Equal(PerturbationCarry.Restarted, steps.Carry);
    }
}

using L2LCluster.Grains.Coordination;
using L2LCluster.Runs;

namespace L2LCluster.Grains.Tests;

public sealed class ParticleRosterTests
{
    private static ParticleSlot[] Slots(int particles, int firstIteration = 1) => [.. Enumerable.Range(0, particles).Select(particle => new ParticleSlot(particle, firstIteration))];

    [Fact]
    public void TheFirstPlacementGivesEveryWorkerAContiguousRangeInKeyOrder()
    {
        var roster = new ParticleRoster(7);

        roster.Place(["w2", "w1", "w3"]);

        Assert.False(roster.HasUnplaced);
        Assert.Equal(["w1", "w2", "w3"], roster.Workers);
        Assert.Equal([0, 1, 2], roster.ParticlesOf("w1"));
        Assert.Equal([3, 4], roster.ParticlesOf("w2"));
        Assert.Equal([5, 6], roster.ParticlesOf("w3"));
    }

    [Fact]
    public void ADroppedWorkersParticlesGoToTheLeastLoadedLiveWorkersAndOnlyTheyAreToldAnew()
    {
        var roster = new ParticleRoster(6);
        roster.Place(["w1", "w2", "w3"]);
        foreach (var (worker, slots) in roster.Changed(Slots(6)))
        {
            roster.Told(worker, slots);
        }

        roster.Drop("w2");
        Assert.True(roster.HasUnplaced);
        roster.Place(["w1", "w3"]);
        var restarted = Slots(6).Select(slot => slot.Particle is 2 or 3 ? slot with { FirstIteration = 5 } : slot).ToArray();
        var changed = roster.Changed(restarted);

        Assert.Equal([0, 1, 2], roster.ParticlesOf("w1"));
        Assert.Equal([3, 4, 5], roster.ParticlesOf("w3"));
        Assert.Equal(["w1", "w3"], changed.Select(entry => entry.Worker));
        Assert.Equal(new ParticleSlot(2, 5), changed[0].Slots[2]);
    }

    [Fact]
    public void AWorkerToldWhatItHoldsIsNotToldAgain()
    {
        var roster = new ParticleRoster(4);
        roster.Place(["w1", "w2"]);
        foreach (var (worker, slots) in roster.Changed(Slots(4)))
        {
            roster.Told(worker, slots);
        }

        Assert.Empty(roster.Changed(Slots(4)));
        Assert.Equal(["w2"], roster.Changed(Slots(4).Select(slot => slot.Particle == 3 ? slot with { FirstIteration = 9 } : slot).ToArray()).Select(entry => entry.Worker));
    }

    [Fact]
    public void RebalancingMovesParticlesFromTheBusiestToAWorkerThatJoined()
    {
        var roster = new ParticleRoster(8);
        roster.Place(["w1", "w2"]);

        var moved = roster.Rebalance(["w1", "w2", "w3"]);

        Assert.Equal(2, moved.Count);
        Assert.Equal(moved.Order(), roster.ParticlesOf("w3"));
        Assert.All(new[] { "w1", "w2", "w3" }, worker => Assert.InRange(roster.ParticlesOf(worker).Count, 2, 3));
        Assert.Empty(roster.Rebalance(["w1", "w2", "w3"]));
    }
}

using System.Net;
using L2LCluster.Contracts;
using L2LCluster.Grains.Placement;
using Orleans.Runtime.Placement;

namespace L2LCluster.Grains.Tests;

public sealed class SiloBoundPlacementDirectorTests
{
    private static readonly SiloAddress First = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11111), 1);
    private static readonly SiloAddress Second = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11112), 2);

    private static PlacementTarget Target(string key) =>
        new(GrainId.Create("worker", key), new Dictionary<string, object>(), GrainInterfaceType.Create("worker"), 0);

    [Fact]
    public async Task AWorkerIsPlacedOnTheSiloItsKeyNames()
    {
        var placed = await new SiloBoundPlacementDirector().OnAddActivation(
            SiloBoundPlacement.Instance, Target(WorkerKeys.Create(Second.ToParsableString(), 1)), new Silos(First, Second));

        Assert.Equal(Second, placed);
    }

    [Fact]
    public async Task AWorkerWhoseSiloIsGoneIsNotPlacedElsewhere()
    {
        var target = Target(WorkerKeys.Create(Second.ToParsableString(), 0));

        var error = await Assert.ThrowsAsync<SiloUnavailableException>(() => new SiloBoundPlacementDirector().OnAddActivation(SiloBoundPlacement.Instance, target, new Silos(First)));

        Assert.Contains(Second.ToParsableString(), error.Message, StringComparison.Ordinal);
    }

    /// <summary>The cluster's members as placement sees them.</summary>
    private sealed class Silos(params SiloAddress[] members) : IPlacementContext
    {
        public SiloAddress LocalSilo => members[0];

        public SiloStatus LocalSiloStatus => SiloStatus.Active;

        public SiloAddress[] GetCompatibleSilos(PlacementTarget target) => members;

        public IReadOnlyDictionary<ushort, SiloAddress[]> GetCompatibleSilosWithVersions(PlacementTarget target) => new Dictionary<ushort, SiloAddress[]> { [0] = members };
    }
}

using L2LCluster.Contracts;
using Orleans.Runtime.Placement;

namespace L2LCluster.Grains.Placement;

/// <summary>Picks the silo the grain's key names, if that silo is alive; otherwise refuses to place the grain.</summary>
public sealed class SiloBoundPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var key = target.GrainIdentity.Key.ToString() ?? "";
        var named = WorkerKeys.SiloOf(key);
        foreach (var silo in context.GetCompatibleSilos(target))
        {
            if (silo.ToParsableString() == named)
            {
                return Task.FromResult(silo);
            }
        }

        throw new SiloUnavailableException($"Grain '{key}' is bound to silo {named}, which is not an active member of the cluster.");
    }
}

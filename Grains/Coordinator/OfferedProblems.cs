using L2LCluster.Contracts;
using L2LCluster.Runs;
using L2LCluster.Runs.Specs;

namespace L2LCluster.Grains.Coordinator;

/// <summary>
/// The problem families the live silos offer. A run is accepted only for a family every active silo registered: its
/// workers may land on any of them, and a silo that cannot build the family would fail every unroll.
/// </summary>
internal static class OfferedProblems
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    /// <summary>Refuses a spec unless every live silo offers its family, or each family of its mixture.</summary>
    public static async Task CheckAsync(IGrainFactory grains, MetaTrainingSpec spec)
    {
        if (spec.Mixture is not { } mixture)
        {
            await CheckAsync(grains, spec.Problem, SpecFields.Problem);
            return;
        }

        for (var index = 0; index < mixture.Components.Length; index++)
        {
            await CheckAsync(grains, mixture.Components[index].Family, $"{SpecFields.MixtureComponents}[{index}].family");
        }
    }

    /// <summary>Refuses <paramref name="problem"/> (naming <paramref name="field"/>, the spec's field that names it) unless every active silo that answers offers it.</summary>
    private static async Task CheckAsync(IGrainFactory grains, string problem, string field)
    {
        var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        var offers = new List<IReadOnlyList<string>>();
        foreach (var host in hosts.Keys)
        {
            try
            {
                offers.Add(await grains.GetGrain<ISiloProblemsGrain>(host.ToParsableString()).GetFamiliesAsync().WaitAsync(Deadline));
            }
            catch (Exception error) when (error is TimeoutException or SiloUnavailableException or OrleansMessageRejectionException)
            {
                // A silo that is going away takes no workers either.
            }
        }

        var everywhere = offers.Count == 0 ? [] : offers.Skip(1).Aggregate(offers[0].AsEnumerable(), (common, offer) => common.Intersect(offer, StringComparer.OrdinalIgnoreCase)).ToList();
        if (everywhere.Contains(problem, StringComparer.OrdinalIgnoreCase))
        {
            return;
        }

        var somewhere = offers.Count(offer => offer.Contains(problem, StringComparer.OrdinalIgnoreCase));
        throw new InvalidSettingException(field, somewhere > 0
            ? $"problem '{problem}' is registered on {somewhere} of the {offers.Count} live silos; every silo must offer it. All of them offer: {string.Join(", ", everywhere)}."
            : $"unknown problem '{problem}'; the live silos offer: {string.Join(", ", everywhere)}.");
    }
}
